/**
 * What each Application actually deploys (the rendered root its source.path names) must be allowed
 * by its AppProject: Argo CD refuses to sync anything else, and for the `apps` project this proves
 * from the real manifests, not just from the project's settings, that no cluster-scoped object ships.
 */
import { type GitopsRule, type GitopsViolation, ofKind, violation } from '../gitops-rule';
import { destinationAllows, globMatch } from './argo-rules';
import type { KubernetesObject } from '../render';

/** Cluster-scoped kinds gitops/ might render (Argo CD asks the API server; the tests cannot). */
export const CLUSTER_SCOPED_KINDS = new Set([
  'APIService', 'ClusterExternalSecret', 'ClusterIssuer', 'ClusterRole', 'ClusterRoleBinding', 'ClusterSecretStore', 'CSIDriver',
  'CustomResourceDefinition', 'IngressClass', 'MutatingWebhookConfiguration', 'Namespace', 'PersistentVolume', 'PriorityClass',
  'RuntimeClass', 'StorageClass', 'ValidatingWebhookConfiguration',
  // Karpenter's (scope: Cluster in test/fixtures/karpenter/<version>/, checked by test/gitops/karpenter.test.ts).
  'EC2NodeClass', 'NodeClaim', 'NodeOverlay', 'NodePool',
]);

interface GroupKind {
  readonly group?: string;
  readonly kind?: string;
}

const groupOf = (o: KubernetesObject) => ((o.apiVersion ?? '').includes('/') ? (o.apiVersion ?? '').split('/')[0] : '');
const listed = (list: readonly GroupKind[], group: string, kind: string) => list.some((e) => globMatch(e.group ?? '', group) && globMatch(e.kind ?? '', kind));

/** Why `project` refuses `object` (deployed with default namespace `namespace`), or undefined. */
function refusal(project: any, object: KubernetesObject, namespace: string | undefined): string | undefined {
  const group = groupOf(object);
  const kind = object.kind ?? '';
  const gk = `${group || 'core'}/${kind}`;
  if (CLUSTER_SCOPED_KINDS.has(kind)) {
    if (!listed(project.clusterResourceWhitelist ?? [], group, kind)) return `cluster-scoped ${gk} is not in clusterResourceWhitelist`;
    if (listed(project.clusterResourceBlacklist ?? [], group, kind)) return `cluster-scoped ${gk} is in clusterResourceBlacklist`;
    return undefined;
  }
  // Absent means every namespaced kind; a list (even an empty one) admits only what it names.
  if (Array.isArray(project.namespaceResourceWhitelist) && !listed(project.namespaceResourceWhitelist, group, kind)) return `${gk} is not in namespaceResourceWhitelist`;
  if (listed(project.namespaceResourceBlacklist ?? [], group, kind)) return `${gk} is in namespaceResourceBlacklist`;
  const ns = object.metadata?.namespace ?? namespace;
  if (!ns || !destinationAllows(project.destinations, ns)) return `namespace ${ns ?? '(none)'} is not among the destinations`;
  return undefined;
}

export const applicationResourcesPermitted: GitopsRule = {
  id: 'application-resources-permitted',
  description: 'every object an Application deploys is a kind, scope and namespace its AppProject permits',
  check(objects) {
    const projects = new Map(ofKind(objects, 'AppProject', 'argoproj.io').map((p) => [p.object.metadata?.name, p.object.spec ?? {}]));
    const found: GitopsViolation[] = [];
    for (const app of ofKind(objects, 'Application', 'argoproj.io')) {
      const projectName = app.object.spec?.project;
      const project = projects.get(projectName);
      if (!project) continue; // application-project reports it
      const sourcePath = String(app.object.spec?.source?.path ?? '').replace(/\/+$/, '');
      const deployed = objects.filter((o) => o.directory === sourcePath);
      if (deployed.length === 0) {
        found.push(violation(this.id, app, `source.path ${sourcePath || '(none)'} is not a rendered kustomization root of this environment`));
        continue;
      }
      for (const o of deployed) {
        const why = refusal(project, o.object, app.object.spec?.destination?.namespace);
        if (why) found.push(violation(this.id, o, `deployed by Application ${app.object.metadata?.name}, but project ${projectName} refuses it: ${why}`));
      }
    }
    return found;
  },
};
