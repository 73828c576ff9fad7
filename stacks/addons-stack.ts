import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { chatbotEdgePatches } from './chatbot-edge-patches';
import type { PlatformStack } from './platform-stack';
import { useStateBucket } from './state-backend';
import { ArgoCd } from '../modules/addons/argo-cd';
import { ArgoCdRootApp } from '../modules/addons/argocd-root-app';
import { AwsLoadBalancerController } from '../modules/addons/aws-load-balancer-controller';
import { CertManager } from '../modules/addons/cert-manager';
import { CloudflareExternalDns, ExternalDns } from '../modules/addons/external-dns';
import { ExternalSecrets } from '../modules/addons/external-secrets';
import { HELM_STORAGE_DRIVER, InstalledAddons } from '../modules/addons/helm-addon';
import { Karpenter, KarpenterCrds } from '../modules/addons/karpenter';
import { MetricsServer } from '../modules/addons/metrics-server';
import { OtelCollector } from '../modules/addons/otel-collector';
import { PlanReaderRbac } from '../modules/addons/plan-reader-rbac';
import { LIFECYCLE_TTL_TAG } from '../modules/shared/lifecycle-ttl';
import { environmentTags } from '../modules/shared/tags';

export interface AddonsStackProps {
  /** The platform stack of the same environment: its typed fields become cross-stack references. */
  readonly platform: PlatformStack;
}

/**
 * The in-cluster layer of one environment: Helm releases of the cluster add-ons, the Argo CD
 * root application, and the RBAC that lets the CI plan role read their release state. Separate
 * from the platform stack because the Helm and Kubernetes providers need the cluster endpoint and
 * CA at configure time, which only exist once the platform stack is applied.
 *
 * Every value from the platform (cluster endpoint, CA, name, VPC id, role ARNs) is a cdktf
 * cross-stack reference: cdktf adds an output to `platform-<env>` and reads it here through a
 * `terraform_remote_state` data source on the same S3 state bucket.
 */
export class AddonsStack extends TerraformStack {
  readonly installed = new InstalledAddons();
  readonly certManager: CertManager;
  readonly loadBalancerController: AwsLoadBalancerController;
  readonly externalSecrets: ExternalSecrets;
  readonly otelCollector: OtelCollector;
  /**
   * external-dns, keeping the chat host's record: on Route 53 ({@link ExternalDns}, before Argo CD)
   * or Cloudflare ({@link CloudflareExternalDns}, after the root app); absent without a domain or
   * with `edge.dns.provider: none`.
   */
  readonly externalDns?: ExternalDns | CloudflareExternalDns;
  readonly metricsServer: MetricsServer;
  /** Karpenter's CRDs and controller: nodes for the chatbot, from the NodePools in gitops/platform. */
  readonly karpenterCrds: KarpenterCrds;
  readonly karpenter: Karpenter;
  readonly argoCd: ArgoCd;
  readonly rootApp: ArgoCdRootApp;
  readonly planReader: PlanReaderRbac;

  constructor(scope: Construct, id: string, props: AddonsStackProps) {
    super(scope, id);
    const { platform } = props;
    const env = platform.environment;
    const cluster = platform.cluster;

    // Configured like the platform's (the `ttl` tag is lifecycle.yml's: modules/shared/lifecycle-ttl.ts).
    new AwsProvider(this, 'aws', {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags: [{ tags: environmentTags(env) }],
      ignoreTags: [{ keys: [LIFECYCLE_TTL_TAG] }],
    });
    useStateBucket(this, env.namePrefix, env.state);

    // The token comes from `aws eks get-token`, run by the provider each time it connects, with
    // the credentials running Terraform (they need an EKS access entry: the CI apply role and the
    // configured admins are cluster-admins, the plan role reads what PlanReaderRbac grants). Not
    // the aws_eks_cluster_auth data source: its token is read once at plan time, so a saved plan
    // applied later (the pull-request /apply) would carry the plan role's token, expired after
    // 15 minutes, and a long Helm wait could outlive it too.
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', cluster.clusterName, '--region', env.region, '--output', 'json'],
    };
    const connection = { host: cluster.endpoint, clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData) };
    // Release state in ConfigMaps, so the plan role never needs to read Secrets (HELM_STORAGE_DRIVER).
    new HelmProvider(this, 'helm', { helmDriver: HELM_STORAGE_DRIVER, kubernetes: { ...connection, exec } });
    new KubernetesProvider(this, 'kubernetes', { ...connection, exec: [exec] });

    // Installation order; each add-on checks that what it depends on is already installed.
    const installed = this.installed;
    const highAvailability = env.production;
    this.certManager = new CertManager(this, 'cert-manager', { installed, highAvailability });
    this.loadBalancerController = new AwsLoadBalancerController(this, 'aws-load-balancer-controller', {
      installed,
      clusterName: cluster.clusterName,
      region: env.region,
      vpcId: platform.network.vpcId,
      roleArn: platform.loadBalancerController.roleArn,
    });
    this.externalSecrets = new ExternalSecrets(this, 'external-secrets', { installed, roleArn: platform.externalSecrets.roleArn, highAvailability });
    this.metricsServer = new MetricsServer(this, 'metrics-server', { installed, highAvailability });
    this.karpenterCrds = new KarpenterCrds(this, 'karpenter-crd', { installed });
    this.karpenter = new Karpenter(this, 'karpenter', {
      installed,
      clusterName: cluster.clusterName,
      clusterEndpoint: cluster.endpoint,
      interruptionQueueName: platform.nodeAutoscaling.interruptionQueueName,
    });
    const edge = platform.edge;
    // One owner per cluster in the zone's TXT records; dev deletes what it no longer serves, prod
    // never deletes (docs/addons-and-gitops.md, "DNS records on teardown").
    const dns = edge.domain === undefined ? undefined : { host: edge.domain, txtOwnerId: cluster.clusterName, policy: env.production ? 'upsert-only' as const : 'sync' as const };
    const route53 = dns && platform.externalDns && edge.hostedZoneId !== undefined
      ? new ExternalDns(this, 'external-dns', { installed, ...dns, roleArn: platform.externalDns.roleArn, hostedZoneId: edge.hostedZoneId })
      : undefined;
    // Before Argo CD, so it outlives the root app's cascade on destroy and deletes the record (sync).
    // Karpenter too: it must outlive the cascade that deletes its NodePools and, with them, its nodes.
    this.argoCd = new ArgoCd(this, 'argo-cd', { installed, highAvailability, syncedResourceControllers: [this.karpenter, ...(route53 ? [route53] : [])] });
    this.rootApp = new ArgoCdRootApp(this, 'root-app', {
      installed,
      environment: env.name,
      github: env.github,
      // gitops/bootstrap/<env> names the chatbot's Application `chatbot-<env>`.
      childPatches: [
        {
          application: `chatbot-${env.name}`,
          patches: chatbotEdgePatches({
            webAclArn: edge.webAclArn,
            certificateArn: edge.certificateArn,
            cognito: edge.cognito,
            tokenTableName: edge.tokenTable?.tableName,
          }),
        },
      ],
    });
    // Its token Secret is a GitOps object (gitops/platform), so only after the root app.
    const cloudflare = dns && edge.cloudflareZoneId !== undefined
      ? new CloudflareExternalDns(this, 'external-dns-cloudflare', { installed, ...dns, zoneId: edge.cloudflareZoneId })
      : undefined;
    this.externalDns = route53 ?? cloudflare;
    // Last: its configuration arrives through GitOps (see OtelCollector.dependencies).
    this.otelCollector = new OtelCollector(this, 'otel-collector', { installed, roleArn: platform.adotCollector.roleArn, highAvailability });

    // What a pull-request plan of this stack may read: the release state above, nothing else.
    this.planReader = new PlanReaderRbac(this, 'plan-reader', { grant: cluster.planAccess, addons: installed.all() });
  }
}
