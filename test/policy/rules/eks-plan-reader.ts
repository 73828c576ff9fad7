/**
 * The CI plan role reads no Kubernetes Secret (issue 14, point 6). It reaches a cluster two ways,
 * and each has a rule: the EKS access policies associated with its access entry (platform stacks),
 * and the RBAC bound to the Kubernetes groups or users access entries map principals to (add-ons
 * stacks). Together with `helm-release-no-sensitive-values` (Helm's release state, which the plan
 * reads, holds nothing secret) they prove the plan never sees a secret in the cluster.
 */
import { ciRoleName } from '../../../modules/shared/naming';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { blocks, refersTo, referencedIds, resources, strings, type ResourceEntry } from '../terraform-json';

/** `<prefix>-github-plan` ends with this, whatever the prefix. */
const PLAN_ROLE_SUFFIX = ciRoleName('', 'plan');

/** Whether an access entry's principal is a CI plan role (a literal ARN: `ciRoleArn` builds it). */
function isPlanRoleEntry(entry: ResourceEntry): boolean {
  const arn = entry.attrs.principal_arn;
  return typeof arn === 'string' && /^arn:aws[\w-]*:iam::\d{12}:role\//.test(arn) && arn.endsWith(PLAN_ROLE_SUFFIX);
}

/**
 * EKS access policies that leave Secrets out. AmazonEKSViewPolicy is the built-in `view` role;
 * AmazonEKSAdminViewPolicy, AmazonEKSEditPolicy, AmazonEKSAdminPolicy and
 * AmazonEKSClusterAdminPolicy all read Secrets, and a policy not listed here is unknown.
 */
export const SECRETLESS_ACCESS_POLICY_ARNS: readonly string[] = ['arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy'];

export const planAccessPolicies: PolicyRule = {
  id: 'eks-plan-role-no-secrets-access-policy',
  description:
    'The CI plan role\'s EKS access entry is STANDARD and has no access policy that can read Secrets (only AmazonEKSViewPolicy leaves them out); it reads through RBAC for its group',
  check: (stack) =>
    resources(stack.json, 'aws_eks_access_entry')
      .filter(isPlanRoleEntry)
      .flatMap((entry) => {
        const found: Violation[] = [];
        if (entry.attrs.type !== undefined && entry.attrs.type !== 'STANDARD') {
          found.push(violation(planAccessPolicies.id, entry.address, `is of type ${JSON.stringify(entry.attrs.type)}, not STANDARD: the CI plan role must not get node or Fargate permissions`));
        }
        for (const association of resources(stack.json, 'aws_eks_access_policy_association')) {
          if (!refersTo(association.attrs.principal_arn, entry, 'principal_arn')) continue;
          const policy = String(association.attrs.policy_arn);
          if (SECRETLESS_ACCESS_POLICY_ARNS.includes(policy)) continue;
          found.push(
            violation(planAccessPolicies.id, association.address, `gives the CI plan role (${entry.address}) ${policy}, which can read Kubernetes Secrets; bind RBAC without secrets to the entry's kubernetes_groups instead`),
          );
        }
        return found;
      }),
};

const ROLE_TYPES = ['kubernetes_role', 'kubernetes_role_v1', 'kubernetes_cluster_role', 'kubernetes_cluster_role_v1'] as const;
const BINDING_TYPES = ['kubernetes_role_binding', 'kubernetes_role_binding_v1', 'kubernetes_cluster_role_binding', 'kubernetes_cluster_role_binding_v1'] as const;
/** Subjects that are IAM principals (EKS access entries map them to a username and groups). */
const PRINCIPAL_SUBJECT_KINDS = ['Group', 'User'];
const READ_VERBS = ['get', 'list', 'watch'];

/** What is wrong with one RBAC rule given to IAM principals. */
function ruleProblems(rule: Record<string, any>): string[] {
  const problems: string[] = [];
  const groups = strings(rule.api_groups);
  const kinds = strings(rule.resources);
  const verbs = strings(rule.verbs);
  if (kinds.some((k) => k === 'secrets' || k.startsWith('secrets/'))) problems.push(`reads Secrets (resources ${JSON.stringify(kinds)})`);
  const wildcards = [...groups, ...kinds, ...verbs].filter((x) => x === '*' || x.endsWith('/*'));
  if (wildcards.length > 0) problems.push(`uses a wildcard (${JSON.stringify({ api_groups: groups, resources: kinds, verbs })}), which includes Secrets`);
  const writes = verbs.filter((v) => v !== '*' && !READ_VERBS.includes(v));
  if (writes.length > 0) problems.push(`is not read-only (verbs ${writes.join(', ')})`);
  return problems;
}

/** The roles of the stack a binding's role_ref refers to (by reference or by literal name). */
function referencedRoles(stack: StackUnderTest, binding: ResourceEntry): ResourceEntry[] {
  const roleRef = blocks(binding.attrs.role_ref)[0] ?? {};
  return ROLE_TYPES.flatMap((type) => resources(stack.json, type)).filter((role) => {
    if (referencedIds(roleRef.name, role.type).has(role.logicalId)) return true;
    const meta = blocks(role.attrs.metadata)[0] ?? {};
    const sameNamespace = role.type.includes('cluster') || meta.namespace === (blocks(binding.attrs.metadata)[0] ?? {}).namespace;
    return typeof roleRef.name === 'string' && roleRef.name === meta.name && sameNamespace;
  });
}

export const principalRbacWithoutSecrets: PolicyRule = {
  id: 'k8s-principal-rbac-no-secrets',
  description:
    'RBAC bound to IAM principals (Group/User subjects, mapped by EKS access entries) is read-only and never reaches Secrets: no secrets, no wildcards, no aggregation, only roles this stack defines',
  check: (stack) => {
    const found: Violation[] = [];
    for (const binding of BINDING_TYPES.flatMap((type) => resources(stack.json, type))) {
      const principals = blocks(binding.attrs.subject).filter((s) => PRINCIPAL_SUBJECT_KINDS.includes(s.kind)).map((s) => `${s.kind} ${s.name}`);
      if (principals.length === 0) continue;
      const roles = referencedRoles(stack, binding);
      if (roles.length === 0) {
        const roleRef = blocks(binding.attrs.role_ref)[0] ?? {};
        found.push(
          violation(principalRbacWithoutSecrets.id, binding.address, `binds ${principals.join(', ')} to ${roleRef.kind} ${JSON.stringify(roleRef.name)}, which this stack does not define, so nothing proves it leaves Secrets out (the built-in admin, edit and cluster-admin roles read them)`),
        );
      }
      for (const role of roles) {
        if (blocks(role.attrs.aggregation_rule).length > 0) {
          found.push(violation(principalRbacWithoutSecrets.id, role.address, `is bound to ${principals.join(', ')} by ${binding.address} and aggregates other roles' rules, which nothing here can check`));
        }
        for (const problem of blocks(role.attrs.rule).flatMap(ruleProblems)) {
          found.push(violation(principalRbacWithoutSecrets.id, role.address, `is bound to ${principals.join(', ')} by ${binding.address} and has a rule that ${problem}`));
        }
      }
    }
    // RBAC written as raw manifests escapes the checks above: principals' bindings must be typed resources.
    for (const manifest of resources(stack.json, 'kubernetes_manifest')) {
      const object = (manifest.attrs.manifest ?? {}) as Record<string, any>;
      const principals = blocks(object.subjects).filter((s) => PRINCIPAL_SUBJECT_KINDS.includes(s.kind));
      if (/RoleBinding$/.test(String(object.kind)) && principals.length > 0) {
        found.push(violation(principalRbacWithoutSecrets.id, manifest.address, `binds IAM principals through a raw ${object.kind} manifest; use kubernetes_role_binding_v1 so this rule can check the role`));
      }
    }
    return found;
  },
};

export const PLAN_READER_RULES: readonly PolicyRule[] = [planAccessPolicies, principalRbacWithoutSecrets];
