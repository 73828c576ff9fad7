import { expect } from 'chai';
import { INTERRUPTION_EVENTS, INTERRUPTION_MESSAGE_RETENTION_SECONDS } from '../../../modules/autoscaling/interruption-queue';
import { NodeAutoscaling } from '../../../modules/autoscaling/node-autoscaling';
import { NODE_MANAGED_POLICY_ARNS } from '../../../modules/cluster/node-group';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs } from '../../support/synth';
import { BOUNDARY_ARN } from '../identity/cluster-oidc';

function synth() {
  return synthConstructs((stack) => {
    new NodeAutoscaling(stack, 'karpenter', { clusterName: 'qa-dev', baseName: 'qa-dev', region: 'eu-west-1', accountId: '111122223333', permissionsBoundaryArn: BOUNDARY_ARN });
  });
}

const roles = (json: ReturnType<typeof synth>) => Object.entries(resourcesOf(json, 'aws_iam_role'));
const roleNamed = (json: ReturnType<typeof synth>, name: string) => {
  const found = roles(json).find(([, r]) => r.name === name);
  if (!found) throw new Error(`no role ${name}`);
  return { id: found[0], role: found[1] };
};

describe('modules/autoscaling/node-autoscaling', () => {
  describe('the interruption queue', () => {
    it('is encrypted (SSE-SQS) and keeps a message five minutes', () => {
      const queue = onlyResource(synth(), 'aws_sqs_queue');
      expect(queue).to.include({ name: 'qa-dev-karpenter-interruption', sqs_managed_sse_enabled: true, message_retention_seconds: INTERRUPTION_MESSAGE_RETENTION_SECONDS });
    });

    it('accepts messages from its own EventBridge rules only (aws:SourceArn), and nothing over plain HTTP', () => {
      const json = synth();
      const [queueId] = Object.keys(resourcesOf(json, 'aws_sqs_queue'));
      const policy = onlyResource(json, 'aws_sqs_queue_policy');
      expect(policy.queue_url).to.equal(`\${aws_sqs_queue.${queueId}.url}`);
      const queueArn = `\${aws_sqs_queue.${queueId}.arn}`;
      const ruleArns = Object.keys(resourcesOf(json, 'aws_cloudwatch_event_rule')).map((id) => `\${aws_cloudwatch_event_rule.${id}.arn}`).sort();
      expect(ruleArns).to.have.length(INTERRUPTION_EVENTS.length);
      const statements = parsePolicy(policy.policy).Statement;
      statements[0].Condition.ArnEquals['aws:SourceArn'].sort();
      expect(statements).to.deep.equal([
        {
          Sid: 'EventBridgeSendsInterruptionEvents',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: queueArn,
          Condition: { ArnEquals: { 'aws:SourceArn': ruleArns } },
        },
        { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ]);
    });

    it('gets spot interruptions, rebalance recommendations, instance state changes and scheduled health events, each rule targeting it', () => {
      const json = synth();
      const [queueId] = Object.keys(resourcesOf(json, 'aws_sqs_queue'));
      const rules = Object.entries(resourcesOf(json, 'aws_cloudwatch_event_rule'));
      const patterns = rules.map(([, r]) => JSON.parse(r.event_pattern));
      expect(patterns).to.deep.include.members([
        { 'source': ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
        { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance Rebalance Recommendation'] },
        { 'source': ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] },
        { 'source': ['aws.health'], 'detail-type': ['AWS Health Event'] },
      ]);
      expect(rules).to.have.length(INTERRUPTION_EVENTS.length);
      const targets = Object.values(resourcesOf(json, 'aws_cloudwatch_event_target'));
      for (const [id, rule] of rules) {
        expect(rule.name, id).to.match(/^qa-dev-karpenter-/).and.to.have.length.at.most(64);
        const mine = targets.filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${id}.name}`);
        expect(mine.map((t) => t.arn), id).to.deep.equal([`\${aws_sqs_queue.${queueId}.arn}`]);
      }
    });
  });

  describe('the node role', () => {
    it('is for EC2, with the managed nodes\' policies (no CNI policy: the VPC CNI has its own role) and the boundary', () => {
      const json = synth();
      const { id, role } = roleNamed(json, 'qa-dev-karpenter-node');
      expect(parsePolicy(role.assume_role_policy).Statement).to.deep.equal([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole'] }]);
      expect(role.permissions_boundary).to.equal(BOUNDARY_ARN);
      const attached = Object.values(resourcesOf(json, 'aws_iam_role_policy_attachment')).filter((a) => a.role === `\${aws_iam_role.${id}.name}`).map((a) => a.policy_arn);
      expect(attached).to.have.members([...NODE_MANAGED_POLICY_ARNS]);
      expect(attached).to.not.include('arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy');
    });

    it('lets its nodes join the cluster through an EC2_LINUX access entry, with no extra groups or policies', () => {
      const json = synth();
      const { id } = roleNamed(json, 'qa-dev-karpenter-node');
      expect(onlyResource(json, 'aws_eks_access_entry')).to.deep.include({ cluster_name: 'qa-dev', principal_arn: `\${aws_iam_role.${id}.arn}`, type: 'EC2_LINUX' });
      expect(onlyResource(json, 'aws_eks_access_entry')).to.not.have.property('kubernetes_groups');
      expect(resourcesOf(json, 'aws_eks_access_policy_association')).to.deep.equal({});
    });
  });

  describe('the controller role', () => {
    it('is assumed through EKS Pod Identity only, by Karpenter\'s service account in this cluster, with the boundary', () => {
      const json = synth();
      const { id, role } = roleNamed(json, 'qa-dev-karpenter-controller');
      expect(role.permissions_boundary).to.equal(BOUNDARY_ARN);
      const [trust] = parsePolicy(role.assume_role_policy).Statement;
      expect(trust.Principal).to.deep.equal({ Service: 'pods.eks.amazonaws.com' });
      expect(trust.Condition.StringEquals).to.deep.equal({
        'aws:SourceAccount': '111122223333',
        'aws:RequestTag/eks-cluster-name': 'qa-dev',
        'aws:RequestTag/kubernetes-namespace': SERVICE_ACCOUNTS.karpenter.namespace,
        'aws:RequestTag/kubernetes-service-account': SERVICE_ACCOUNTS.karpenter.name,
      });
      expect(onlyResource(json, 'aws_eks_pod_identity_association')).to.deep.include({
        cluster_name: 'qa-dev',
        namespace: 'kube-system',
        service_account: 'karpenter',
        role_arn: `\${aws_iam_role.${id}.arn}`,
        disable_session_tags: false,
      });
    });

    it('may pass the node role (by reference) and read the queue (by reference)', () => {
      const json = synth();
      const node = roleNamed(json, 'qa-dev-karpenter-node');
      const [queueId] = Object.keys(resourcesOf(json, 'aws_sqs_queue'));
      const statements = parsePolicy(onlyResource(json, 'aws_iam_role_policy').policy).Statement;
      expect(statements.find((s) => s.Sid === 'AllowPassingInstanceRole')?.Resource).to.equal(`\${aws_iam_role.${node.id}.arn}`);
      expect(statements.find((s) => s.Sid === 'AllowInterruptionQueueActions')?.Resource).to.equal(`\${aws_sqs_queue.${queueId}.arn}`);
    });
  });
});
