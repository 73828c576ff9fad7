/**
 * Values of the external-dns chart (kubernetes-sigs/external-dns `charts/external-dns`), typed to
 * the keys this project sets. Keys follow the chart's values.yaml exactly; every value is checked
 * against the pinned chart's values.yaml and values.schema.json, kept in
 * test/fixtures/charts/external-dns/<version>/ (test/modules/addons/external-dns.test.ts).
 */
import { IRSA_ROLE_ANNOTATION } from '../chart-values';

/** `sync` deletes the records of a removed Ingress; `upsert-only` never deletes (chart `policy`). */
export type ExternalDnsPolicy = 'sync' | 'upsert-only';

/** One container environment variable taken from a Secret (a Kubernetes `EnvVar` with `secretKeyRef`). */
export interface SecretEnvVar {
  readonly name: string;
  readonly valueFrom: { readonly secretKeyRef: { readonly name: string; readonly key: string } };
}

/** Where external-dns writes, and with which credentials. */
export type ExternalDnsProviderValues =
  /** Route 53 with the IRSA role of the service account. */
  | { readonly kind: 'aws'; readonly roleArn: string; readonly hostedZoneId: string }
  /** Cloudflare with an API token from a Secret in the release namespace (made by an ExternalSecret from SSM). */
  | { readonly kind: 'cloudflare'; readonly zoneId: string; readonly apiToken: { readonly secretName: string; readonly key: string } };

export interface ExternalDnsValues {
  /** Names the Deployment, ServiceAccount and ClusterRole exactly (`external-dns`). */
  readonly fullnameOverride: string;
  readonly provider: { readonly name: 'aws' | 'cloudflare' };
  readonly serviceAccount: {
    readonly create: true;
    readonly name: string;
    readonly annotations: Readonly<Record<string, string>>;
  };
  /** Cloudflare only: `CF_API_TOKEN` from the token Secret. */
  readonly env: readonly SecretEnvVar[];
  readonly sources: readonly ['ingress'];
  readonly policy: ExternalDnsPolicy;
  readonly registry: 'txt';
  readonly txtOwnerId: string;
  readonly domainFilters: readonly string[];
  readonly managedRecordTypes: readonly string[];
  readonly interval: string;
  readonly triggerLoopOnEvent: true;
  readonly logFormat: 'json';
  /**
   * Flags the chart has no value for: a string renders `--<key>=<value>`, `true` a bare `--<key>`
   * (chart 1.21+; kingpin's boolean flags take no `=true`).
   */
  readonly extraArgs: Readonly<Record<string, string | true>>;
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
  readonly podSecurityContext: {
    readonly runAsNonRoot: true;
    readonly fsGroup: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly securityContext: {
    readonly privileged: false;
    readonly allowPrivilegeEscalation: false;
    readonly readOnlyRootFilesystem: true;
    readonly runAsNonRoot: true;
    readonly runAsUser: number;
    readonly runAsGroup: number;
    readonly capabilities: { readonly drop: readonly ['ALL'] };
  };
}

export interface ExternalDnsValuesInput {
  readonly fullName: string;
  readonly serviceAccountName: string;
  readonly provider: ExternalDnsProviderValues;
  /** The one host external-dns may publish (`edge.domain`). */
  readonly host: string;
  /** Identifies this cluster's records in the zone (the TXT registry's owner id). */
  readonly txtOwnerId: string;
  readonly policy: ExternalDnsPolicy;
  /** Only Ingresses of this class are read. */
  readonly ingressClass: string;
}

/** The non-root user the external-dns image is built with (distroless `nonroot`). */
const EXTERNAL_DNS_UID = 65532;
/** The chart's default fsGroup (`nobody`), kept when the pod security context is set. */
const EXTERNAL_DNS_FS_GROUP = 65534;

/** The environment variable the Cloudflare provider reads its API token from. */
export const CLOUDFLARE_TOKEN_VARIABLE = 'CF_API_TOKEN';

/**
 * external-dns values. What it may publish is narrowed four ways, so it "owns" only the chat host:
 * sources `ingress` only (no Services), only Ingresses of the ALB class, the domain filter is the
 * host itself (not the whole zone), and only the configured zone is looked at (`zone-id-filter`;
 * for Route 53 with `aws-zone-match-parent`, since the zone's name is a parent of the filter).
 * The Route 53 role is narrowed the same way (modules/identity/external-dns-identity.ts).
 *
 * `triggerLoopOnEvent` runs a sync seconds after an Ingress changes or is deleted, instead of at the
 * next interval: that is what removes the record during teardown while external-dns still runs.
 */
export function externalDnsValues(input: ExternalDnsValuesInput): ExternalDnsValues {
  const provider = input.provider;
  const isAws = provider.kind === 'aws';
  return {
    fullnameOverride: input.fullName,
    provider: { name: provider.kind },
    serviceAccount: {
      create: true,
      name: input.serviceAccountName,
      // Only Route 53 needs AWS credentials; with Cloudflare the pod holds no AWS identity at all.
      annotations: isAws ? { [IRSA_ROLE_ANNOTATION]: provider.roleArn } : {},
    },
    env: isAws
      ? []
      : [{ name: CLOUDFLARE_TOKEN_VARIABLE, valueFrom: { secretKeyRef: { name: provider.apiToken.secretName, key: provider.apiToken.key } } }],
    sources: ['ingress'],
    policy: input.policy,
    registry: 'txt',
    txtOwnerId: input.txtOwnerId,
    domainFilters: [input.host.toLowerCase()],
    // An ALB is reached through a name: alias A/AAAA on Route 53, CNAME on Cloudflare.
    managedRecordTypes: ['A', 'AAAA', 'CNAME'],
    interval: '1m',
    triggerLoopOnEvent: true,
    logFormat: 'json',
    extraArgs: isAws
      ? { 'zone-id-filter': provider.hostedZoneId, 'aws-zone-type': 'public', 'aws-zone-match-parent': true, 'ingress-class': input.ingressClass }
      : { 'zone-id-filter': provider.zoneId, 'ingress-class': input.ingressClass },
    resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { memory: '128Mi' } },
    podSecurityContext: { runAsNonRoot: true, fsGroup: EXTERNAL_DNS_FS_GROUP, seccompProfile: { type: 'RuntimeDefault' } },
    securityContext: {
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: EXTERNAL_DNS_UID,
      runAsGroup: EXTERNAL_DNS_UID,
      capabilities: { drop: ['ALL'] },
    },
  };
}
