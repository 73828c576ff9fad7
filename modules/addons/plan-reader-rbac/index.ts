import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { Construct } from 'constructs';
import { planReaderRules } from './rules';
import type { HelmAddon } from '../helm-addon';

/**
 * The plan role's side of the contract, as the platform's `cluster.planAccess` (an EKS access
 * entry mapping the role to `kubernetesGroup`) exposes it.
 */
export interface PlanReaderGrant {
  /** The Kubernetes group the plan role is mapped to, e.g. `qa-dev-plan-readers`. */
  readonly kubernetesGroup: string;
  /** The namespaces the group may be bound in (`ADDON_RELEASE_NAMESPACES`). */
  readonly namespaces: readonly string[];
}

export interface PlanReaderRbacProps {
  readonly grant: PlanReaderGrant;
  /** Every add-on of the stack: one Role and RoleBinding per namespace they install into. */
  readonly addons: readonly HelmAddon[];
}

/** Labels on every object made here, so `kubectl get roles -A -l ...` finds them. */
export const PLAN_READER_LABELS = {
  'app.kubernetes.io/managed-by': 'terraform',
  'app.kubernetes.io/component': 'ci-plan-reader',
} as const;

/** The Role and RoleBinding of one namespace. */
export interface NamespacePlanReader {
  readonly namespace: string;
  readonly role: RoleV1;
  readonly binding: RoleBindingV1;
}

/**
 * What the CI plan role may read in the cluster: in each add-on namespace, a Role with the rules of
 * `planReaderRules` (Helm release state in ConfigMaps, and these objects themselves), bound to the
 * plan role's group. Namespaced Roles rather than one ClusterRole: a ClusterRole and the binding
 * that lets the plan refresh it are cluster-scoped, so the plan would need a ClusterRoleBinding
 * only to read its own grant; with Roles, nothing the plan reads is cluster-wide.
 *
 * Made by the deploy role (cluster-admin) when it applies the add-ons stack. Until then the plan
 * role is in its group but the group may read nothing, and a plan of the stack fails with
 * `Forbidden` the way it fails before the cluster exists (docs/addons-and-gitops.md).
 */
export class PlanReaderRbac extends Construct {
  readonly kubernetesGroup: string;
  /** One entry per namespace, sorted by namespace. */
  readonly namespaces: readonly NamespacePlanReader[];

  constructor(scope: Construct, id: string, props: PlanReaderRbacProps) {
    super(scope, id);
    const { grant, addons } = props;
    this.kubernetesGroup = grant.kubernetesGroup;
    const byNamespace = new Map<string, HelmAddon[]>();
    for (const addon of addons) {
      if (!grant.namespaces.includes(addon.namespace)) {
        throw new Error(
          `PlanReaderRbac: the release "${addon.releaseName}" installs into namespace "${addon.namespace}", which the CI plan role may not read ` +
            `(it may read ${grant.namespaces.join(', ')}): add "${addon.namespace}" to ADDON_RELEASE_NAMESPACES in modules/shared/addon-namespaces.ts`,
        );
      }
      byNamespace.set(addon.namespace, [...(byNamespace.get(addon.namespace) ?? []), addon]);
    }
    const name = grant.kubernetesGroup;
    this.namespaces = [...byNamespace.keys()].sort().map((namespace) => {
      const metadata = { name, namespace, labels: { ...PLAN_READER_LABELS } };
      const role = new RoleV1(this, `role-${namespace}`, {
        metadata,
        rule: planReaderRules(name).map((r) => ({
          apiGroups: [...r.apiGroups],
          resources: [...r.resources],
          resourceNames: r.resourceNames === undefined ? undefined : [...r.resourceNames],
          verbs: [...r.verbs],
        })),
        // Helm creates the namespace with the first release installed into it (kube-system
        // exists already); the Role waits for the releases of its namespace.
        dependsOn: byNamespace.get(namespace)!.map((addon) => addon.release),
      });
      const binding = new RoleBindingV1(this, `binding-${namespace}`, {
        metadata,
        // A reference, so the binding waits for its Role and always names one made here.
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
        subject: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: grant.kubernetesGroup }],
      });
      return { namespace, role, binding };
    });
  }
}
