import { chatChannelDeployStatements } from './ci-chat-channel-statements';
import { taggedFor, type CiDeployScope } from './ci-deploy-scope';
import { ec2Statements } from './ci-ec2-statements';
import { entryDeployStatements } from './ci-entry-statements';
import { iamStatements } from './ci-iam-statements';
import { kmsStatements } from './ci-kms-statements';
import { accountArns, environmentArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

/** The deploy policies of an environment's deploy role, one group of statements per managed policy. */
export interface DeployStatementGroups {
  readonly network: PolicyStatement[];
  readonly cluster: PolicyStatement[];
  readonly edge: PolicyStatement[];
  /** The chatbot's public entry (modules/edge): ci-entry-statements.ts. */
  readonly entry: PolicyStatement[];
  readonly operations: PolicyStatement[];
}

/**
 * Create/update/delete permissions for the stacks of one environment, as verb-prefix patterns per
 * service, on that environment's resources only: by name (`<prefix>-<env>-*`) where the resource
 * has one in its ARN, by the Project and Environment tags where its id is random (EC2, KMS,
 * CloudFront distributions, the cluster's OIDC provider).
 */
export function deployStatements(scope: CiDeployScope): DeployStatementGroups {
  const arns = environmentArns(scope, scope.environment);
  const cluster: PolicyStatement[] = [
    {
      Sid: 'DeployEks',
      Effect: 'Allow',
      Action: ['eks:Create*', 'eks:Delete*', 'eks:Update*', 'eks:Associate*', 'eks:Disassociate*', 'eks:TagResource', 'eks:UntagResource'],
      Resource: [...arns.eks],
    },
    ...iamStatements(scope),
  ];
  const edge: PolicyStatement[] = [
    {
      Sid: 'DeployS3Buckets',
      Effect: 'Allow',
      Action: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucket*', 's3:DeleteBucket*', 's3:PutEncryptionConfiguration', 's3:PutLifecycleConfiguration'],
      Resource: arns.s3Buckets,
    },
    {
      // The web UI is uploaded (lifecycle.yml `artifact`), and a bucket is emptied (all
      // versions) before it is destroyed.
      Sid: 'DeployS3Objects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: arns.s3Objects,
    },
    {
      // Tags in CreateDistributionWithTags are authorized as cloudfront:TagResource.
      Sid: 'CreateTaggedDistributions',
      Effect: 'Allow',
      Action: ['cloudfront:CreateDistribution', 'cloudfront:TagResource'],
      Resource: arns.cloudfrontDistributions,
      Condition: taggedFor(scope.tags, 'aws:RequestTag'),
    },
    {
      Sid: 'ChangeTaggedDistributions',
      Effect: 'Allow',
      Action: ['cloudfront:UpdateDistribution', 'cloudfront:DeleteDistribution', 'cloudfront:CreateInvalidation', 'cloudfront:TagResource', 'cloudfront:UntagResource'],
      Resource: arns.cloudfrontDistributions,
      Condition: taggedFor(scope.tags, 'aws:ResourceTag'),
    },
    {
      // Origin access controls and response headers policies can be neither named in an ARN nor
      // tagged: the account is their narrowest scope. Neither grants access by itself (a
      // distribution, tag-scoped above, has to use them).
      Sid: 'DeployUntaggableCloudFrontConfig',
      Effect: 'Allow',
      Action: [
        'cloudfront:CreateOriginAccessControl',
        'cloudfront:UpdateOriginAccessControl',
        'cloudfront:DeleteOriginAccessControl',
        'cloudfront:CreateResponseHeadersPolicy',
        'cloudfront:UpdateResponseHeadersPolicy',
        'cloudfront:DeleteResponseHeadersPolicy',
      ],
      Resource: [...arns.cloudfrontUntaggable],
    },
    {
      Sid: 'DeployWaf',
      Effect: 'Allow',
      Action: ['wafv2:Create*', 'wafv2:Update*', 'wafv2:Delete*', 'wafv2:TagResource', 'wafv2:UntagResource'],
      // A web ACL that references AWS managed rule groups is authorized on those too.
      Resource: [arns.wafWebAcls, accountArns(scope).wafManagedRuleSets],
    },
    {
      // Repository settings only: images are pushed by the environment's image role.
      Sid: 'DeployEcrRepositories',
      Effect: 'Allow',
      Action: [
        'ecr:CreateRepository',
        'ecr:DeleteRepository',
        'ecr:PutLifecyclePolicy',
        'ecr:DeleteLifecyclePolicy',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:SetRepositoryPolicy',
        'ecr:DeleteRepositoryPolicy',
        'ecr:TagResource',
        'ecr:UntagResource',
      ],
      Resource: arns.ecrRepositories,
    },
  ];
  const operations: PolicyStatement[] = [
    ...kmsStatements(scope),
    {
      Sid: 'DeployLogGroups',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:AssociateKmsKey',
        'logs:DisassociateKmsKey',
        'logs:TagResource',
        'logs:UntagResource',
        'logs:TagLogGroup',
        'logs:UntagLogGroup',
      ],
      Resource: [...arns.logGroups],
    },
    {
      Sid: 'DeployParameters',
      Effect: 'Allow',
      Action: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:DeleteParameters', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'],
      Resource: arns.ssmParameters,
    },
    {
      Sid: 'DeployAlarms',
      Effect: 'Allow',
      Action: ['cloudwatch:PutMetricAlarm', 'cloudwatch:PutCompositeAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
      Resource: arns.alarms,
    },
    {
      // The alarm topics, their policies and subscriptions (a subscription's ARN starts with its topic's).
      Sid: 'DeployAlarmTopics',
      Effect: 'Allow',
      Action: [
        'sns:CreateTopic',
        'sns:DeleteTopic',
        'sns:SetTopicAttributes',
        'sns:Subscribe',
        'sns:Unsubscribe',
        'sns:SetSubscriptionAttributes',
        'sns:TagResource',
        'sns:UntagResource',
      ],
      Resource: arns.snsTopics,
    },
    {
      Sid: 'DeployDashboards',
      Effect: 'Allow',
      Action: ['cloudwatch:PutDashboard', 'cloudwatch:GetDashboard', 'cloudwatch:DeleteDashboards'],
      Resource: arns.dashboards,
    },
    // AWS Chatbot channels for the alarm topics (Slack and Teams targets of slo.notifications).
    ...chatChannelDeployStatements(scope),
  ];
  return { network: ec2Statements(scope), cluster, edge, entry: entryDeployStatements(scope), operations };
}
