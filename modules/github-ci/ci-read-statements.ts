import { accountArns, type CiAccountScope, type ResourceArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

/**
 * Actions granted on `Resource: "*"`: each is on the allow-list in
 * modules/shared/wildcard-resource-actions.ts (no resource-level permission exists for them).
 * None returns a secret: they list names and describe configuration.
 */
export const CI_DISCOVERY_ACTIONS = [
  'sts:GetCallerIdentity',
  'ec2:Describe*',
  'elasticloadbalancing:Describe*',
  'eks:ListClusters',
  'eks:DescribeAddonVersions',
  'eks:DescribeAddonConfiguration',
  'iam:ListRoles',
  'iam:ListPolicies',
  'iam:ListOpenIDConnectProviders',
  'kms:ListAliases',
  'kms:ListKeys',
  'logs:DescribeLogGroups',
  // Parameter names and metadata, never values: the provider reads a parameter's tier and
  // description with it (a name filter), and the action has no resource-level permission.
  'ssm:DescribeParameters',
  's3:ListAllMyBuckets',
  'cloudfront:List*',
  'wafv2:ListWebACLs',
  'wafv2:ListAvailableManagedRuleGroups',
  'wafv2:DescribeManagedRuleGroup',
  'acm:ListCertificates',
  // The teardown verification lists what is still tagged for an environment.
  'tag:GetResources',
] as const;

/**
 * Bucket-level reads `terraform plan` makes on an aws_s3_bucket and its configuration resources
 * (HeadBucket is authorized as s3:ListBucket). None of them is an object action, so the bucket
 * pattern they are granted on (which IAM also matches against object ARNs) opens no object.
 */
export const S3_BUCKET_READ_ACTIONS = [
  's3:ListBucket',
  's3:GetBucket*',
  's3:GetAccelerateConfiguration',
  's3:GetEncryptionConfiguration',
  's3:GetLifecycleConfiguration',
  's3:GetReplicationConfiguration',
] as const;

/** What refreshing an aws_ecr_repository, its lifecycle and repository policy reads: no image or layer. */
export const ECR_REPOSITORY_READ_ACTIONS = ['ecr:DescribeRepositories', 'ecr:GetLifecyclePolicy', 'ecr:GetRepositoryPolicy', 'ecr:ListTagsForResource'] as const;

/**
 * What `terraform plan` needs to refresh the platform's resources on `arns`: read, list and
 * describe verbs only. No action here returns a secret, an object, a log event or an image layer.
 * SSM parameters are separate (`parameterReadStatement`): their values are readable, so the plan
 * role names each one.
 */
export function readStatements(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>, arns: ResourceArns): PolicyStatement[] {
  const account = accountArns(scope);
  return [
    { Sid: 'Discover', Effect: 'Allow', Action: [...CI_DISCOVERY_ACTIONS], Resource: '*' },
    {
      Sid: 'ReadIam',
      Effect: 'Allow',
      Action: ['iam:Get*', 'iam:List*'],
      // AWS managed policies are read when a role attaches one (AmazonEKSClusterPolicy...).
      Resource: [arns.iamRoles, arns.iamPolicies, account.iamOidcProviders, account.awsManagedPolicies],
    },
    { Sid: 'ReadEks', Effect: 'Allow', Action: ['eks:Describe*', 'eks:List*'], Resource: [...arns.eks] },
    { Sid: 'ReadEcr', Effect: 'Allow', Action: [...ECR_REPOSITORY_READ_ACTIONS], Resource: arns.ecrRepositories },
    { Sid: 'ReadS3Buckets', Effect: 'Allow', Action: [...S3_BUCKET_READ_ACTIONS], Resource: arns.s3Buckets },
    {
      Sid: 'ReadCloudFront',
      Effect: 'Allow',
      Action: ['cloudfront:Get*', 'cloudfront:Describe*', 'cloudfront:List*'],
      Resource: [arns.cloudfrontDistributions, ...arns.cloudfrontUntaggable],
    },
    { Sid: 'ReadWaf', Effect: 'Allow', Action: ['wafv2:Get*', 'wafv2:List*'], Resource: [arns.wafWebAcls, account.wafManagedRuleSets] },
    // Key metadata, policy and rotation status: no cryptographic operation.
    { Sid: 'ReadKms', Effect: 'Allow', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: [arns.kmsKeys, arns.kmsAliases] },
    // Log group configuration, not log events.
    { Sid: 'ReadLogs', Effect: 'Allow', Action: ['logs:Describe*', 'logs:List*'], Resource: [...arns.logGroups] },
    { Sid: 'ReadCertificates', Effect: 'Allow', Action: ['acm:Describe*', 'acm:Get*', 'acm:List*'], Resource: arns.acmCertificates },
    { Sid: 'ReadAlarms', Effect: 'Allow', Action: ['cloudwatch:Describe*', 'cloudwatch:List*'], Resource: arns.alarms },
    // Topic attributes (policy, key) and subscriptions: no message is ever readable from SNS.
    {
      Sid: 'ReadAlarmTopics',
      Effect: 'Allow',
      Action: ['sns:GetTopicAttributes', 'sns:ListTagsForResource', 'sns:ListSubscriptionsByTopic', 'sns:GetSubscriptionAttributes'],
      Resource: arns.snsTopics,
    },
    // The provider refreshes an aws_cloudwatch_dashboard with GetDashboard (its body and ARN).
    { Sid: 'ReadDashboards', Effect: 'Allow', Action: ['cloudwatch:GetDashboard'], Resource: arns.dashboards },
  ];
}

/**
 * Refreshing an aws_ssm_parameter: GetParameter (the provider always asks WithDecryption=true,
 * which for a String parameter needs nothing more), plus its tags. Metadata comes from
 * ssm:DescribeParameters in `Discover`.
 */
export function parameterReadStatement(sid: string, parameterArns: readonly string[]): PolicyStatement {
  return { Sid: sid, Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:ListTagsForResource'], Resource: [...parameterArns] };
}
