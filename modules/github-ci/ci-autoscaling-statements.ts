/**
 * What the CI roles need for node autoscaling (modules/autoscaling): the interruption queue and its
 * EventBridge rules, by name (`<prefix>-<env>-*`), and Karpenter's discovery tag on the security
 * group EKS made for the cluster. The roles, their policies, the access entry and the Pod Identity
 * association are covered by the IAM and EKS statements already.
 */
import type { CiDeployScope } from './ci-deploy-scope';
import type { CiAccountScope } from './ci-resource-arns';
import { KARPENTER_DISCOVERY_TAG_KEY } from '../shared/karpenter-names';
import { environmentResourceName } from '../shared/naming';
import type { PolicyStatement } from '../shared/policy-document';

/** Create, change and delete the environment's queues and EventBridge rules (names `<prefix>-<env>-*`). */
export function autoscalingDeployStatements(scope: CiDeployScope): PolicyStatement[] {
  const { region } = scope.environment;
  const acct = scope.accountId;
  const name = environmentResourceName(scope.namePrefix, scope.environment.name);
  return [
    {
      Sid: 'DeployInterruptionQueues',
      Effect: 'Allow',
      Action: ['sqs:CreateQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:TagQueue', 'sqs:UntagQueue'],
      Resource: `arn:aws:sqs:${region}:${acct}:${name}-*`,
    },
    {
      // SQS targets are authorized by the queue's policy, so PutTargets passes no role.
      Sid: 'DeployInterruptionRules',
      Effect: 'Allow',
      Action: ['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:TagResource', 'events:UntagResource'],
      Resource: `arn:aws:events:${region}:${acct}:rule/${name}-*`,
    },
    {
      // The cluster security group is EKS's (it carries no tags of ours, only aws:eks:cluster-name),
      // so it is scoped by that tag; and only the discovery tag may be set or removed on it.
      Sid: 'TagClusterSecurityGroupForKarpenter',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: `arn:aws:ec2:${region}:${acct}:security-group/*`,
      Condition: {
        'StringEquals': { 'aws:ResourceTag/aws:eks:cluster-name': name },
        'ForAllValues:StringEquals': { 'aws:TagKeys': [KARPENTER_DISCOVERY_TAG_KEY] },
      },
    },
  ];
}

/** What `terraform plan` reads to refresh them: attributes and tags, never a message. */
export function autoscalingReadStatements(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>, environment?: { name: string; region: string }): PolicyStatement[] {
  const region = environment?.region ?? '*';
  const names = environment ? `${environmentResourceName(scope.namePrefix, environment.name)}-*` : `${scope.namePrefix}-*`;
  return [
    { Sid: 'ReadInterruptionQueues', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ListQueueTags'], Resource: `arn:aws:sqs:${region}:${scope.accountId}:${names}` },
    { Sid: 'ReadInterruptionRules', Effect: 'Allow', Action: ['events:DescribeRule', 'events:ListTargetsByRule', 'events:ListTagsForResource'], Resource: `arn:aws:events:${region}:${scope.accountId}:rule/${names}` },
  ];
}
