/**
 * The contract of the gitops policy: a rule looks at the rendered objects of one environment (every
 * root kustomization of it together, as ArgoCD applies them) and returns what it finds wrong, each
 * message naming the file and the object. Rules never throw on odd input; they report it.
 */
import { locate, type KubernetesObject, type RenderedObject } from './render';

export interface GitopsViolation {
  /** Id of the rule that found it. */
  readonly rule: string;
  /** `file: Kind namespace/name` of the offending object. */
  readonly object: string;
  /** What is wrong, starting with `object`. */
  readonly message: string;
}

export interface GitopsRule {
  /** Short kebab-case id, e.g. `image-pinned`. */
  readonly id: string;
  readonly description: string;
  check(objects: readonly RenderedObject[]): GitopsViolation[];
}

/** A violation of `rule` by `rendered`; the message always names the object. */
export function violation(rule: string, rendered: RenderedObject, problem: string): GitopsViolation {
  const object = locate(rendered);
  return { rule, object, message: `${object}: ${problem}` };
}

/** Objects of one kind (and apiVersion group, when given). */
export function ofKind(objects: readonly RenderedObject[], kind: string, group?: string): RenderedObject[] {
  return objects.filter((o) => o.object.kind === kind && (group === undefined || (o.object.apiVersion ?? '').startsWith(`${group}/`)));
}

/** Namespaces whose pods are the platform's own (ArgoCD, EKS system add-ons), not application pods. */
export const SYSTEM_NAMESPACES: readonly string[] = ['argocd', 'kube-system'];

/** Where each workload kind keeps its pod spec. */
const POD_SPEC_OF: Readonly<Record<string, (o: KubernetesObject) => any>> = {
  Pod: (o) => o.spec,
  Deployment: (o) => o.spec?.template?.spec,
  StatefulSet: (o) => o.spec?.template?.spec,
  DaemonSet: (o) => o.spec?.template?.spec,
  ReplicaSet: (o) => o.spec?.template?.spec,
  Job: (o) => o.spec?.template?.spec,
  CronJob: (o) => o.spec?.jobTemplate?.spec?.template?.spec,
};

/** A workload and its pod spec (`{}` when the workload has none, so rules report what is missing). */
export interface PodWorkload {
  readonly rendered: RenderedObject;
  readonly spec: any;
}

/** Every workload (Deployment, StatefulSet, ..., Pod) among `objects`. */
export function workloads(objects: readonly RenderedObject[]): PodWorkload[] {
  return objects.flatMap((rendered) => {
    const specOf = POD_SPEC_OF[rendered.object.kind ?? ''];
    return specOf ? [{ rendered, spec: specOf(rendered.object) ?? {} }] : [];
  });
}

/** Workloads outside the system namespaces: these must meet the restricted profile. */
export function appWorkloads(objects: readonly RenderedObject[]): PodWorkload[] {
  return workloads(objects).filter((w) => !SYSTEM_NAMESPACES.includes(w.rendered.object.metadata?.namespace ?? ''));
}

/** A container of a pod spec, labelled for messages (`container chatbot`, `initContainer migrate`). */
export interface LabelledContainer {
  readonly label: string;
  readonly container: any;
}

/** The containers of a pod spec; `init` adds init and ephemeral containers. */
export function containersOf(spec: any, init = true): LabelledContainer[] {
  const lists: Array<[string, unknown]> = [['container', spec?.containers]];
  if (init) lists.push(['initContainer', spec?.initContainers], ['ephemeralContainer', spec?.ephemeralContainers]);
  return lists.flatMap(([kind, list]) => (Array.isArray(list) ? list : []).map((c: any) => ({ label: `${kind} ${c?.name ?? '<unnamed>'}`, container: c })));
}
