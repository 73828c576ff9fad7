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
  { action: 'ecr:GetAuthorizationToken', reason: NO_RESOURCE_LEVEL },
  { action: 'kms:ListAliases', reason: NO_RESOURCE_LEVEL },
  { action: 'kms:ListKeys', reason: NO_RESOURCE_LEVEL },
  { action: 'kms:CreateKey', reason: NO_RESOURCE_LEVEL },
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
  // --- telemetry (ADOT collector) ---
  { action: 'xray:PutTraceSegments', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:PutTelemetryRecords', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:GetSamplingRules', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:GetSamplingTargets', reason: NO_RESOURCE_LEVEL },
  { action: 'xray:GetSamplingStatisticSummaries', reason: NO_RESOURCE_LEVEL },
  { action: 'cloudwatch:PutMetricData', reason: 'no resource-level permission; scoped by a cloudwatch:namespace condition instead' },
  // --- section: bootstrap (CI roles) ---
  // --- section: identity (published AWS Load Balancer Controller policy) ---
  { action: 'iam:CreateServiceLinkedRole', reason: 'published AWS Load Balancer Controller policy: scoped by an iam:AWSServiceName condition to the ELB service-linked role' },
  { action: 'ec2:GetCoipPoolUsage', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'ec2:GetSecurityGroupsForVpc', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'ec2:AuthorizeSecurityGroupIngress', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'ec2:RevokeSecurityGroupIngress', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'ec2:CreateSecurityGroup', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'ec2:DeleteSecurityGroup', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:CreateLoadBalancer', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:CreateTargetGroup', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:CreateListener', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:DeleteListener', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:CreateRule', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:DeleteRule', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyLoadBalancerAttributes', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:SetIpAddressType', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:SetSecurityGroups', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:SetSubnets', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:DeleteLoadBalancer', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyTargetGroup', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyTargetGroupAttributes', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:DeleteTargetGroup', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyListenerAttributes', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyCapacityReservation', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyIpPools', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:SetWebAcl', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyListener', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:AddListenerCertificates', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:RemoveListenerCertificates', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:ModifyRule', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'elasticloadbalancing:SetRulePriorities', reason: 'published AWS Load Balancer Controller policy: controller-made resources have no names known in advance' },
  { action: 'cognito-idp:DescribeUserPoolClient', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'acm:DescribeCertificate', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'iam:ListServerCertificates', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'iam:GetServerCertificate', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'waf-regional:GetWebACL', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'waf-regional:GetWebACLForResource', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'waf-regional:AssociateWebACL', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'waf-regional:DisassociateWebACL', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'wafv2:GetWebACL', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'wafv2:GetWebACLForResource', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'wafv2:AssociateWebACL', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'wafv2:DisassociateWebACL', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'shield:GetSubscriptionState', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'shield:DescribeProtection', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'shield:CreateProtection', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
  { action: 'shield:DeleteProtection', reason: 'published AWS Load Balancer Controller policy: certificates, WAF ACLs and user pools are named by Ingress annotations, not known in advance' },
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
