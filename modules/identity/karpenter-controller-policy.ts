/**
 * The Karpenter controller's IAM policy, as Karpenter v1.14 documents it (the getting-started
 * CloudFormation template, kept as test/fixtures/karpenter/v1.14.1/cloudformation.yaml) and
 * narrower where this platform allows:
 * - resources in this account and region instead of `*:*` accounts;
 * - subnets and security groups only with this cluster's discovery tag (the ones the
 *   EC2NodeClass selects);
 * - instance profiles only under the path Karpenter gives its own
 *   (`/karpenter/<region>/<cluster>/`), besides the documented tag conditions;
 * - no capacity reservation or placement group (no EC2NodeClass here selects one) and no zonal
 *   shift status (`settings.enableZonalShift` is off).
 * Every statement keeps the template's Sid, so the two are easy to compare on upgrade
 * (test/modules/identity/karpenter-controller-policy.test.ts compares them action by action).
 */
import { karpenterInstanceProfilePath, KARPENTER_DISCOVERY_TAG_KEY } from '../shared/karpenter-names';
import type { PolicyStatement } from '../shared/policy-document';

export interface KarpenterControllerPolicyInput {
  /** The cluster's name as a literal (`qa-dev`): condition keys are built from it. */
  readonly clusterName: string;
  readonly region: string;
  readonly accountId: string;
  /** ARN of the node role (the only role the controller may pass). */
  readonly nodeRoleArn: string;
  /** ARN of the interruption queue. */
  readonly interruptionQueueArn: string;
}

/** The EC2 actions that launch nodes (Karpenter uses CreateFleet; RunInstances is authorized within it). */
export const KARPENTER_LAUNCH_ACTIONS = ['ec2:RunInstances', 'ec2:CreateFleet'] as const;

/** Actions the template grants that this policy leaves out on purpose, with the reason. */
export const KARPENTER_OMITTED_ACTIONS: Readonly<Record<string, string>> = {
  'arc-zonal-shift:GetManagedResource': 'settings.enableZonalShift is off (modules/addons/karpenter), so the controller never asks',
};

export function karpenterControllerStatements(input: KarpenterControllerPolicyInput): PolicyStatement[] {
  const { clusterName, region, accountId } = input;
  const ec2 = (type: string) => `arn:aws:ec2:${region}:${accountId}:${type}/*`;
  const ownedTag = `kubernetes.io/cluster/${clusterName}`;
  const launched = ['fleet', 'instance', 'volume', 'network-interface', 'launch-template', 'spot-instances-request'].map(ec2);
  const instanceProfiles = `arn:aws:iam::${accountId}:instance-profile${karpenterInstanceProfilePath(region, clusterName)}*`;
  // Instance profiles of the account, for reads: Karpenter reads a profile by name, and IAM
  // authorizes a read of a profile that does not exist (yet) without knowing its path.
  const anyInstanceProfile = `arn:aws:iam::${accountId}:instance-profile/*`;
  return [
    {
      // Public EKS-optimized AMIs and their snapshots: owned by AWS, in no account of ours and
      // without our tags, so the region is the only scope. Launching reads them; nothing changes them.
      Sid: 'AllowScopedEC2InstanceAccessActions',
      Effect: 'Allow',
      Action: [...KARPENTER_LAUNCH_ACTIONS],
      Resource: [`arn:aws:ec2:${region}::image/*`, `arn:aws:ec2:${region}::snapshot/*`],
    },
    {
      Sid: 'AllowLaunchIntoDiscoveredSubnetsAndSecurityGroups',
      Effect: 'Allow',
      Action: [...KARPENTER_LAUNCH_ACTIONS],
      Resource: [ec2('subnet'), ec2('security-group')],
      Condition: { StringEquals: { [`aws:ResourceTag/${KARPENTER_DISCOVERY_TAG_KEY}`]: clusterName } },
    },
    {
      Sid: 'AllowScopedEC2LaunchTemplateAccessActions',
      Effect: 'Allow',
      Action: [...KARPENTER_LAUNCH_ACTIONS],
      Resource: ec2('launch-template'),
      Condition: { StringEquals: { [`aws:ResourceTag/${ownedTag}`]: 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
    },
    {
      Sid: 'AllowScopedEC2InstanceActionsWithTags',
      Effect: 'Allow',
      Action: [...KARPENTER_LAUNCH_ACTIONS, 'ec2:CreateLaunchTemplate'],
      Resource: launched,
      Condition: {
        StringEquals: { [`aws:RequestTag/${ownedTag}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': clusterName },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      Sid: 'AllowScopedResourceCreationTagging',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: launched,
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${ownedTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'ec2:CreateAction': ['RunInstances', 'CreateFleet', 'CreateLaunchTemplate'],
        },
        StringLike: { 'aws:RequestTag/karpenter.sh/nodepool': '*' },
      },
    },
    {
      // Tags Karpenter adds to its own running instances (the NodeClaim's name, Name).
      Sid: 'AllowScopedResourceTagging',
      Effect: 'Allow',
      Action: 'ec2:CreateTags',
      Resource: ec2('instance'),
      Condition: {
        'StringEquals': { [`aws:ResourceTag/${ownedTag}`]: 'owned' },
        'StringLike': { 'aws:ResourceTag/karpenter.sh/nodepool': '*' },
        'StringEqualsIfExists': { 'aws:RequestTag/eks:eks-cluster-name': clusterName },
        'ForAllValues:StringEquals': { 'aws:TagKeys': ['eks:eks-cluster-name', 'karpenter.sh/nodeclaim', 'Name'] },
      },
    },
    {
      Sid: 'AllowScopedDeletion',
      Effect: 'Allow',
      Action: ['ec2:TerminateInstances', 'ec2:DeleteLaunchTemplate'],
      Resource: [ec2('instance'), ec2('launch-template')],
      Condition: { StringEquals: { [`aws:ResourceTag/${ownedTag}`]: 'owned' }, StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } },
    },
    {
      Sid: 'AllowPassingInstanceRole',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: input.nodeRoleArn,
      Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
    },
    {
      Sid: 'AllowScopedInstanceProfileCreationActions',
      Effect: 'Allow',
      Action: 'iam:CreateInstanceProfile',
      Resource: instanceProfiles,
      Condition: {
        StringEquals: { [`aws:RequestTag/${ownedTag}`]: 'owned', 'aws:RequestTag/eks:eks-cluster-name': clusterName, 'aws:RequestTag/topology.kubernetes.io/region': region },
        StringLike: { 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileTagActions',
      Effect: 'Allow',
      Action: 'iam:TagInstanceProfile',
      Resource: instanceProfiles,
      Condition: {
        StringEquals: {
          [`aws:ResourceTag/${ownedTag}`]: 'owned',
          'aws:ResourceTag/topology.kubernetes.io/region': region,
          [`aws:RequestTag/${ownedTag}`]: 'owned',
          'aws:RequestTag/eks:eks-cluster-name': clusterName,
          'aws:RequestTag/topology.kubernetes.io/region': region,
        },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*', 'aws:RequestTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowScopedInstanceProfileActions',
      Effect: 'Allow',
      Action: ['iam:AddRoleToInstanceProfile', 'iam:RemoveRoleFromInstanceProfile', 'iam:DeleteInstanceProfile'],
      Resource: instanceProfiles,
      Condition: {
        StringEquals: { [`aws:ResourceTag/${ownedTag}`]: 'owned', 'aws:ResourceTag/topology.kubernetes.io/region': region },
        StringLike: { 'aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass': '*' },
      },
    },
    {
      Sid: 'AllowAPIServerEndpointDiscovery',
      Effect: 'Allow',
      Action: 'eks:DescribeCluster',
      Resource: `arn:aws:eks:${region}:${accountId}:cluster/${clusterName}`,
    },
    {
      Sid: 'AllowInterruptionQueueActions',
      Effect: 'Allow',
      Action: ['sqs:DeleteMessage', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'],
      Resource: input.interruptionQueueArn,
    },
    {
      // Describe calls have no resource-level permission ("*", on the allow-list of
      // modules/shared/wildcard-resource-actions.ts); the region condition keeps them to this one.
      Sid: 'AllowRegionalReadActions',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeCapacityReservations',
        'ec2:DescribeImages',
        'ec2:DescribeInstances',
        'ec2:DescribeInstanceStatus',
        'ec2:DescribeInstanceTypeOfferings',
        'ec2:DescribeInstanceTypes',
        'ec2:DescribeLaunchTemplates',
        'ec2:DescribePlacementGroups',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSpotPriceHistory',
        'ec2:DescribeSubnets',
      ],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': region } },
    },
    {
      // The AMI alias resolves through AWS's public parameters (/aws/service/eks/optimized-ami/...).
      Sid: 'AllowSSMReadActions',
      Effect: 'Allow',
      Action: 'ssm:GetParameter',
      Resource: `arn:aws:ssm:${region}::parameter/aws/service/*`,
    },
    {
      // The Price List API has no resources at all ("*", on the allow-list).
      Sid: 'AllowPricingReadActions',
      Effect: 'Allow',
      Action: 'pricing:GetProducts',
      Resource: '*',
    },
    {
      // The template grants the list on "*"; profiles of this account are enough.
      Sid: 'AllowUnscopedInstanceProfileListAction',
      Effect: 'Allow',
      Action: 'iam:ListInstanceProfiles',
      Resource: anyInstanceProfile,
    },
    {
      Sid: 'AllowInstanceProfileReadActions',
      Effect: 'Allow',
      Action: 'iam:GetInstanceProfile',
      Resource: anyInstanceProfile,
    },
  ];
}
