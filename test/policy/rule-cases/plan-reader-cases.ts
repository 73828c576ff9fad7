/** Violating and compliant snippets of the rules that keep Kubernetes Secrets away from the CI plan role. */
import { merge, resource, stackOf, type RuleCase } from './fixtures';
import type { TerraformJson } from '../../support/synth';
import { planAccessPolicies, principalRbacWithoutSecrets } from '../rules/eks-plan-reader';
import { releaseWithoutSensitiveValues } from '../rules/helm-release-values';

const PLAN_ARN = 'arn:aws:iam::111122223333:role/qa-github-plan';
const APPLY_ARN = 'arn:aws:iam::111122223333:role/qa-github-apply-dev';
const POLICY = (name: string) => `arn:aws:eks::aws:cluster-access-policy/${name}`;

const planEntry = (overrides: Record<string, unknown> = {}) =>
  resource('aws_eks_access_entry', 'plan_entry_1', { cluster_name: '${aws_eks_cluster.c.name}', principal_arn: PLAN_ARN, type: 'STANDARD', kubernetes_groups: ['qa-dev-plan-readers'], ...overrides });
const association = (id: string, principalArn: string, policy: string) =>
  resource('aws_eks_access_policy_association', id, { cluster_name: '${aws_eks_cluster.c.name}', principal_arn: principalArn, policy_arn: POLICY(policy), access_scope: { type: 'namespace', namespaces: ['argocd'] } });
/** The apply role as cluster-admin: an admin policy on another principal is no concern of these rules. */
const APPLY_ADMIN: TerraformJson = merge(
  resource('aws_eks_access_entry', 'apply_entry_2', { cluster_name: '${aws_eks_cluster.c.name}', principal_arn: APPLY_ARN, type: 'STANDARD' }),
  association('apply_admin_2', '${aws_eks_access_entry.apply_entry_2.principal_arn}', 'AmazonEKSClusterAdminPolicy'),
);

const GROUP = { api_group: 'rbac.authorization.k8s.io', kind: 'Group', name: 'qa-dev-plan-readers' };
const HELM_STATE_RULE = { api_groups: [''], resources: ['configmaps'], verbs: ['get', 'list'] };
const role = (rules: unknown[], extra: Record<string, unknown> = {}) =>
  resource('kubernetes_role_v1', 'reader_role_3', { metadata: { name: 'qa-dev-plan-readers', namespace: 'argocd' }, rule: rules, ...extra });
const binding = (subject: unknown[], roleRef: Record<string, unknown> = { kind: 'Role', name: '${kubernetes_role_v1.reader_role_3.metadata[0].name}' }) =>
  resource('kubernetes_role_binding_v1', 'reader_binding_4', {
    metadata: { name: 'qa-dev-plan-readers', namespace: 'argocd' },
    role_ref: { api_group: 'rbac.authorization.k8s.io', ...roleRef },
    subject,
  });
const boundToGroup = (rules: unknown[]) => stackOf(merge(role(rules), binding([GROUP])), { name: 'addons-dev', kind: 'other' });

const release = (attrs: Record<string, unknown>) =>
  stackOf(resource('helm_release', 'argo_release_5', { name: 'argo-cd', namespace: 'argocd', chart: 'argo-cd', ...attrs }), { name: 'addons-dev', kind: 'other' });
const values = (document: unknown) => ({ values: [JSON.stringify(document)] });
/** Keys that name or locate a secret, or merely contain "key": none of them holds one. */
const CLEAN_VALUES = values({
  configs: { secret: { createSecret: true }, params: { 'server.insecure': false } },
  redis: { existingSecret: 'argocd-redis' },
  server: { certificateSecret: { enabled: false }, tls: { secretName: 'argocd-server-tls' } },
  topologySpreadConstraints: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['argocd'] }] } }],
  serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': '${data.terraform_remote_state.platform.outputs.role}' } },
});

export const PLAN_READER_CASES: readonly RuleCase[] = [
  {
    rule: planAccessPolicies,
    violates: 'the plan role with AmazonEKSAdminViewPolicy (it reads Secrets)',
    violating: stackOf(merge(planEntry(), association('plan_view_1', '${aws_eks_access_entry.plan_entry_1.principal_arn}', 'AmazonEKSAdminViewPolicy'))),
    address: 'aws_eks_access_policy_association.plan_view_1',
    complies: 'a plan role mapped to a group with no access policy, beside a cluster-admin apply role',
    compliant: stackOf(merge(planEntry(), APPLY_ADMIN)),
  },
  {
    rule: planAccessPolicies,
    violates: 'the plan role named by its literal ARN with AmazonEKSEditPolicy',
    violating: stackOf(merge(planEntry(), association('plan_edit_1', PLAN_ARN, 'AmazonEKSEditPolicy'))),
    address: 'aws_eks_access_policy_association.plan_edit_1',
    complies: 'AmazonEKSViewPolicy (the built-in view role, without Secrets)',
    compliant: stackOf(merge(planEntry(), association('plan_view_1', PLAN_ARN, 'AmazonEKSViewPolicy'))),
  },
  {
    rule: planAccessPolicies,
    violates: 'a plan role entry of type EC2_LINUX',
    violating: stackOf(planEntry({ type: 'EC2_LINUX' })),
    address: 'aws_eks_access_entry.plan_entry_1',
    complies: 'a STANDARD entry',
    compliant: stackOf(planEntry()),
  },
  {
    rule: principalRbacWithoutSecrets,
    violates: 'a Role reading Secrets bound to the plan readers group',
    violating: boundToGroup([HELM_STATE_RULE, { api_groups: [''], resources: ['secrets'], verbs: ['get', 'list'] }]),
    address: 'kubernetes_role_v1.reader_role_3',
    complies: 'the plan reader Role: ConfigMaps, and its own Role and RoleBinding by name',
    compliant: boundToGroup([HELM_STATE_RULE, { api_groups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], resource_names: ['qa-dev-plan-readers'], verbs: ['get'] }]),
  },
  {
    rule: principalRbacWithoutSecrets,
    violates: 'a wildcard resource (it includes Secrets)',
    violating: boundToGroup([{ api_groups: [''], resources: ['*'], verbs: ['get'] }]),
    address: 'kubernetes_role_v1.reader_role_3',
    complies: 'a Role reading Secrets bound only to a ServiceAccount (not an IAM principal)',
    compliant: stackOf(merge(role([{ api_groups: [''], resources: ['secrets'], verbs: ['get'] }]), binding([{ kind: 'ServiceAccount', name: 'controller', namespace: 'argocd' }])), { kind: 'other' }),
  },
  {
    rule: principalRbacWithoutSecrets,
    violates: 'a write verb for the group',
    violating: boundToGroup([{ api_groups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'patch'] }]),
    address: 'kubernetes_role_v1.reader_role_3',
    complies: 'get, list and watch only',
    compliant: boundToGroup([{ api_groups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }]),
  },
  {
    rule: principalRbacWithoutSecrets,
    violates: 'the group bound to the built-in admin ClusterRole, which the stack does not define',
    violating: stackOf(binding([GROUP], { kind: 'ClusterRole', name: 'admin' }), { kind: 'other' }),
    address: 'kubernetes_role_binding_v1.reader_binding_4',
    complies: 'a binding naming, by literal name, a Role of the stack in its namespace',
    compliant: stackOf(merge(role([HELM_STATE_RULE]), binding([GROUP], { kind: 'Role', name: 'qa-dev-plan-readers' })), { kind: 'other' }),
  },
  {
    rule: principalRbacWithoutSecrets,
    violates: 'an aggregated ClusterRole bound to a user',
    violating: stackOf(
      merge(
        resource('kubernetes_cluster_role_v1', 'agg_6', { metadata: { name: 'agg' }, aggregation_rule: { cluster_role_selectors: { match_labels: { 'rbac.example.com/aggregate-to-view': 'true' } } } }),
        resource('kubernetes_cluster_role_binding_v1', 'agg_binding_7', { metadata: { name: 'agg' }, role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: '${kubernetes_cluster_role_v1.agg_6.metadata[0].name}' }, subject: [{ kind: 'User', name: 'plan' }] }),
      ),
      { kind: 'other' },
    ),
    address: 'kubernetes_cluster_role_v1.agg_6',
    complies: 'no RBAC at all',
    compliant: stackOf({ resource: {} }, { kind: 'other' }),
  },
  {
    rule: principalRbacWithoutSecrets,
    violates: 'a RoleBinding for the group written as a raw kubernetes_manifest',
    violating: stackOf(resource('kubernetes_manifest', 'raw_8', { manifest: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x', namespace: 'argocd' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [GROUP] } }), { kind: 'other' }),
    address: 'kubernetes_manifest.raw_8',
    complies: 'a raw manifest that binds nobody',
    compliant: stackOf(resource('kubernetes_manifest', 'raw_8', { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'argocd' }, data: {} } }), { kind: 'other' }),
  },
  {
    rule: releaseWithoutSensitiveValues,
    violates: 'a set_sensitive value',
    violating: release({ ...CLEAN_VALUES, set_sensitive: [{ name: 'configs.secret.argocdServerAdminPassword', value: '${var.admin_password}' }] }),
    address: 'helm_release.argo_release_5',
    complies: 'values whose keys name, locate or merely contain the word key, and a role ARN reference',
    compliant: release(CLEAN_VALUES),
  },
  {
    rule: releaseWithoutSensitiveValues,
    violates: 'a write-only value (kept out of state, not out of the release record)',
    violating: release({ set_wo: [{ name: 'dex.config', value: '${var.dex}' }], set_wo_revision: 1 }),
    address: 'helm_release.argo_release_5',
    complies: 'a plain set of a non-secret key',
    compliant: release({ set: [{ name: 'server.replicas', value: '2' }, { name: 'server.service.type', value: 'ClusterIP' }] }),
  },
  {
    rule: releaseWithoutSensitiveValues,
    violates: 'an admin password in the values (argo-cd renders it into argocd-secret)',
    violating: release(values({ configs: { secret: { argocdServerAdminPassword: '$2a$10$hash' } } })),
    address: 'helm_release.argo_release_5',
    complies: 'an empty admin password (the chart default)',
    compliant: release(values({ configs: { secret: { argocdServerAdminPassword: '' } } })),
  },
  {
    rule: releaseWithoutSensitiveValues,
    violates: 'a TLS private key in YAML values',
    violating: release({ values: ['webhook:\n  tls:\n    crt: abc\n    key: "-----BEGIN PRIVATE KEY-----"\n'] }),
    address: 'helm_release.argo_release_5',
    complies: 'YAML values without secrets',
    compliant: release({ values: ['webhook:\n  tls:\n    secretName: webhook-tls\n'] }),
  },
  {
    rule: releaseWithoutSensitiveValues,
    violates: 'an API token written into a container variable (external-dns CF_API_TOKEN)',
    violating: release(values({ env: [{ name: 'CF_API_TOKEN', value: 'v1.0-0123456789abcdef' }] })),
    address: 'helm_release.argo_release_5',
    complies: 'the same variable taken from a Secret (secretKeyRef name and key only say where it is)',
    compliant: release(values({ env: [{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: 'external-dns-cloudflare', key: 'api-token' } } }] })),
  },
  {
    rule: releaseWithoutSensitiveValues,
    violates: 'a token passed with set, and values read from a file nobody can inspect',
    violating: release({ set: [{ name: 'notifications.secret.items.slack-token', value: 'xoxb-1' }], values: ['${file("values.yaml")}'] }),
    address: 'helm_release.argo_release_5',
    complies: 'a secret-looking set with an empty value',
    compliant: release({ set: [{ name: 'notifications.secret.items.slack-token', value: '' }] }),
  },
];
