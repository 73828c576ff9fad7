import type { Construct } from 'constructs';
import { argoCdValues } from './values';
import { ExternalSecrets } from '../external-secrets';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

export interface ArgoCdProps {
  readonly installed: InstalledAddons;
  /**
   * Run the HA layout (redis-ha, two replicas and a PDB per stateless component). Needs at least
   * three nodes for redis-ha's hard anti-affinity.
   */
  readonly highAvailability: boolean;
  /**
   * The argo-cd chart, pinned.
   * @default argo-cd 8.6.4 (Argo CD v3.1.8) from https://argoproj.github.io/argo-helm
   */
  readonly chart?: HelmChart;
  /**
   * Namespace of Argo CD; the root application (argocd-apps chart) is installed here too.
   * @default 'argocd'
   */
  readonly namespace?: string;
  /**
   * Helm release name. The chart names its objects after it (`argo-cd` gives `argo-cd-server`).
   * @default 'argo-cd'
   */
  readonly releaseName?: string;
  /**
   * Optional controllers that act on what Argo CD syncs (external-dns on the chatbot's Ingress):
   * installed before Argo CD and, on destroy, removed after it, so they still run while the root
   * app's cascade deletes those objects.
   * @default []
   */
  readonly syncedResourceControllers?: readonly HelmAddon[];
}

const DEFAULTS = {
  chart: { repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.6.4' },
  namespace: 'argocd',
  releaseName: 'argo-cd',
} satisfies Omit<Required<ArgoCdProps>, 'installed' | 'highAvailability' | 'syncedResourceControllers'>;

/**
 * Argo CD, the GitOps engine that pulls gitops/ into the cluster. Installed after the controllers
 * whose resources it syncs (Ingresses need the load balancer controller, ExternalSecrets need
 * External Secrets), so on destroy everything it created is removed (root app first) while they
 * still run. The collector comes after the root app: its configuration is one of the synced objects.
 */
export class ArgoCd extends HelmAddon {
  static override readonly dependencies = [ExternalSecrets];

  /** The API/UI Service (ClusterIP): `kubectl -n <namespace> port-forward svc/<serverServiceName> 8080:443`. */
  readonly serverServiceName: string;

  constructor(scope: Construct, id: string, props: ArgoCdProps) {
    const resolved = { ...DEFAULTS, ...props };
    super(scope, id, {
      installed: resolved.installed,
      chart: resolved.chart,
      releaseName: resolved.releaseName,
      namespace: resolved.namespace,
      values: argoCdValues(resolved.highAvailability),
      after: resolved.syncedResourceControllers ?? [],
    });
    this.serverServiceName = `${chartFullname(resolved.releaseName, resolved.chart.chart)}-server`;
  }
}

/** The chart's `argo-cd.fullname` helper: the release name alone when it already contains the chart name. */
function chartFullname(releaseName: string, chartName: string): string {
  const name = releaseName.includes(chartName) ? releaseName : `${releaseName}-${chartName}`;
  return name.slice(0, 63).replace(/-+$/, '');
}
