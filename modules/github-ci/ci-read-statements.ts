import type { CiPolicyScope } from './ci-resource-arns';
import { ciResourceArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

/**
 * Actions granted on `Resource: "*"`: each is on the allow-list in
 * modules/shared/wildcard-resource-actions.ts (no resource-level permission exists for them).
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
 * What `terraform plan` needs to refresh the platform's resources: read, list and describe verbs
 * only, each on the resources named with the project's prefix. Both CI roles get these (an apply
 * refreshes first).
 */
export function readStatements(scope: CiPolicyScope): PolicyStatement[] {
  const arns = ciResourceArns(scope);
  return [
    { Sid: 'Discover', Effect: 'Allow', Action: [...CI_DISCOVERY_ACTIONS], Resource: '*' },
    {
      Sid: 'ReadIam',
      Effect: 'Allow',
      Action: ['iam:Get*', 'iam:List*'],
      // AWS managed policies are read when a role attaches one (AmazonEKSClusterPolicy...).
      Resource: [arns.iamRoles, arns.iamPolicies, arns.iamOidcProviders, arns.awsManagedPolicies],
    },
    { Sid: 'ReadEks', Effect: 'Allow', Action: ['eks:Describe*', 'eks:List*'], Resource: arns.eks },
    { Sid: 'ReadEcr', Effect: 'Allow', Action: ['ecr:Describe*', 'ecr:Get*', 'ecr:List*'], Resource: arns.ecrRepositories },
    // Bucket configuration only: no object ARN, so no object (other than state, below) is readable.
    { Sid: 'ReadS3Buckets', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: arns.s3Buckets },
    { Sid: 'ReadCloudFront', Effect: 'Allow', Action: ['cloudfront:Get*', 'cloudfront:Describe*', 'cloudfront:List*'], Resource: arns.cloudfront },
    { Sid: 'ReadWaf', Effect: 'Allow', Action: ['wafv2:Get*', 'wafv2:List*'], Resource: [arns.wafWebAcls, arns.wafManagedRuleSets] },
    { Sid: 'ReadKms', Effect: 'Allow', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*'], Resource: [arns.kmsKeys, arns.kmsAliases] },
    { Sid: 'ReadLogs', Effect: 'Allow', Action: ['logs:Describe*', 'logs:List*'], Resource: arns.logGroups },
    {
      Sid: 'ReadParameters',
      Effect: 'Allow',
      Action: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:ListTagsForResource'],
      Resource: [...arns.ssmEnvironmentParameters, arns.ssmPublicParameters],
    },
    {
      // Refreshing a SecureString parameter decrypts it; only through SSM, never directly.
      Sid: 'DecryptParameters',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: arns.regions.map(arns.kmsKeysIn),
      Condition: { StringEquals: { 'kms:ViaService': arns.ssmViaServices } },
    },
    { Sid: 'ReadCertificates', Effect: 'Allow', Action: ['acm:Describe*', 'acm:Get*', 'acm:List*'], Resource: arns.acmCertificates },
    { Sid: 'ReadAlarms', Effect: 'Allow', Action: ['cloudwatch:Describe*', 'cloudwatch:List*'], Resource: arns.alarms },
  ];
}
