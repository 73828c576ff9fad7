import { Construct } from 'constructs';
import { InterruptionQueue } from './interruption-queue';
import { KarpenterNodeRole } from '../cluster/karpenter-node-role';
import { KarpenterControllerIdentity } from '../identity/karpenter-controller-identity';
import { karpenterInterruptionQueueName } from '../shared/karpenter-names';

export interface NodeAutoscalingProps {
  /** Name of the cluster (a reference to `aws_eks_cluster.name`). */
  readonly clusterName: string;
  /** The cluster's name as a literal (`qa-dev`). */
  readonly baseName: string;
  readonly region: string;
  readonly accountId: string;
  /** ARN of the environment's permissions boundary, set on both roles. */
  readonly permissionsBoundaryArn: string;
}

/**
 * The AWS side of node autoscaling with Karpenter: the node role (with its `EC2_LINUX` access
 * entry), the interruption queue and its EventBridge rules, and the controller's Pod Identity role.
 * The controller itself is an add-on (modules/addons/karpenter); its NodePools and EC2NodeClasses
 * are GitOps objects (gitops/platform). The subnets and the cluster security group carry the
 * discovery tag (modules/network, modules/cluster).
 */
export class NodeAutoscaling extends Construct {
  readonly nodeRole: KarpenterNodeRole;
  readonly interruptionQueue: InterruptionQueue;
  readonly controller: KarpenterControllerIdentity;
  /** Name of the node role (`spec.role` of the EC2NodeClasses). */
  readonly nodeRoleName: string;
  /** Name of the interruption queue (`settings.interruptionQueue` of the controller). */
  readonly interruptionQueueName: string;

  constructor(scope: Construct, id: string, props: NodeAutoscalingProps) {
    super(scope, id);
    this.nodeRole = new KarpenterNodeRole(this, 'node-role', {
      clusterName: props.clusterName,
      baseName: props.baseName,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
    });
    this.interruptionQueue = new InterruptionQueue(this, 'interruption', {
      queueName: karpenterInterruptionQueueName(props.baseName),
      ruleNamePrefix: `${props.baseName}-karpenter`,
    });
    this.controller = new KarpenterControllerIdentity(this, 'controller', {
      clusterName: props.clusterName,
      baseName: props.baseName,
      region: props.region,
      accountId: props.accountId,
      nodeRoleArn: this.nodeRole.roleArn,
      interruptionQueueArn: this.interruptionQueue.queueArn,
      permissionsBoundaryArn: props.permissionsBoundaryArn,
    });
    this.nodeRoleName = this.nodeRole.role.name;
    this.interruptionQueueName = this.interruptionQueue.queue.name;
  }
}
