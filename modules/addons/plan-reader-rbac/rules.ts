/**
 * What a `terraform plan` of the add-ons stack reads in an add-on namespace, as RBAC rules, and why
 * each one is there. Measured from the providers' source (links in docs/addons-and-gitops.md,
 * "The plan role's cluster access"):
 *
 * - helm_release refresh (terraform-provider-helm 3.1.1 `Read` -> `resourceReleaseExists` and
 *   `getRelease` -> Helm 3.18 `action.Get.Run`): `GET /version` (open to every authenticated user,
 *   no rule needed), then `Storage.Last` -> the ConfigMaps driver's `Query`, one LIST of ConfigMaps
 *   in the release namespace with the selector `name=<release>,owner=helm`. Plan's `ModifyPlan`
 *   reads nothing else from the cluster (no dry run unless the `manifest` experiment is on, and
 *   it is off). RBAC cannot narrow a list by label or by the per-revision names, so the rule is
 *   every ConfigMap of the namespace: ConfigMaps hold no secrets by contract, and no release
 *   puts one in its values (policy rule `helm-release-no-sensitive-values`).
 * - The refresh of this RBAC itself (terraform-provider-kubernetes 2.38 `kubernetes_role_v1` and
 *   `kubernetes_role_binding_v1` Read/Exists): one GET of each object by name, so `get` limited
 *   to their own names.
 *
 * Deliberately absent: `secrets` (in any form), `*` in groups, resources or verbs, `watch` (no
 * plan step opens a watch), namespaces and CRDs (neither refresh reads them: the argocd-apps
 * release is refreshed from its ConfigMap like any other), and anything cluster-scoped.
 */

/** One RBAC policy rule, as the kubernetes provider's `rule` block takes it (camelCase). */
export interface RbacRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  /** Set only where a plan reads objects by name. */
  readonly resourceNames?: readonly string[];
  readonly verbs: readonly string[];
}

/** The core API group (ConfigMaps). */
const CORE = '';
const RBAC = 'rbac.authorization.k8s.io';

/**
 * Reads Helm release state kept by the ConfigMaps driver (`HELM_STORAGE_DRIVER`). `list` is what
 * the refresh uses; `get` (one revision by name, `helm get --revision`) discloses nothing `list`
 * does not already return.
 */
export const HELM_RELEASE_STATE_RULE: RbacRule = { apiGroups: [CORE], resources: ['configmaps'], verbs: ['get', 'list'] };

/**
 * The rules of the Role made in each add-on namespace. `objectName` is the name of that Role and
 * of its RoleBinding (both named after the group), the only RBAC objects the plan refreshes.
 */
export function planReaderRules(objectName: string): readonly RbacRule[] {
  return [
    HELM_RELEASE_STATE_RULE,
    { apiGroups: [RBAC], resources: ['roles', 'rolebindings'], resourceNames: [objectName], verbs: ['get'] },
  ];
}
