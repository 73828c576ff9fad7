/**
 * The typed, validated configuration every construct receives. It is produced once, at the edge,
 * by `stacks/config.ts` (which reads `config/*.yaml`); constructs never read files or
 * `process.env` themselves.
 */

/** How NAT gateways are laid out: one shared (cheap) or one per AZ (no cross-AZ dependency). */
export type NatStrategy = 'single' | 'per-az';

/** Services that can get an interface VPC endpoint (the suffix of `com.amazonaws.<region>.<service>`). */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'logs', 'ssm', 'bedrock-runtime'] as const;
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** The GitHub repository whose Actions may assume the CI roles (OIDC trust). */
export interface GitHubRepository {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
}

export interface NetworkConfig {
  /** IPv4 CIDR of the VPC, /16 to /20. */
  readonly vpcCidr: string;
  /** Number of availability zones to spread subnets across, 2 to 6. */
  readonly azCount: number;
  readonly natStrategy: NatStrategy;
  /** Interface endpoints to create in the private subnets (the S3 gateway endpoint is always created). */
  readonly interfaceEndpoints: readonly InterfaceEndpointService[];
}

export interface NodeGroupConfig {
  readonly instanceTypes: readonly string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  /** Root volume size (encrypted gp3), GiB. */
  readonly diskSizeGiB: number;
  readonly capacityType: 'ON_DEMAND' | 'SPOT';
}

export interface ClusterConfig {
  /** Kubernetes minor version, e.g. "1.33". */
  readonly version: string;
  /** CIDRs allowed to reach the public API endpoint (the private endpoint is always on). */
  readonly publicEndpointCidrs: readonly string[];
  /** IAM principals (roles/users) given cluster-admin through EKS access entries. */
  readonly adminPrincipalArns: readonly string[];
  readonly nodeGroup: NodeGroupConfig;
}

export interface BedrockConfig {
  /** Model or inference-profile id served first, e.g. "us.amazon.nova-micro-v1:0". */
  readonly primaryModelId: string;
  /** Model or inference-profile id used when the primary throttles, fails or times out. */
  readonly fallbackModelId: string;
}

export interface StaticSiteConfig {
  /** Optional alias for the CloudFront distribution (needs `certificateArn`). */
  readonly domainName?: string;
  /** ACM certificate in us-east-1 covering `domainName`. */
  readonly certificateArn?: string;
  /** Put an AWS WAF web ACL with AWS managed rule groups in front of the distribution. */
  readonly enableWaf: boolean;
}

export interface RegistryConfig {
  /** How many tagged images the lifecycle policy keeps. */
  readonly keepTaggedImages: number;
  /** Days after which untagged images expire. */
  readonly untaggedExpiryDays: number;
}

/** Where Terraform state lives and who may deploy: made by the `bootstrap` stack. */
export interface StateConfig {
  readonly accountId: string;
  readonly region: string;
  /**
   * Where the bootstrap stack keeps its own state: `local` until the bucket exists, then `s3`
   * (after `terraform init -migrate-state`, see README).
   */
  readonly bootstrapBackend: 'local' | 's3';
}

/** Who an alarm wakes: `page` (now, any hour) or `ticket` (next working day). */
export const ALARM_SEVERITIES = ['page', 'ticket'] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

/** Days as CloudWatch metric math's `DAY()` numbers them: 1 = Monday ... 7 = Sunday. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Where alarm notifications go; each target receives the severities it lists. */
export type NotificationTarget =
  | { readonly kind: 'email'; readonly address: string; readonly severities: readonly AlarmSeverity[] }
  /** An HTTPS endpoint that confirms SNS subscriptions itself (PagerDuty, Opsgenie...). */
  | { readonly kind: 'webhook'; readonly url: string; readonly severities: readonly AlarmSeverity[] }
  /**
   * An AWS Chatbot (Amazon Q Developer in chat applications) Slack or Teams channel configuration
   * managed elsewhere: it subscribes itself once the alarm topics are added to it by hand
   * (docs/runbooks/README.md).
   */
  | { readonly kind: 'chatbot'; readonly channelConfigurationArn: string; readonly severities: readonly AlarmSeverity[] }
  | SlackChannelTarget
  | TeamsChannelTarget;

/**
 * A Slack channel Terraform makes an AWS Chatbot channel configuration for
 * (modules/observability/alarm-chat-channels.ts). The workspace must have been authorized in the
 * AWS Chatbot console once (docs/runbooks/README.md).
 */
export interface SlackChannelTarget {
  readonly kind: 'slack';
  /** Slack workspace (team) id, e.g. `T0123ABCD`. */
  readonly workspaceId: string;
  /** Slack channel id (not its name), e.g. `C0123ABCD`. */
  readonly channelId: string;
  readonly severities: readonly AlarmSeverity[];
}

/**
 * A Microsoft Teams channel Terraform makes an AWS Chatbot channel configuration for. The team
 * must have been authorized in the AWS Chatbot console once (docs/runbooks/README.md).
 */
export interface TeamsChannelTarget {
  readonly kind: 'teams';
  /** The team's id (a UUID, `groupId` in a channel link). */
  readonly teamId: string;
  /**
   * The channel id as the AWS Chatbot API takes it: percent-encoded, `19%3a<id>%40thread.tacv2`
   * (config accepts `19:<id>@thread.tacv2` too; stacks/config.ts encodes it).
   */
  readonly channelId: string;
  /** The Microsoft Entra tenant id (a UUID, `tenantId` in a channel link). */
  readonly tenantId: string;
  readonly severities: readonly AlarmSeverity[];
}

/** The targets Terraform makes AWS Chatbot channel configurations for. */
export type ChatChannelTarget = SlackChannelTarget | TeamsChannelTarget;

export function isChatChannelTarget(target: NotificationTarget): target is ChatChannelTarget {
  return target.kind === 'slack' || target.kind === 'teams';
}

/** On-demand Bedrock prices of one model, in USD per 1,000 tokens (for the dashboard's cost estimate). */
export interface BedrockTokenPrice {
  readonly inputPer1kTokens: number;
  readonly outputPer1kTokens: number;
}

/** When the service must see traffic: the no-traffic alarm only fires inside these hours (UTC). */
export interface BusinessHours {
  readonly days: readonly Weekday[];
  /** First hour (UTC, 0-23) inside business hours. */
  readonly startHourUtc: number;
  /** First hour (UTC, 1-24) after business hours. */
  readonly endHourUtc: number;
}

/**
 * The service level objectives of the chatbot in one environment, and what watches them
 * (modules/observability). Objectives are fractions in (0, 1): 0.99 is 99 %.
 */
export interface SloConfig {
  /** The SLO window, in days, over which each error budget is spent (e.g. 28). */
  readonly windowDays: number;
  /** Share of answered chats that succeed (success or fallback, over success + fallback + error). */
  readonly availability: { readonly objective: number };
  /** Share of answers whose time to first token is at most `firstTokenSeconds`. */
  readonly latency: { readonly objective: number; readonly firstTokenSeconds: number };
  /** The p95 whole-answer alarm: over `p95Seconds` in `datapointsToAlarm` of `evaluationMinutes` minutes. */
  readonly answerDuration: { readonly p95Seconds: number; readonly datapointsToAlarm: number; readonly evaluationMinutes: number };
  /** The fallback alarm: more than `threshold` (a fraction) of answers fell back, for `evaluationMinutes`. */
  readonly fallbackRatio: { readonly threshold: number; readonly evaluationMinutes: number };
  /** Page when no answer at all is recorded during these hours; absent: no such alarm. */
  readonly noTraffic?: BusinessHours;
  readonly notifications: readonly NotificationTarget[];
  /** Prices per model id; absent: the dashboard shows tokens but no cost. */
  readonly bedrockPrices?: Readonly<Record<string, BedrockTokenPrice>>;
}

/** Where the chat host's DNS records live; `none`: records (and the certificate's validation record) are made by hand. */
export const EDGE_DNS_PROVIDERS = ['route53', 'cloudflare', 'none'] as const;
export type EdgeDnsProvider = (typeof EDGE_DNS_PROVIDERS)[number];

/**
 * The chat host's DNS zone. external-dns (GitOps) keeps the host's record in it; with `route53`
 * Terraform also writes the certificate's validation record there (docs/edge.md).
 */
export type EdgeDnsConfig =
  /** A Route 53 public hosted zone, by id or by name (exactly one of the two). */
  | { readonly provider: 'route53'; readonly hostedZoneId?: string; readonly zoneName?: string }
  /**
   * A Cloudflare zone. The API token (DNS edit on this zone) is an SSM SecureString under the
   * environment's parameter path that External Secrets hands to external-dns; Terraform never reads it.
   */
  | { readonly provider: 'cloudflare'; readonly zoneId: string; readonly apiTokenParameter: string }
  | { readonly provider: 'none' };

/** Who signs users in at the ALB before a request reaches the chatbot. */
export const EDGE_AUTH_PROVIDERS = ['none', 'cognito', 'oidc'] as const;
export type EdgeAuthProvider = (typeof EDGE_AUTH_PROVIDERS)[number];

/** Cognito's MFA setting: `off`, `optional` (each user may add a TOTP app) or `on` (required). */
export const COGNITO_MFA_MODES = ['off', 'optional', 'on'] as const;
export type CognitoMfa = (typeof COGNITO_MFA_MODES)[number];

/** Cognito threat protection (advanced security): `audit` only logs risky sign-ins, `enforced` blocks them. */
export const COGNITO_ADVANCED_SECURITY_MODES = ['off', 'audit', 'enforced'] as const;
export type CognitoAdvancedSecurity = (typeof COGNITO_ADVANCED_SECURITY_MODES)[number];

export interface CognitoAuthConfig {
  readonly provider: 'cognito';
  readonly mfa: CognitoMfa;
  /** Whether anyone may create an account from the hosted UI; otherwise an admin invites users. */
  readonly selfSignUp: boolean;
  readonly advancedSecurity: CognitoAdvancedSecurity;
  /** Prefix of the hosted UI domain `<prefix>.auth.<region>.amazoncognito.com` (unique per region). */
  readonly domainPrefix: string;
}

/** An external OpenID Connect IdP (Okta, Entra ID, Google...) the ALB signs users in with. */
export interface OidcAuthConfig {
  readonly provider: 'oidc';
  readonly issuer: string;
  readonly clientId: string;
  readonly authorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly userInfoEndpoint: string;
  /** SSM SecureString (under the environment's parameter path) holding the client secret; External Secrets reads it. */
  readonly clientSecretParameter: string;
}

export type EdgeAuthConfig = { readonly provider: 'none' } | CognitoAuthConfig | OidcAuthConfig;

/** AWS managed WAF rule groups an environment may turn on (all without extra subscription fees). */
export const WAF_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
  'AWSManagedRulesLinuxRuleSet',
  'AWSManagedRulesUnixRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAdminProtectionRuleSet',
] as const;
export type WafManagedRuleGroup = (typeof WAF_MANAGED_RULE_GROUPS)[number];

/** The groups every production web ACL carries (the policy rules check them). */
export const BASELINE_WAF_RULE_GROUPS: readonly WafManagedRuleGroup[] = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

export interface EdgeWafConfig {
  /** A regional web ACL on the ALB; production refuses `false`. */
  readonly enabled: boolean;
  /** Requests one client IP may make in any 5 minutes before it is blocked (WAF's minimum is 10). */
  readonly rateLimitPer5MinPerIp: number;
  readonly managedRuleGroups: readonly WafManagedRuleGroup[];
  /** Largest request body let through, in bytes: the chatbot's BODY_LIMIT_BYTES (default 65536). */
  readonly bodySizeLimitBytes: number;
}

/**
 * The chatbot's public entry: host name, TLS, DNS, WAF, sign-in and spend limits
 * (modules/edge, docs/edge.md).
 */
export interface EdgeConfig {
  /** The chat host, e.g. `chat.example.com`; absent (dev only): the ALB serves plain HTTP on its own name. */
  readonly domain?: string;
  readonly dns: EdgeDnsConfig;
  readonly auth: EdgeAuthConfig;
  readonly waf: EdgeWafConfig;
  /** Tokens (input + output) all chatbot pods may use per UTC day; absent: no daily budget, no counter table. */
  readonly dailyTokenBudget?: number;
  /** AWS Budgets limit on the month's Bedrock cost, USD; absent: no budget. */
  readonly bedrockMonthlyBudgetUsd?: number;
}

/** Capacity types a Karpenter NodePool may launch (`karpenter.sh/capacity-type`). */
export const KARPENTER_CAPACITY_TYPES = ['spot', 'on-demand'] as const;
export type KarpenterCapacityType = (typeof KARPENTER_CAPACITY_TYPES)[number];

/** Which nodes consolidation may remove: empty ones only, or also underutilized ones (replaced by cheaper). */
export const KARPENTER_CONSOLIDATION_POLICIES = ['WhenEmptyOrUnderutilized', 'WhenEmpty'] as const;
export type KarpenterConsolidationPolicy = (typeof KARPENTER_CONSOLIDATION_POLICIES)[number];

/** Disruption reasons a budget may be limited to (NodePool `spec.disruption.budgets[].reasons`). */
export const KARPENTER_DISRUPTION_REASONS = ['Underutilized', 'Empty', 'Drifted'] as const;
export type KarpenterDisruptionReason = (typeof KARPENTER_DISRUPTION_REASONS)[number];

/** CPU architectures of Karpenter nodes (`kubernetes.io/arch`). */
export const KARPENTER_ARCHITECTURES = ['amd64', 'arm64'] as const;
export type KarpenterArchitecture = (typeof KARPENTER_ARCHITECTURES)[number];

/** How many nodes Karpenter may disrupt at once: always, or during `duration` after each `schedule` (cron, UTC). */
export interface KarpenterDisruptionBudget {
  /** A count (`"1"`) or a share of the pool's nodes (`"10%"`); `"0"` blocks disruption. */
  readonly nodes: string;
  readonly schedule?: string;
  readonly duration?: string;
  /** Limit the budget to these reasons; absent: every reason. */
  readonly reasons?: readonly KarpenterDisruptionReason[];
}

/** What a NodePool may launch in total (`spec.limits`). */
export interface KarpenterLimits {
  readonly cpu: number;
  readonly memoryGiB: number;
}

/** The `spot-fallback` NodePool (see KarpenterConfig.spotFallback). */
export interface KarpenterSpotFallback {
  /** Its own limits, on top of the default pool's. */
  readonly limits: KarpenterLimits;
  /**
   * Its nodes are replaced after this long, so pods go back to on-demand nodes once EC2 has
   * on-demand capacity again (Karpenter never moves pods from spot to dearer on-demand by itself).
   */
  readonly expireAfter: string;
}

/**
 * Node autoscaling with Karpenter (modules/autoscaling, modules/addons/karpenter): what the
 * environment's NodePool and EC2NodeClass in gitops/platform/overlays/<env> say, validated here and
 * checked against those files by test/gitops/karpenter.test.ts.
 */
export interface KarpenterConfig {
  /** The node AMI, pinned: `al2023@v<date>` or `bottlerocket@v<version>` (never `@latest`). */
  readonly amiAlias: string;
  /** Instance categories (`karpenter.k8s.aws/instance-category`), e.g. c, m, r. */
  readonly instanceCategories: readonly string[];
  /** Instance families (`karpenter.k8s.aws/instance-family`) to keep to; absent: any family of the categories. */
  readonly instanceFamilies?: readonly string[];
  /** Oldest instance generation allowed (`karpenter.k8s.aws/instance-generation` > this - 1). */
  readonly minInstanceGeneration: number;
  readonly architectures: readonly KarpenterArchitecture[];
  /** Capacity types of the `default` NodePool. Production: on-demand only. */
  readonly capacityTypes: readonly KarpenterCapacityType[];
  /** The most the NodePool may launch in total (NodePool `spec.limits`). */
  readonly limits: KarpenterLimits;
  /**
   * On-demand first: a second, lower-weight NodePool `spot-fallback` that launches spot nodes only
   * when the on-demand `default` pool cannot (no on-demand capacity of any allowed type, or its
   * limits reached). Only with `capacityTypes: [on-demand]`. Absent: no fallback.
   */
  readonly spotFallback?: KarpenterSpotFallback;
  readonly consolidation: { readonly policy: KarpenterConsolidationPolicy; readonly consolidateAfter: string };
  readonly disruptionBudgets: readonly KarpenterDisruptionBudget[];
  /** Nodes are replaced after this long (picks up new AMIs and patches), e.g. `720h`, or `Never`. */
  readonly expireAfter: string;
  /** How long a draining node waits for pods (PDBs, grace periods) before it is terminated anyway. */
  readonly terminationGracePeriod: string;
  /** Root volume of each node (encrypted gp3), GiB. */
  readonly volumeSizeGiB: number;
}

/**
 * When lifecycle.yml brings an environment up and tears it down by itself (config `schedule:`,
 * stacks/schedule-config.ts): times of day in `timeZone` on `days`, and how long an environment
 * may run after an `up` before the hourly check tears it down (`ttlHours`, the cluster's `ttl` tag).
 */
export interface LifecycleSchedule {
  /** IANA time zone of `upAt` and `downAt`, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  readonly days: readonly Weekday[];
  /** "HH:MM": `up` on each of `days`. */
  readonly upAt?: string;
  /** "HH:MM": `destroy` (teardown) on each of `days`. */
  readonly downAt?: string;
  /** Hours after an `up` until the environment is torn down, whoever brought it up. */
  readonly ttlHours?: number;
}

export interface EnvironmentConfig {
  /** Environment name, also the GitHub environment the apply role trusts (`dev`, `prod`). */
  readonly name: string;
  /** Production environments get stricter validation (no open API endpoint, per-AZ NAT advised). */
  readonly production: boolean;
  readonly accountId: string;
  readonly region: string;
  /** Short lowercase prefix for every resource name, e.g. "qa". */
  readonly namePrefix: string;
  /** Tags put on every taggable resource (plus Environment, Project and ManagedBy). */
  readonly tags: Readonly<Record<string, string>>;
  readonly network: NetworkConfig;
  readonly cluster: ClusterConfig;
  readonly github: GitHubRepository;
  readonly bedrock: BedrockConfig;
  readonly site: StaticSiteConfig;
  readonly registry: RegistryConfig;
  /** Retention of every CloudWatch log group, in days (a value CloudWatch accepts). */
  readonly logRetentionDays: number;
  readonly state: StateConfig;
  readonly slo: SloConfig;
  readonly edge: EdgeConfig;
  readonly karpenter: KarpenterConfig;
  /** Up and down on a timer (lifecycle.yml), or undefined: only by hand. */
  readonly schedule?: LifecycleSchedule;
}

export interface ProjectConfig {
  readonly namePrefix: string;
  readonly github: GitHubRepository;
  readonly state: StateConfig;
  readonly tags: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
  readonly environments: readonly EnvironmentConfig[];
}
