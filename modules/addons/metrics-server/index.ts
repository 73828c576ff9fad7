import type { Construct } from 'constructs';
import { metricsServerValues } from './values';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

export interface MetricsServerProps {
  readonly installed: InstalledAddons;
  /** Two replicas with a PodDisruptionBudget. */
  readonly highAvailability: boolean;
  /**
   * The metrics-server chart, pinned.
   * @default metrics-server 3.13.1 (metrics-server 0.8.1) from https://kubernetes-sigs.github.io/metrics-server/
   */
  readonly chart?: HelmChart;
  /**
   * Namespace; kube-system, where the resource metrics API is conventionally served from.
   * @default 'kube-system'
   */
  readonly namespace?: string;
  /**
   * Helm release name.
   * @default 'metrics-server'
   */
  readonly releaseName?: string;
}

const DEFAULTS = {
  chart: { repository: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1' },
  namespace: 'kube-system',
  releaseName: 'metrics-server',
} satisfies Omit<Required<MetricsServerProps>, 'installed' | 'highAvailability'>;

/**
 * metrics-server: the resource metrics API behind `kubectl top` and the chatbot's
 * HorizontalPodAutoscaler. It needs nothing else installed, so it has no dependency and Terraform
 * installs it alongside the chain.
 */
export class MetricsServer extends HelmAddon {
  constructor(scope: Construct, id: string, props: MetricsServerProps) {
    const resolved = { ...DEFAULTS, ...props };
    super(scope, id, {
      installed: resolved.installed,
      chart: resolved.chart,
      releaseName: resolved.releaseName,
      namespace: resolved.namespace,
      // kube-system always exists; any other namespace is created.
      createNamespace: resolved.namespace !== 'kube-system',
      values: metricsServerValues(resolved.highAvailability),
    });
  }
}
