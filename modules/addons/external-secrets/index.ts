import type { Construct } from 'constructs';
import { externalSecretsValues } from './values';
import { SERVICE_ACCOUNTS } from '../../shared/service-accounts';
import { AwsLoadBalancerController } from '../aws-load-balancer-controller';
import { irsaServiceAccount } from '../chart-values';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

export interface ExternalSecretsProps {
  readonly installed: InstalledAddons;
  /** IRSA role of the controller's service account (platform `externalSecrets.roleArn`). */
  readonly roleArn: string;
  /** Two replicas of the controller, webhook and cert-controller (leader-elected), each with a budget. */
  readonly highAvailability: boolean;
  /**
   * The external-secrets chart, pinned.
   * @default external-secrets 2.9.0 from https://charts.external-secrets.io
   */
  readonly chart?: HelmChart;
  /**
   * Helm release name.
   * @default 'external-secrets'
   */
  readonly releaseName?: string;
}

const DEFAULTS = {
  chart: { repository: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0' },
  releaseName: 'external-secrets',
} satisfies Omit<Required<ExternalSecretsProps>, 'installed' | 'roleArn' | 'highAvailability'>;

/**
 * External Secrets Operator: turns the ExternalSecrets in gitops/ into Secrets from SSM Parameter
 * Store. Installed before Argo CD so its CRDs are established and its webhook answers before the
 * first sync applies a ClusterSecretStore or an ExternalSecret.
 */
export class ExternalSecrets extends HelmAddon {
  static override readonly dependencies = [AwsLoadBalancerController];

  /**
   * The service account the IRSA role trusts (namespace is {@link namespace}); the
   * ClusterSecretStore's `auth.jwt.serviceAccountRef` names it.
   */
  readonly serviceAccountName: string;

  constructor(scope: Construct, id: string, props: ExternalSecretsProps) {
    const resolved = { ...DEFAULTS, ...props };
    // Namespace and name are not props: the IRSA role's trust policy names exactly this account.
    const account = SERVICE_ACCOUNTS.externalSecrets;
    super(scope, id, {
      installed: resolved.installed,
      chart: resolved.chart,
      releaseName: resolved.releaseName,
      namespace: account.namespace,
      values: externalSecretsValues(irsaServiceAccount(account, resolved.roleArn), resolved.highAvailability),
    });
    this.serviceAccountName = account.name;
  }
}
