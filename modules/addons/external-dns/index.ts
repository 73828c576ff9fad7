import type { Construct } from 'constructs';
import { type ExternalDnsPolicy, type ExternalDnsProviderValues, externalDnsValues } from './values';
import { SERVICE_ACCOUNTS } from '../../shared/service-accounts';
import { ArgoCdRootApp } from '../argocd-root-app';
import { AwsLoadBalancerController } from '../aws-load-balancer-controller';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

/** What both external-dns variants take. */
export interface ExternalDnsBaseProps {
  readonly installed: InstalledAddons;
  /** The chat host (`edge.domain`): the only name external-dns may publish. */
  readonly host: string;
  /**
   * Owner id of this cluster's TXT ownership records; external-dns never changes a record another
   * owner (another cluster sharing the zone) made.
   */
  readonly txtOwnerId: string;
  /**
   * `sync` (dev) deletes the record of a removed Ingress; `upsert-only` (prod) never deletes, so a
   * mistaken change in Git cannot take the production name down (docs/addons-and-gitops.md).
   */
  readonly policy: ExternalDnsPolicy;
  /**
   * IngressClass whose Ingresses external-dns reads.
   * @default 'alb'
   */
  readonly ingressClass?: string;
  /**
   * The external-dns chart, pinned; test/fixtures/charts/external-dns/<version> holds its values.yaml
   * and values.schema.json, which every value set here is checked against (upgrade both together).
   * @default external-dns 1.21.1 (external-dns v0.21.0) from https://kubernetes-sigs.github.io/external-dns/
   */
  readonly chart?: HelmChart;
}

export interface ExternalDnsProps extends ExternalDnsBaseProps {
  /** IRSA role of the service account (platform `externalDns.roleArn`), limited to the zone. */
  readonly roleArn: string;
  /** The public hosted zone of the host (the role may change no other). */
  readonly hostedZoneId: string;
}

export interface CloudflareExternalDnsProps extends ExternalDnsBaseProps {
  /** The Cloudflare zone id of the host. */
  readonly zoneId: string;
  /**
   * Secret in the external-dns namespace holding the API token, made by an ExternalSecret from SSM
   * (gitops/platform/components/external-dns-cloudflare); the token never passes through Terraform.
   * @default { secretName: 'external-dns-cloudflare', key: 'api-token' }
   */
  readonly apiToken?: { readonly secretName: string; readonly key: string };
}

/** The Secret the Cloudflare token ExternalSecret makes (gitops/platform/components/external-dns-cloudflare). */
export const CLOUDFLARE_TOKEN_SECRET = { secretName: 'external-dns-cloudflare', key: 'api-token' } as const;

const DEFAULTS = {
  chart: { repository: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.21.1' },
  ingressClass: 'alb',
} satisfies Pick<Required<ExternalDnsBaseProps>, 'chart' | 'ingressClass'>;

/** Release, Deployment and ServiceAccount name (the chart's fullnameOverride). */
const RELEASE_NAME = 'external-dns';

/** The base props of either variant: everything but the provider is the same. */
function baseProps(props: ExternalDnsBaseProps, provider: ExternalDnsProviderValues) {
  const resolved = { ...DEFAULTS, ...props };
  // Namespace and name are not props: the Route 53 role's trust policy names exactly this account.
  const account = SERVICE_ACCOUNTS.externalDns;
  return {
    installed: resolved.installed,
    chart: resolved.chart,
    releaseName: RELEASE_NAME,
    namespace: account.namespace,
    values: externalDnsValues({
      fullName: RELEASE_NAME,
      serviceAccountName: account.name,
      provider,
      host: resolved.host,
      txtOwnerId: resolved.txtOwnerId,
      policy: resolved.policy,
      ingressClass: resolved.ingressClass,
    }),
  };
}

/**
 * external-dns on Route 53: publishes the chat host's record (an alias to the ALB) from the
 * chatbot's Ingress. After the load balancer controller, whose ALB name it publishes, and before
 * Argo CD (the stack passes it to ArgoCd's `after`), so on destroy it still runs while the root
 * app's cascade deletes the Ingress and, with `policy: sync`, deletes the record with it.
 */
export class ExternalDns extends HelmAddon {
  static override readonly dependencies = [AwsLoadBalancerController];

  readonly serviceAccountName = SERVICE_ACCOUNTS.externalDns.name;
  readonly host: string;
  readonly policy: ExternalDnsPolicy;

  constructor(scope: Construct, id: string, props: ExternalDnsProps) {
    super(scope, id, baseProps(props, { kind: 'aws', roleArn: props.roleArn, hostedZoneId: props.hostedZoneId }));
    this.host = props.host;
    this.policy = props.policy;
  }
}

/**
 * external-dns on Cloudflare, with the API token from SSM through an ExternalSecret. That Secret is
 * a GitOps object, so this release comes after the root app, like the collector: installed before
 * Argo CD, its pod could not start until a later release delivers the Secret (a deadlock rolled back
 * after the timeout); here Helm's wait is the gate "the token arrived and external-dns is up".
 * The cost: Terraform destroys it before the root app, so a bare `destroy` leaves the record behind;
 * docs/addons-and-gitops.md ("DNS records on teardown") has the step that removes it first.
 */
export class CloudflareExternalDns extends HelmAddon {
  static override readonly dependencies = [ArgoCdRootApp];

  readonly serviceAccountName = SERVICE_ACCOUNTS.externalDns.name;
  readonly host: string;
  readonly policy: ExternalDnsPolicy;
  /** The Secret (in {@link namespace}) the token ExternalSecret must make. */
  readonly apiToken: { readonly secretName: string; readonly key: string };

  constructor(scope: Construct, id: string, props: CloudflareExternalDnsProps) {
    const apiToken = props.apiToken ?? CLOUDFLARE_TOKEN_SECRET;
    super(scope, id, baseProps(props, { kind: 'cloudflare', zoneId: props.zoneId, apiToken }));
    this.host = props.host;
    this.policy = props.policy;
    this.apiToken = apiToken;
  }
}
