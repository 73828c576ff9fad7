/**
 * The Roles and RoleBindings a stack synthesizes (kubernetes provider `*_v1` resources), turned back
 * into the Kubernetes objects the provider will create, so tests can read them as Kubernetes does
 * and validate them against the API schema (kubernetes-models).
 */
import { type TerraformJson, resourcesOf } from '../../support/synth';

export interface RbacPolicyRule {
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
  verbs: string[];
}

export interface RoleObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'Role';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  rules: RbacPolicyRule[];
  /** Terraform: logical id and depends_on. */
  logicalId: string;
  dependsOn: string[];
}

export interface RoleBindingObject {
  apiVersion: 'rbac.authorization.k8s.io/v1';
  kind: 'RoleBinding';
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  roleRef: { apiGroup: string; kind: string; name: string };
  subjects: Array<{ apiGroup?: string; kind: string; name: string; namespace?: string }>;
  /** Terraform: the Role of the stack `roleRef.name` refers to, if it is a reference. */
  roleRefLogicalId?: string;
}

function list<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function rolesOf(json: TerraformJson): RoleObject[] {
  return Object.entries(resourcesOf(json, 'kubernetes_role_v1')).map(([logicalId, r]) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: r.metadata.name, namespace: r.metadata.namespace, labels: r.metadata.labels },
    rules: list<Record<string, any>>(r.rule).map((rule) => ({
      apiGroups: rule.api_groups,
      resources: rule.resources,
      ...(rule.resource_names === undefined ? {} : { resourceNames: rule.resource_names }),
      verbs: rule.verbs,
    })),
    logicalId,
    dependsOn: r.depends_on ?? [],
  }));
}

/** RoleBindings, with a `roleRef.name` that refers to a Role of the stack resolved to its name. */
export function roleBindingsOf(json: TerraformJson): RoleBindingObject[] {
  const roles = resourcesOf(json, 'kubernetes_role_v1');
  return Object.values(resourcesOf(json, 'kubernetes_role_binding_v1')).map((b) => {
    const ref = /^\$\{kubernetes_role_v1\.([\w-]+)\.metadata\[0\]\.name\}$/.exec(b.role_ref.name);
    const roleRefLogicalId = ref?.[1];
    const name = roleRefLogicalId === undefined ? b.role_ref.name : roles[roleRefLogicalId]?.metadata.name;
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: b.metadata.name, namespace: b.metadata.namespace, labels: b.metadata.labels },
      roleRef: { apiGroup: b.role_ref.api_group, kind: b.role_ref.kind, name },
      subjects: list<Record<string, any>>(b.subject).map((s) => ({ apiGroup: s.api_group, kind: s.kind, name: s.name, namespace: s.namespace })),
      roleRefLogicalId,
    };
  });
}

/** The object without the Terraform-only fields, as the API server receives it. */
export function asKubernetesObject(object: RoleObject | RoleBindingObject): Record<string, unknown> {
  const k8s: Record<string, unknown> = JSON.parse(JSON.stringify(object));
  for (const terraformOnly of ['logicalId', 'dependsOn', 'roleRefLogicalId']) delete k8s[terraformOnly];
  return k8s;
}

/** kubernetes-models instances: `validate()` is declared in ESM-only base types this CommonJS build cannot see. */
interface Validatable {
  validate(): void;
}

/** Validate against the Kubernetes OpenAPI schema (kubernetes-models is ESM only: dynamic import). */
export async function schemaProblems(objects: ReadonlyArray<RoleObject | RoleBindingObject>): Promise<string[]> {
  const { Role } = await import('kubernetes-models/rbac.authorization.k8s.io/v1/Role');
  const { RoleBinding } = await import('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding');
  const problems: string[] = [];
  for (const object of objects) {
    const k8s = asKubernetesObject(object);
    try {
      const model = object.kind === 'Role' ? new Role(k8s as any) : new RoleBinding(k8s as any);
      (model as unknown as Validatable).validate();
    } catch (e) {
      problems.push(`${object.kind} ${object.metadata.namespace}/${object.metadata.name}: ${(e as Error).message} ${JSON.stringify((e as any).errors ?? '')}`);
    }
  }
  return problems;
}
