/** Violating and compliant snippets of the node autoscaling rules (Karpenter roles, queue, events, discovery tags). */
import { merge, policy, resource, stackOf, type RuleCase } from './fixtures';
import { karpenterControllerStatements } from '../../../modules/identity/karpenter-controller-policy';
import {
  karpenterControllerClusterScoped,
  karpenterDiscoveryTags,
  karpenterInterruptionEventsRouted,
  karpenterPassesNodeRoleOnly,
  sqsQueueEncryptedTlsOnly,
} from '../rules/node-autoscaling';
import { kmsEc2MutationsScoped } from '../rules/tag-scoped-mutations';

const CLUSTER = 'qa-dev';
const NODE_ROLE = '${aws_iam_role.karpenter_node_role_1.arn}';
const QUEUE_ARN = '${aws_sqs_queue.karpenter_queue_2.arn}';

const controllerRole = resource('aws_iam_role', 'karpenter_controller_role_3', {
  name: 'qa-dev-karpenter-controller',
  assume_role_policy: policy({
    Effect: 'Allow',
    Principal: { Service: 'pods.eks.amazonaws.com' },
    Action: ['sts:AssumeRole', 'sts:TagSession'],
    Condition: { StringEquals: { 'aws:RequestTag/eks-cluster-name': CLUSTER, 'aws:RequestTag/kubernetes-namespace': 'kube-system', 'aws:RequestTag/kubernetes-service-account': 'karpenter' } },
  }),
});
const nodeRole = resource('aws_iam_role', 'karpenter_node_role_1', {
  name: 'qa-dev-karpenter-node',
  assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }),
});
const otherRole = resource('aws_iam_role', 'cluster_role_4', {
  name: 'qa-dev-cluster',
  assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: ['sts:AssumeRole'] }),
});
const nodeAccessEntry = resource('aws_eks_access_entry', 'karpenter_node_entry_5', { cluster_name: CLUSTER, principal_arn: NODE_ROLE, type: 'EC2_LINUX' });

/** The real controller statements, rendered with references as the platform stack renders them. */
const statements = () =>
  karpenterControllerStatements({
    clusterName: CLUSTER,
    region: 'eu-west-1',
    accountId: '111122223333',
    nodeRoleArn: NODE_ROLE,
    interruptionQueueArn: QUEUE_ARN,
  }) as Array<Record<string, any>>;
const controllerPolicy = (list: Array<Record<string, unknown>>) =>
  resource('aws_iam_role_policy', 'karpenter_controller_policy_6', {
    name: 'qa-dev-karpenter-controller-policy',
    role: '${aws_iam_role.karpenter_controller_role_3.name}',
    policy: policy(...list),
  });
const replaced = (sid: string, change: (st: Record<string, any>) => Record<string, unknown>) =>
  statements().map((st) => (st.Sid === sid ? change(st) : st));

const queue = (attrs: Record<string, unknown> = { sqs_managed_sse_enabled: true }) => resource('aws_sqs_queue', 'karpenter_queue_2', { name: 'qa-dev-karpenter-interruption', ...attrs });
const queuePolicy = (...list: Array<Record<string, unknown>>) => resource('aws_sqs_queue_policy', 'karpenter_queue_policy_7', { queue_url: '${aws_sqs_queue.karpenter_queue_2.url}', policy: policy(...list) });
const SEND = {
  Effect: 'Allow',
  Principal: { Service: 'events.amazonaws.com' },
  Action: 'sqs:SendMessage',
  Resource: QUEUE_ARN,
  Condition: { ArnEquals: { 'aws:SourceArn': ['${aws_cloudwatch_event_rule.karpenter_rule_spot_4.arn}'] } },
};
const DENY_HTTP = { Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: QUEUE_ARN, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

const DETAIL_TYPES: Array<[string, string]> = [
  ['spot', 'EC2 Spot Instance Interruption Warning'],
  ['rebalance', 'EC2 Instance Rebalance Recommendation'],
  ['state', 'EC2 Instance State-change Notification'],
  ['health', 'AWS Health Event'],
];
const eventRules = (kinds: Array<[string, string]>) =>
  merge(
    ...kinds.map(([id, detailType]) => resource('aws_cloudwatch_event_rule', `rule_${id}`, { name: `qa-dev-karpenter-${id}`, event_pattern: JSON.stringify({ 'source': ['aws.ec2'], 'detail-type': [detailType] }) })),
    ...kinds.map(([id]) => resource('aws_cloudwatch_event_target', `target_${id}`, { rule: `\${aws_cloudwatch_event_rule.rule_${id}.name}`, arn: QUEUE_ARN })),
  );

const subnet = (id: string, kind: 'public' | 'private', discovery: boolean) =>
  resource('aws_subnet', id, { tags: { [kind === 'public' ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb']: '1', ...(discovery ? { 'karpenter.sh/discovery': CLUSTER } : {}) } });
const sgTag = resource('aws_ec2_tag', 'cluster_sg_discovery_8', { resource_id: '${aws_eks_cluster.cluster_9.vpc_config[0].cluster_security_group_id}', key: 'karpenter.sh/discovery', value: CLUSTER });

const controller = (list = statements()) => merge(controllerRole, nodeRole, nodeAccessEntry, controllerPolicy(list));

export const NODE_AUTOSCALING_CASES: readonly RuleCase[] = [
  {
    rule: karpenterPassesNodeRoleOnly,
    violates: 'a controller allowed to pass any role of the environment, to any service',
    violating: stackOf(controller(replaced('AllowPassingInstanceRole', (st) => ({ ...st, Resource: 'arn:aws:iam::111122223333:role/qa-dev-*', Condition: undefined })))),
    address: 'aws_iam_role.karpenter_controller_role_3',
    complies: 'the documented PassRole of the node role (EC2_LINUX access entry) to ec2.amazonaws.com',
    compliant: stackOf(controller()),
  },
  {
    rule: karpenterPassesNodeRoleOnly,
    violates: 'a controller passing, by reference, a role that nodes do not use (the cluster role)',
    violating: stackOf(merge(controller(replaced('AllowPassingInstanceRole', (st) => ({ ...st, Resource: '${aws_iam_role.cluster_role_4.arn}' }))), otherRole)),
    address: 'aws_iam_role.karpenter_controller_role_3',
    complies: 'other Pod Identity roles with no PassRole at all are out of scope',
    compliant: stackOf(merge(otherRole, nodeRole, nodeAccessEntry)),
  },
  {
    rule: karpenterControllerClusterScoped,
    violates: 'TerminateInstances without the cluster ownership tag (any instance of the account)',
    violating: stackOf(controller(replaced('AllowScopedDeletion', (st) => ({ ...st, Condition: { StringLike: { 'aws:ResourceTag/karpenter.sh/nodepool': '*' } } })))),
    address: 'aws_iam_role.karpenter_controller_role_3',
    complies: 'the platform\'s controller policy (cluster tags, discovery tag, AMIs by region)',
    compliant: stackOf(controller()),
  },
  {
    rule: karpenterControllerClusterScoped,
    violates: 'launching into any subnet (no discovery tag) and instance-profile writes on "*"',
    violating: stackOf(
      controller([
        ...replaced('AllowLaunchIntoDiscoveredSubnetsAndSecurityGroups', (st) => ({ ...st, Condition: undefined })),
        { Sid: 'AnyProfile', Effect: 'Allow', Action: 'iam:DeleteInstanceProfile', Resource: '*' },
      ]),
    ),
    address: 'aws_iam_role.karpenter_controller_role_3',
    complies: 'a controller without mutations (reads only)',
    compliant: stackOf(controller(statements().filter((st) => /Read|Discovery|Queue|List/.test(st.Sid)))),
  },
  {
    rule: sqsQueueEncryptedTlsOnly,
    violates: 'an unencrypted queue whose policy lets any AWS account send, over plain HTTP too',
    violating: stackOf(merge(queue({}), queuePolicy({ ...SEND, Principal: { AWS: '*' } }))),
    address: 'aws_sqs_queue.karpenter_queue_2',
    complies: 'SSE-SQS, sends from its own EventBridge rules only, non-TLS denied',
    compliant: stackOf(merge(queue(), queuePolicy(SEND, DENY_HTTP))),
  },
  {
    rule: sqsQueueEncryptedTlsOnly,
    violates: 'a queue any account\'s EventBridge rule may send to (Karpenter\'s template as published: no aws:SourceArn)',
    violating: stackOf(merge(queue(), queuePolicy({ ...SEND, Principal: { Service: ['events.amazonaws.com', 'sqs.amazonaws.com'] }, Condition: undefined }, DENY_HTTP))),
    address: 'aws_sqs_queue.karpenter_queue_2',
    complies: 'the same service principal, limited to this stack\'s rule by aws:SourceArn',
    compliant: stackOf(merge(queue(), queuePolicy(SEND, DENY_HTTP))),
  },
  {
    rule: sqsQueueEncryptedTlsOnly,
    violates: 'an encrypted queue with no queue policy at all',
    violating: stackOf(queue({ kms_master_key_id: '${aws_kms_key.queue_key_10.arn}' })),
    address: 'aws_sqs_queue.karpenter_queue_2',
    complies: 'a KMS-encrypted queue denying non-TLS',
    compliant: stackOf(merge(queue({ kms_master_key_id: '${aws_kms_key.queue_key_10.arn}' }), queuePolicy(DENY_HTTP))),
  },
  {
    rule: karpenterInterruptionEventsRouted,
    violates: 'a queue that gets spot interruptions only (no rebalance, state-change or health events)',
    violating: stackOf(merge(controller(), queue(), eventRules(DETAIL_TYPES.slice(0, 1)))),
    address: 'aws_sqs_queue.karpenter_queue_2',
    complies: 'the four rules, each targeting the queue the controller reads',
    compliant: stackOf(merge(controller(), queue(), eventRules(DETAIL_TYPES))),
  },
  {
    rule: karpenterInterruptionEventsRouted,
    violates: 'a controller that reads no queue',
    violating: stackOf(controller(statements().filter((st) => st.Sid !== 'AllowInterruptionQueueActions'))),
    address: 'aws_iam_role.karpenter_controller_role_3',
    complies: 'a stack without a Karpenter controller',
    compliant: stackOf(merge(queue(), otherRole)),
  },
  {
    rule: karpenterDiscoveryTags,
    violates: 'a public subnet carrying the discovery tag, and a private one without it',
    violating: stackOf(merge(controller(), subnet('public_11', 'public', true), subnet('private_12', 'private', false), sgTag)),
    address: 'aws_subnet.public_11',
    complies: 'private subnets and the cluster security group tagged, public subnets not',
    compliant: stackOf(merge(controller(), subnet('public_11', 'public', false), subnet('private_12', 'private', true), sgTag)),
  },
  {
    rule: karpenterDiscoveryTags,
    violates: 'no discovery tag on the cluster security group',
    violating: stackOf(merge(controller(), subnet('private_12', 'private', true))),
    address: 'aws_iam_role.karpenter_controller_role_3',
    complies: 'subnets of a stack without Karpenter are out of scope',
    compliant: stackOf(merge(otherRole, subnet('public_11', 'public', true))),
  },
  {
    rule: kmsEc2MutationsScoped,
    violates: 'RunInstances on AMIs together with every instance of the account, and a cluster tag matched by a wildcard',
    violating: stackOf(
      controllerPolicy([
        { Effect: 'Allow', Action: ['ec2:RunInstances'], Resource: ['arn:aws:ec2:eu-west-1::image/*', 'arn:aws:ec2:eu-west-1:111122223333:instance/*'] },
        { Effect: 'Allow', Action: 'ec2:TerminateInstances', Resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/*', Condition: { StringLike: { 'aws:ResourceTag/kubernetes.io/cluster/qa-dev': '*' } } },
      ]),
    ),
    address: 'aws_iam_role_policy.karpenter_controller_policy_6',
    complies: 'the Karpenter controller policy: scoped by the cluster\'s ownership and discovery tags, AMIs used only to launch',
    compliant: stackOf(controllerPolicy(statements())),
  },
];
