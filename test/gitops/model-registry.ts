/**
 * apiVersion + kind -> the kubernetes-models class that validates it (the OpenAPI schema of the
 * Kubernetes API, and the CRD schemas of Argo CD, External Secrets and cert-manager). A kind without
 * a model is an error, never skipped: an object nobody checks is how typos reach the cluster.
 *
 * The model packages are ES modules only (their `exports` have no `require` condition) while the
 * tests run as CommonJS, so they are loaded with dynamic `import()`, once, by `loadModelRegistry()`.
 */
import { crdModel } from './crd-model';
import { describeObject, type RenderedObject } from './render';
import { KARPENTER_VERSION } from '../../modules/addons/karpenter';

/**
 * A kubernetes-models class: `new Model(data).validate()` throws when `data` breaks the schema.
 * Instances are typed `unknown` because this project's CommonJS module resolution cannot see the
 * ESM-only `@kubernetes-models/base` types that declare `validate()`; `validateObject` narrows.
 */
export type ModelClass = new (data?: any) => unknown;

interface Validatable {
  validate(): void;
}

type ModelLoader = () => Promise<ModelClass>;

/** Every kind gitops/ may use, keyed `apiVersion/kind`. Add a line here when gitops/ needs a new kind. */
const MODEL_LOADERS: Readonly<Record<string, ModelLoader>> = {
  'v1/ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'v1/LimitRange': async () => (await import('kubernetes-models/v1/LimitRange')).LimitRange,
  'v1/Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'v1/PersistentVolumeClaim': async () => (await import('kubernetes-models/v1/PersistentVolumeClaim')).PersistentVolumeClaim,
  'v1/Pod': async () => (await import('kubernetes-models/v1/Pod')).Pod,
  'v1/ResourceQuota': async () => (await import('kubernetes-models/v1/ResourceQuota')).ResourceQuota,
  'v1/Secret': async () => (await import('kubernetes-models/v1/Secret')).Secret,
  'v1/Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'v1/ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'apps/v1/DaemonSet': async () => (await import('kubernetes-models/apps/v1/DaemonSet')).DaemonSet,
  'apps/v1/Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'apps/v1/StatefulSet': async () => (await import('kubernetes-models/apps/v1/StatefulSet')).StatefulSet,
  'batch/v1/CronJob': async () => (await import('kubernetes-models/batch/v1/CronJob')).CronJob,
  'batch/v1/Job': async () => (await import('kubernetes-models/batch/v1/Job')).Job,
  'autoscaling/v2/HorizontalPodAutoscaler': async () => (await import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': async () => (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': async () => (await import('kubernetes-models/networking.k8s.io/v1/Ingress')).Ingress,
  'networking.k8s.io/v1/IngressClass': async () => (await import('kubernetes-models/networking.k8s.io/v1/IngressClass')).IngressClass,
  'networking.k8s.io/v1/NetworkPolicy': async () => (await import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy')).NetworkPolicy,
  'rbac.authorization.k8s.io/v1/ClusterRole': async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole')).ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding')).ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/Role')).Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': async () => (await import('kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding')).RoleBinding,
  'argoproj.io/v1alpha1/Application': async () => (await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application')).Application,
  'argoproj.io/v1alpha1/AppProject': async () => (await import('@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject')).AppProject,
  'external-secrets.io/v1/ClusterSecretStore': async () => (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore')).ClusterSecretStore,
  'external-secrets.io/v1/ExternalSecret': async () => (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret')).ExternalSecret,
  'external-secrets.io/v1/SecretStore': async () => (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore')).SecretStore,
  'cert-manager.io/v1/Certificate': async () => (await import('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate')).Certificate,
  'cert-manager.io/v1/ClusterIssuer': async () => (await import('@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer')).ClusterIssuer,
  'cert-manager.io/v1/Issuer': async () => (await import('@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer')).Issuer,
  // Karpenter's CRDs at the pinned chart's version (test/fixtures/karpenter/v<version>/, see crd-model.ts).
  'karpenter.sh/v1/NodePool': async () => crdModel(`karpenter/v${KARPENTER_VERSION}/karpenter.sh_nodepools.yaml`, 'v1'),
  'karpenter.k8s.aws/v1/EC2NodeClass': async () => crdModel(`karpenter/v${KARPENTER_VERSION}/karpenter.k8s.aws_ec2nodeclasses.yaml`, 'v1'),
};

/** The loaded models. */
export interface ModelRegistry {
  /** Every `apiVersion/kind` that has a model. */
  readonly kinds: readonly string[];
  /** The model of `apiVersion/kind`, or undefined when there is none. */
  modelFor(apiVersion: string | undefined, kind: string | undefined): ModelClass | undefined;
}

/** Import every model once (dynamic imports: see the file comment). */
export async function loadModelRegistry(): Promise<ModelRegistry> {
  const entries = await Promise.all(Object.entries(MODEL_LOADERS).map(async ([key, load]) => [key, await load()] as const));
  const models = new Map(entries);
  return {
    kinds: [...models.keys()],
    modelFor: (apiVersion, kind) => models.get(`${apiVersion}/${kind}`),
  };
}

/** One ajv error as kubernetes-models reports it. */
interface SchemaError {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

function schemaMessage(error: unknown): string {
  const errors = (error as { errors?: SchemaError[] }).errors;
  if (!Array.isArray(errors) || errors.length === 0) return (error as Error).message;
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? JSON.stringify(e.params)}`).join('; ');
}

/**
 * What is wrong with one rendered object, as `file: Kind namespace/name: problem` — or undefined
 * when it validates. An unknown apiVersion/kind is a problem too.
 */
export function validateObject(registry: ModelRegistry, rendered: RenderedObject): string | undefined {
  const { apiVersion, kind } = rendered.object;
  const where = `${rendered.file}: ${describeObject(rendered.object)}`;
  if (!apiVersion || !kind) return `${where}: has no apiVersion or kind`;
  const Model = registry.modelFor(apiVersion, kind);
  if (!Model) {
    return `${where}: unknown kind ${apiVersion}/${kind}: no kubernetes-models schema to validate it against (add it to test/gitops/model-registry.ts, or fix the apiVersion)`;
  }
  try {
    (new Model(rendered.object) as Validatable).validate();
    return undefined;
  } catch (e) {
    return `${where}: ${schemaMessage(e)}`;
  }
}
