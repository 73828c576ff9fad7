/**
 * Values of the opentelemetry-collector chart (open-telemetry/opentelemetry-helm-charts
 * `charts/opentelemetry-collector`), typed to the keys this project sets. Keys follow the chart's
 * values.yaml exactly; anything not listed keeps the chart default.
 */
import { type DisruptionBudgetValues, type IrsaServiceAccountValues, disruptionBudgetFor, replicasFor } from '../chart-values';

/** The collector distribution with the AWS exporters (awsxray, awsemf, awscloudwatchlogs). */
export const CONTRIB_IMAGE_REPOSITORY = 'ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib';
/** The contrib image's binary: the chart runs `/<command.name>`. */
export const CONTRIB_COMMAND = 'otelcol-contrib';
/** The non-root user the collector images are built with. */
const COLLECTOR_UID = 10001;

/** Receivers the chart opens ports for by default but the gateway does not run (OTLP only). */
export const UNUSED_PORTS = ['jaeger-compact', 'jaeger-thrift', 'jaeger-grpc', 'zipkin'] as const;

export interface OtelCollectorValues {
  readonly mode: 'deployment';
  /** Names the Deployment and Service exactly (`otel-collector`), not `<release>-opentelemetry-collector`. */
  readonly fullnameOverride: string;
  readonly image: { readonly repository: string };
  readonly command: { readonly name: string };
  /** The configuration comes from a ConfigMap managed elsewhere (key `relay`), not from the chart. */
  readonly configMap: { readonly create: false; readonly existingName: string };
  readonly serviceAccount: IrsaServiceAccountValues;
  readonly replicaCount: number;
  readonly podDisruptionBudget: DisruptionBudgetValues;
  readonly ports: { readonly [port in (typeof UNUSED_PORTS)[number]]: { readonly enabled: false } };
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly securityContext: {
    readonly allowPrivilegeEscalation: false;
    readonly readOnlyRootFilesystem: true;
    readonly capabilities: { readonly drop: readonly ['ALL'] };
  };
}

export interface OtelCollectorValuesInput {
  readonly fullName: string;
  readonly configMapName: string;
  readonly serviceAccount: IrsaServiceAccountValues;
  readonly highAvailability: boolean;
}

/**
 * Gateway collector values: one Deployment (not a DaemonSet) behind a ClusterIP Service that apps
 * send OTLP to. The pods meet the `restricted` Pod Security profile, which the `opentelemetry`
 * namespace enforces. The memory limit also sets GOMEMLIMIT (the chart's `useGOMEMLIMIT`, on by
 * default), so the memory_limiter in the collector configuration acts before the kernel kills it.
 */
export function otelCollectorValues(input: OtelCollectorValuesInput): OtelCollectorValues {
  return {
    mode: 'deployment',
    fullnameOverride: input.fullName,
    image: { repository: CONTRIB_IMAGE_REPOSITORY },
    command: { name: CONTRIB_COMMAND },
    configMap: { create: false, existingName: input.configMapName },
    serviceAccount: input.serviceAccount,
    replicaCount: replicasFor(input.highAvailability),
    podDisruptionBudget: disruptionBudgetFor(input.highAvailability),
    ports: { 'jaeger-compact': { enabled: false }, 'jaeger-thrift': { enabled: false }, 'jaeger-grpc': { enabled: false }, 'zipkin': { enabled: false } },
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    podSecurityContext: { runAsNonRoot: true, runAsUser: COLLECTOR_UID, runAsGroup: COLLECTOR_UID, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
  };
}
