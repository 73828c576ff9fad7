import type { Construct } from 'constructs';
import { certManagerValues } from './values';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

export interface CertManagerProps {
  readonly installed: InstalledAddons;
  /** Two replicas of the controller, webhook and cainjector, each with a PodDisruptionBudget. */
  readonly highAvailability: boolean;
  /**
   * The cert-manager chart, pinned.
   * @default cert-manager v1.21.1 from https://charts.jetstack.io
   */
  readonly chart?: HelmChart;
  /**
   * Namespace of cert-manager (created by Helm).
   * @default 'cert-manager'
   */
  readonly namespace?: string;
  /**
   * Helm release name.
   * @default 'cert-manager'
   */
  readonly releaseName?: string;
}

const DEFAULTS = {
  // cert-manager's chart versions carry the "v" prefix of the release tag.
  chart: { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
  namespace: 'cert-manager',
  releaseName: 'cert-manager',
} satisfies Omit<Required<CertManagerProps>, 'installed' | 'highAvailability'>;

/**
 * cert-manager, with its CRDs. Installed first: the load balancer controller's webhook serving
 * certificate is a cert-manager Certificate, so the CRDs must be established and the webhook
 * ready before that chart is applied.
 */
export class CertManager extends HelmAddon {
  constructor(scope: Construct, id: string, props: CertManagerProps) {
    const resolved = { ...DEFAULTS, ...props };
    super(scope, id, {
      installed: resolved.installed,
      chart: resolved.chart,
      releaseName: resolved.releaseName,
      namespace: resolved.namespace,
      values: certManagerValues(resolved.highAvailability),
    });
  }
}
