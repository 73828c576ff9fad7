/**
 * The only IAM actions a policy of this project may grant on `Resource: "*"`: actions for which
 * the AWS API has no resource-level permission (or whose resources cannot be known in advance,
 * each with its reason). The policy suite (test/policy/) rejects any other action on "*".
 * Entries may end in `*` to cover a read-only verb family (`ec2:Describe*`).
 */
export interface WildcardResourceAction {
  readonly action: string;
  readonly reason: string;
}

const NO_RESOURCE_LEVEL = 'the action supports no resource-level permission';

export const WILDCARD_RESOURCE_ACTIONS: readonly WildcardResourceAction[] = [
  // --- read-only discovery (plan role, controllers) ---
  { action: 'ec2:Describe*', reason: NO_RESOURCE_LEVEL },
  { action: 'elasticloadbalancing:Describe*', reason: NO_RESOURCE_LEVEL },
  { action: 'sts:GetCallerIdentity', reason: NO_RESOURCE_LEVEL },
  {
    action: 'ecr:GetAuthorizationToken',
    // The image roles log in with it; which repository they may push to is decided per repository.
    reason: 'a registry login token is for the whole registry by AWS design (no resource-level permission); push rights are granted per repository',
  },
  { action: 'kms:ListAliases', reason: NO_RESOURCE_LEVEL },
  { action: 'kms:ListKeys', reason: NO_RESOURCE_LEVEL },
  { action: 'kms:CreateKey', reason: 'no resource-level permission (the key does not exist yet); deploy roles scope it by aws:RequestTag' },
  { action: 'ssm:DescribeParameters', reason: NO_RESOURCE_LEVEL },
  { action: 'logs:DescribeLogGroups', reason: 'listing log groups has no resource-level permission' },
  { action: 's3:ListAllMyBuckets', reason: NO_RESOURCE_LEVEL },
  { action: 'eks:DescribeAddonVersions', reason: NO_RESOURCE_LEVEL },
  { action: 'eks:DescribeAddonConfiguration', reason: NO_RESOURCE_LEVEL },
  { action: 'eks:ListClusters', reason: NO_RESOURCE_LEVEL },
  { action: 'cloudfront:List*', reason: NO_RESOURCE_LEVEL },
  { action: 'wafv2:ListWebACLs', reason: NO_RESOURCE_LEVEL },
  { action: 'wafv2:ListAvailableManagedRuleGroups', reason: NO_RESOURCE_LEVEL },
  { action: 'wafv2:DescribeManagedRuleGroup', reason: NO_RESOURCE_LEVEL },
  { action: 'iam:ListRoles', reason: NO_RESOURCE_LEVEL },
  { action: 'iam:ListPolicies', reason: NO_RESOURCE_LEVEL },
  { action: 'iam:ListOpenIDConnectProviders', reason: NO_RESOURCE_LEVEL },
  { action: 'acm:ListCertificates', reason: NO_RESOURCE_LEVEL },
  { action: 'tag:GetResources', reason: NO_RESOURCE_LEVEL },
  // external-dns lists zones, then keeps only the configured one (--zone-id-filter).
  { action: 'route53:ListHostedZones', reason: NO_RESOURCE_LEVEL },
  // --- public entry (modules/edge; CI deploy roles) ---
  { action: 'cognito-idp:CreateUserPool', reason: 'no resource-level permission (the pool does not exist yet); deploy roles scope it by aws:RequestTag' },
  { action: 'logs:CreateLogDelivery', reason: 'WAF log deliveries are account-level and have no ARN' },
  { action: 'logs:DeleteLogDelivery', reason: 'WAF log deliveries are account-level and have no ARN' },
  { action: 'logs:GetLogDelivery', reason: 'WAF log deliveries are account-level and have no ARN' },
  { action: 'logs:ListLogDeliveries', reason: NO_RESOURCE_LEVEL },
  { action: 'logs:UpdateLogDelivery', reason: 'WAF log deliveries are account-level and have no ARN' },
  { action: 'logs:PutResourcePolicy', reason: 'CloudWatch Logs resource policies (the WAF log group\'s delivery policy) are account-level and have no ARN' },
  { action: 'logs:DeleteResourcePolicy', reason: 'CloudWatch Logs resource policies are account-level and have no ARN' },
  { action: 'logs:DescribeResourcePolicies', reason: NO_RESOURCE_LEVEL },
  // --- telemetry (ADOT collector) ---
  { action: 'xray:PutTraceSegments', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:PutTelemetryRecords', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:GetSamplingRules', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:GetSamplingTargets', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:GetSamplingStatisticSummaries', reason: NO_RESOURCE_LEVEL },
  { action: 'cloudwatch:PutMetricData', reason: 'no resource-level permission; scoped by a cloudwatch:namespace condition instead' },
  // --- alarm chat channels (AWS Chatbot: modules/observability/alarm-chat-channels.ts; CI roles) ---
  // Chatbot authorizes only updates, deletes and tags on a configuration's ARN (IAM service
  // authorization reference for AWS Chatbot); creating and reading configurations have no resource type.
  { action: 'chatbot:CreateSlackChannelConfiguration', reason: 'no resource-level permission (the configuration does not exist yet); deploy roles may pass it only their environment\'s alarm chat role' },
  { action: 'chatbot:CreateMicrosoftTeamsChannelConfiguration', reason: 'no resource-level permission (the configuration does not exist yet); deploy roles may pass it only their environment\'s alarm chat role' },
  { action: 'chatbot:DescribeSlackChannelConfigurations', reason: NO_RESOURCE_LEVEL },
  { action: 'chatbot:GetMicrosoftTeamsChannelConfiguration', reason: NO_RESOURCE_LEVEL },
  { action: 'chatbot:ListMicrosoftTeamsChannelConfigurations', reason: NO_RESOURCE_LEVEL },
  { action: 'chatbot:ListTagsForResource', reason: NO_RESOURCE_LEVEL },
  // The channel role and guardrail: AWS Chatbot charts the metric of an alarm it posts.
  { action: 'cloudwatch:GetMetricData', reason: NO_RESOURCE_LEVEL },
  { action: 'cloudwatch:GetMetricWidgetImage', reason: NO_RESOURCE_LEVEL },
  // --- node autoscaling (Karpenter controller, modules/identity/karpenter-controller-policy.ts) ---
  { action: 'pricing:GetProducts', reason: 'the Price List API has no resources (instance prices for Karpenter\'s cheapest-first choice)' },
  // --- section: bootstrap (CI roles) ---
  // Permissions boundaries put service wildcards on "*" too; they are not listed here because a
  // boundary grants nothing by itself (test/policy/role-policies.ts exempts them, and a rule
  // fails any stack that attaches one as a permission policy).
  // The AWS Load Balancer Controller's published policy (modules/identity) puts actions such as
  // elasticloadbalancing:CreateLoadBalancer on "*": its load balancers, target groups and security
  // groups have no names known in advance. Those actions are NOT listed here, where any role could
  // use them: the policy suite accepts them only as the published statements, in that role.
];

/** Whether `action` (as written in a policy) is on the allow-list, matching `*` suffixes. */
export function isWildcardResourceAllowed(action: string): boolean {
  const wanted = action.toLowerCase();
  return WILDCARD_RESOURCE_ACTIONS.some(({ action: allowed }) => {
    const a = allowed.toLowerCase();
    if (a.endsWith('*')) return wanted.startsWith(a.slice(0, -1));
    return a === wanted;
  });
}
