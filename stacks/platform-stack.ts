import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { platformParameterValues } from './platform-parameter-values';
import { useStateBucket } from './state-backend';
import { NodeAutoscaling } from '../modules/autoscaling/node-autoscaling';
import { Cluster } from '../modules/cluster/cluster';
import { ChatEdge } from '../modules/edge/chat-edge';
import { AdotCollectorIdentity } from '../modules/identity/adot-collector-identity';
import { ChatbotBedrockAccess } from '../modules/identity/chatbot-bedrock-access';
import { ExternalDnsIdentity } from '../modules/identity/external-dns-identity';
import { ExternalSecretsIdentity } from '../modules/identity/external-secrets-identity';
import { LoadBalancerControllerIdentity } from '../modules/identity/load-balancer-controller-identity';
import { Network } from '../modules/network/network';
import { AlarmChatChannels } from '../modules/observability/alarm-chat-channels';
import { ChatbotDashboard } from '../modules/observability/dashboard/chatbot-dashboard';
import { PlatformLogGroups } from '../modules/observability/platform-log-groups';
import { SloAlarms } from '../modules/observability/slo-alarms';
import { PlatformParameters } from '../modules/params/platform-parameters';
import { ContainerRegistry } from '../modules/registry/container-registry';
import { ADDON_RELEASE_NAMESPACES } from '../modules/shared/addon-namespaces';
import { isChatChannelTarget, type EnvironmentConfig } from '../modules/shared/environment-config';
import { LIFECYCLE_TTL_TAG } from '../modules/shared/lifecycle-ttl';
import { ciRoleArn, environmentResourceName, metricNamespace, parameterPathPrefix, permissionsBoundaryArn } from '../modules/shared/naming';
import { environmentTags } from '../modules/shared/tags';
import { StaticSite } from '../modules/static-site/static-site';

export interface PlatformStackProps {
  readonly environment: EnvironmentConfig;
}

/**
 * The AWS layer of one environment: network, EKS, registry, static site, identities, parameters and
 * log groups. Its public fields are what the add-ons stack consumes (typed cross-stack references).
 */
export class PlatformStack extends TerraformStack {
  readonly environment: EnvironmentConfig;
  readonly network: Network;
  readonly cluster: Cluster;
  readonly registry: ContainerRegistry;
  readonly site: StaticSite;
  readonly logGroups: PlatformLogGroups;
  /** SLO burn-rate and simple alarms, their SNS topics (page, ticket) and the topics' key. */
  readonly alarms: SloAlarms;
  /** AWS Chatbot channel configurations for the Slack and Teams targets of `slo.notifications`; only where there are such targets. */
  readonly alarmChatChannels?: AlarmChatChannels;
  /** The chatbot's CloudWatch dashboard: SLOs, burn rates, latency, fallbacks, tokens and cost, alarm status. */
  readonly dashboard: ChatbotDashboard;
  readonly parameters: PlatformParameters;
  readonly loadBalancerController: LoadBalancerControllerIdentity;
  readonly externalSecrets: ExternalSecretsIdentity;
  readonly adotCollector: AdotCollectorIdentity;
  readonly chatbotBedrockAccess: ChatbotBedrockAccess;
  /** The chatbot's public entry: certificate, WAF, sign-in, token counter, Bedrock budget (docs/edge.md). */
  readonly edge: ChatEdge;
  /** IRSA role of external-dns, limited to the chat host's records in its Route 53 zone; only with `edge.dns.provider: route53`. */
  readonly externalDns?: ExternalDnsIdentity;
  /** Karpenter's node role, interruption queue and controller role (modules/autoscaling). */
  readonly nodeAutoscaling: NodeAutoscaling;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const env = props.environment;
    this.environment = env;
    const name = environmentResourceName(env.namePrefix, env.name);
    const tags = environmentTags(env);
    const defaultTags = [{ tags }];
    // Made by bootstrap; by name, not by reference (bootstrap's state may still be local). Every
    // role of the stack carries it: the environment's deploy role can create no role without it.
    const boundary = permissionsBoundaryArn(env.namePrefix, env.accountId, env.name);

    // The cluster's `ttl` tag is lifecycle.yml's, not Terraform's (modules/shared/lifecycle-ttl.ts).
    new AwsProvider(this, 'aws', {
      region: env.region,
      allowedAccountIds: [env.accountId],
      defaultTags,
      ignoreTags: [{ keys: [LIFECYCLE_TTL_TAG] }],
    });
    // CloudFront-scoped WAF ACLs exist only in us-east-1.
    const globalProvider = new AwsProvider(this, 'aws-us-east-1', {
      alias: 'us-east-1',
      region: 'us-east-1',
      allowedAccountIds: [env.accountId],
      defaultTags,
    });
    useStateBucket(this, env.namePrefix, env.state);

    this.network = new Network(this, 'network', {
      name,
      clusterName: name,
      region: env.region,
      config: env.network,
      flowLogRetentionDays: env.logRetentionDays,
    });
    // VpcFlowLogs (modules/network) takes no boundary prop yet; its role is set here meanwhile.
    this.network.flowLogs.role.permissionsBoundary = boundary;
    this.cluster = new Cluster(this, 'cluster', {
      name,
      network: this.network,
      config: env.cluster,
      ciApplyRoleArn: ciRoleArn(env.namePrefix, env.accountId, 'apply', env.name),
      ciPlanRoleArn: ciRoleArn(env.namePrefix, env.accountId, 'plan'),
      planNamespaces: ADDON_RELEASE_NAMESPACES,
      permissionsBoundaryArn: boundary,
      logRetentionDays: env.logRetentionDays,
      // default_tags do not reach instances and volumes started from a launch template.
      nodeInstanceTags: tags,
    });
    this.nodeAutoscaling = new NodeAutoscaling(this, 'karpenter', {
      clusterName: this.cluster.clusterName,
      baseName: name,
      region: env.region,
      accountId: env.accountId,
      permissionsBoundaryArn: boundary,
    });
    this.registry = new ContainerRegistry(this, 'registry', {
      repositoryName: `${name}/chatbot`,
      config: env.registry,
      forceDelete: !env.production,
    });
    this.site = new StaticSite(this, 'static-site', {
      name,
      bucketName: `${name}-chatbot-ui-${env.accountId}`,
      config: env.site,
      globalProvider,
      forceDestroy: !env.production,
    });
    this.logGroups = new PlatformLogGroups(this, 'log-groups', { name: `${env.namePrefix}/${env.name}`, retentionDays: env.logRetentionDays });
    this.alarms = new SloAlarms(this, 'alarms', { environment: env });
    const chatTargets = env.slo.notifications.filter(isChatChannelTarget);
    if (chatTargets.length > 0) {
      this.alarmChatChannels = new AlarmChatChannels(this, 'alarm-chat-channels', {
        name,
        accountId: env.accountId,
        region: env.region,
        topicArns: this.alarms.topics.topicArns,
        targets: chatTargets,
        permissionsBoundaryArn: boundary,
      });
    }
    this.dashboard = new ChatbotDashboard(this, 'dashboard', { environment: env, alarms: this.alarms.specs });

    const pathPrefix = parameterPathPrefix(env.namePrefix, env.name);
    this.parameters = new PlatformParameters(this, 'parameters', {
      pathPrefix,
      parameters: platformParameterValues({ env, clusterName: name, registry: this.registry, site: this.site, logGroups: this.logGroups }),
    });

    this.loadBalancerController = new LoadBalancerControllerIdentity(this, 'aws-load-balancer-controller', {
      roleName: `${name}-aws-load-balancer-controller`,
      cluster: this.cluster,
      permissionsBoundaryArn: boundary,
    });
    this.externalSecrets = new ExternalSecretsIdentity(this, 'external-secrets', {
      roleName: `${name}-external-secrets`,
      cluster: this.cluster,
      permissionsBoundaryArn: boundary,
      region: env.region,
      accountId: env.accountId,
      parameterPathPrefix: pathPrefix,
      parametersKeyArn: this.parameters.keyArn,
    });
    this.adotCollector = new AdotCollectorIdentity(this, 'adot-collector', {
      roleName: `${name}-adot-collector`,
      cluster: this.cluster,
      permissionsBoundaryArn: boundary,
      logGroupArns: this.logGroups.logGroupArns,
      metricNamespace: metricNamespace(env.namePrefix, env.name),
    });
    this.chatbotBedrockAccess = new ChatbotBedrockAccess(this, 'chatbot-bedrock-access', {
      roleName: `${name}-chatbot-bedrock`,
      clusterName: this.cluster.clusterName,
      accountId: env.accountId,
      region: env.region,
      modelIds: [env.bedrock.primaryModelId, env.bedrock.fallbackModelId],
      permissionsBoundaryArn: boundary,
    });

    this.edge = new ChatEdge(this, 'edge', {
      name,
      region: env.region,
      accountId: env.accountId,
      production: env.production,
      config: env.edge,
      logRetentionDays: env.logRetentionDays,
      chatbotRoleName: this.chatbotBedrockAccess.role.name,
      alarmTopics: { page: this.alarms.pageTopicArn, ticket: this.alarms.ticketTopicArn },
    });
    // external-dns on Route 53 gets an AWS role; on Cloudflare it holds only its API token (from SSM
    // through External Secrets), and without a domain there is no record to keep.
    if (this.edge.hostedZoneId !== undefined && this.edge.domain !== undefined) {
      this.externalDns = new ExternalDnsIdentity(this, 'external-dns', {
        roleName: `${name}-external-dns`,
        cluster: this.cluster,
        permissionsBoundaryArn: boundary,
        hostedZoneId: this.edge.hostedZoneId,
        host: this.edge.domain,
      });
    }

    const outputs: Record<string, string> = {
      cluster_name: this.cluster.clusterName,
      cluster_endpoint: this.cluster.endpoint,
      vpc_id: this.network.vpcId,
      ecr_repository_url: this.registry.repositoryUrl,
      site_bucket: this.site.bucketName,
      site_distribution_id: this.site.distributionId,
      site_domain_name: this.site.distributionDomainName,
      load_balancer_controller_role_arn: this.loadBalancerController.roleArn,
      external_secrets_role_arn: this.externalSecrets.roleArn,
      adot_collector_role_arn: this.adotCollector.roleArn,
      chatbot_role_arn: this.chatbotBedrockAccess.roleArn,
      alarm_page_topic_arn: this.alarms.pageTopicArn,
      alarm_ticket_topic_arn: this.alarms.ticketTopicArn,
      chatbot_dashboard_url: this.dashboard.consoleUrl,
      karpenter_node_role_name: this.nodeAutoscaling.nodeRoleName,
      karpenter_interruption_queue_name: this.nodeAutoscaling.interruptionQueueName,
      karpenter_controller_role_arn: this.nodeAutoscaling.controller.roleArn,
    };
    if (this.externalDns) outputs.external_dns_role_arn = this.externalDns.roleArn;
    for (const [key, value] of Object.entries({ ...outputs, ...this.edge.outputs })) new TerraformOutput(this, key, { value });
  }
}
