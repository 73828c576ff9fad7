import type { Construct } from 'constructs';
import { otelCollectorValues } from './values';
import { SERVICE_ACCOUNTS } from '../../shared/service-accounts';
import { ArgoCdRootApp } from '../argocd-root-app';
import { irsaServiceAccount } from '../chart-values';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

export interface OtelCollectorProps {
  readonly installed: InstalledAddons;
  /** IRSA role of the collector's service account (platform `adotCollector.roleArn`). */
  readonly roleArn: string;
  /** Two replicas with a PodDisruptionBudget. */
  readonly highAvailability: boolean;
  /**
   * ConfigMap (key `relay`) holding the collector configuration, in the collector's namespace.
   * It lives in gitops/platform, so configuration changes are GitOps changes.
   * @default 'otel-collector-config'
   */
  readonly configMapName?: string;
  /**
   * The opentelemetry-collector chart, pinned.
   * @default opentelemetry-collector 0.170.0 (collector 0.158.0) from https://open-telemetry.github.io/opentelemetry-helm-charts
   */
  readonly chart?: HelmChart;
  /**
   * Helm release name; also the name of the Deployment and Service (`fullnameOverride`).
   * @default 'otel-collector'
   */
  readonly releaseName?: string;
}

const DEFAULTS = {
  chart: { repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.170.0' },
  configMapName: 'otel-collector-config',
  releaseName: 'otel-collector',
} satisfies Omit<Required<OtelCollectorProps>, 'installed' | 'roleArn' | 'highAvailability'>;

/** OTLP ports of the chart's Service (`ports.otlp` and `ports.otlp-http`). */
const OTLP_GRPC_PORT = 4317;
const OTLP_HTTP_PORT = 4318;

/**
 * The OpenTelemetry collector as a gateway (ADOT-style: the contrib distribution with the AWS
 * exporters): receives OTLP from the chatbot and exports traces to X-Ray, metrics to CloudWatch
 * (EMF) and logs to CloudWatch Logs, with the IRSA role's permissions.
 */
export class OtelCollector extends HelmAddon {
  /**
   * After the root app, not before Argo CD (where DESIGN.md first put it): the collector's
   * configuration is a GitOps object (gitops/platform, ConfigMap `otel-collector-config`), so its
   * pods can only become ready once Argo CD has synced it. Installed earlier, Helm's readiness wait
   * would hold a release that cannot start until a later release exists: a deadlock, rolled back
   * after the timeout. Here the wait is the gate "GitOps delivered the collector config". The
   * chatbot tolerates a collector that is not up yet (telemetry never blocks chat).
   */
  static override readonly dependencies = [ArgoCdRootApp];

  /** The service account the IRSA role trusts (namespace is {@link namespace}). */
  readonly serviceAccountName: string;
  /** Name of the Service apps send OTLP to. */
  readonly serviceName: string;
  /** ConfigMap the collector reads its configuration from. */
  readonly configMapName: string;
  /** OTLP over HTTP, for `OTEL_EXPORTER_OTLP_ENDPOINT`. */
  readonly otlpHttpEndpoint: string;
  /** OTLP over gRPC. */
  readonly otlpGrpcEndpoint: string;

  constructor(scope: Construct, id: string, props: OtelCollectorProps) {
    const resolved = { ...DEFAULTS, ...props };
    // Namespace and name are not props: the IRSA role's trust policy names exactly this account.
    const account = SERVICE_ACCOUNTS.adotCollector;
    super(scope, id, {
      installed: resolved.installed,
      chart: resolved.chart,
      releaseName: resolved.releaseName,
      namespace: account.namespace,
      values: otelCollectorValues({
        fullName: resolved.releaseName,
        configMapName: resolved.configMapName,
        serviceAccount: irsaServiceAccount(account, resolved.roleArn),
        highAvailability: resolved.highAvailability,
      }),
    });
    this.serviceAccountName = account.name;
    this.serviceName = resolved.releaseName;
    this.configMapName = resolved.configMapName;
    const host = `${this.serviceName}.${account.namespace}.svc.cluster.local`;
    this.otlpHttpEndpoint = `http://${host}:${OTLP_HTTP_PORT}`;
    this.otlpGrpcEndpoint = `http://${host}:${OTLP_GRPC_PORT}`;
  }
}
