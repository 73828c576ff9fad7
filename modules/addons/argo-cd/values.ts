/**
 * Values of the argo-cd chart (argo-helm `charts/argo-cd`), typed to the keys this project sets.
 * Keys follow the chart's values.yaml exactly; anything not listed keeps the chart default.
 */
import { type DisruptionBudgetValues, disruptionBudgetFor, replicasFor } from '../chart-values';

/** The chart's per-component `pdb:` block has the same shape as the other charts' `podDisruptionBudget:`. */
export type ArgoCdPdbValues = DisruptionBudgetValues;

/** A replicated component (server, repo server, ApplicationSet controller). */
export interface ArgoCdComponentValues {
  readonly replicas: number;
  readonly pdb: ArgoCdPdbValues;
}

/** argocd-cm key of the health check Argo CD runs for resources of kind `argoproj.io/Application`. */
export const APPLICATION_HEALTH_KEY = 'resource.customizations.health.argoproj.io_Application';

/**
 * An Application is as healthy as what it deployed. Argo CD made this check opt-in in 1.8
 * (https://argo-cd.readthedocs.io/en/stable/operator-manual/upgrading/1.7-1.8/#health-assessment-of-argoprojioapplication-crd-has-been-removed),
 * so without it a child Application counts as healthy the moment it exists, and the app-of-apps'
 * sync waves (platform-<env> before chatbot-<env>) would not wait for anything.
 */
export const APPLICATION_HEALTH_LUA = [
  'hs = {}',
  'hs.status = "Progressing"',
  'hs.message = ""',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  if obj.status.health.message ~= nil then',
  '    hs.message = obj.status.health.message',
  '  end',
  'end',
  'return hs',
  '',
].join('\n');

export interface ArgoCdValues {
  readonly 'configs': {
    /** `argocd-cm`: keys are merged into the ConfigMap's data. */
    readonly cm: { readonly [APPLICATION_HEALTH_KEY]: string };
    /** `argocd-cmd-params-cm`: keys are Argo CD flag names, dots included. */
    readonly params: { readonly 'server.insecure': boolean };
  };
  readonly 'dex': { readonly enabled: boolean };
  readonly 'controller': {
    readonly replicas: number;
    /** Cluster sharding across controller replicas; pointless with one replica and one cluster. */
    readonly dynamicClusterDistribution: boolean;
  };
  readonly 'server': ArgoCdComponentValues & { readonly service: { readonly type: 'ClusterIP' } };
  readonly 'repoServer': ArgoCdComponentValues;
  readonly 'applicationSet': ArgoCdComponentValues;
  readonly 'redis-ha': { readonly enabled: boolean };
}

/**
 * Argo CD values: the API server is reachable only inside the cluster (ClusterIP; users
 * port-forward, see docs/addons-and-gitops.md), it keeps serving TLS itself, and no admin password
 * is set here: Argo CD generates `argocd-initial-admin-secret` in the cluster, so no credential
 * ever lands in Terraform state. Dex (the SSO connector) is off until SSO is configured: one
 * component less to run and patch. With `highAvailability`, the chart's documented "HA mode
 * without autoscaling": redis-ha (three Redis pods with hard anti-affinity, so it needs three
 * nodes — prod has them), two replicas of every stateless component with a PDB each, and a single
 * application controller (one cluster to manage, so sharding would add nothing).
 */
export function argoCdValues(highAvailability: boolean): ArgoCdValues {
  const component: ArgoCdComponentValues = {
    replicas: replicasFor(highAvailability),
    pdb: disruptionBudgetFor(highAvailability),
  };
  return {
    'configs': {
      cm: { [APPLICATION_HEALTH_KEY]: APPLICATION_HEALTH_LUA },
      params: { 'server.insecure': false },
    },
    'dex': { enabled: false },
    // One replica even in HA (no PDB: with one pod it would block node drains); a brief controller
    // restart only delays syncs, it never touches running workloads.
    'controller': { replicas: 1, dynamicClusterDistribution: false },
    'server': { ...component, service: { type: 'ClusterIP' } },
    'repoServer': component,
    'applicationSet': component,
    'redis-ha': { enabled: highAvailability },
  };
}
