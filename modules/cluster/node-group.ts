import type { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import type { NodeGroupConfig } from '../shared/environment-config';
import { serviceTrustPolicy } from '../shared/policy-document';

/**
 * Managed policies of the node role. No AmazonEKS_CNI_Policy: the vpc-cni add-on has its own IRSA
 * role, so pods on the node cannot borrow ENI permissions through the node's identity.
 */
export const NODE_MANAGED_POLICY_ARNS = [
  'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
] as const;

export interface ManagedNodeGroupProps {
  /** Base name of the node resources (the cluster name, e.g. `qa-dev`). */
  readonly name: string;
  /** The cluster the nodes join; its name and version are referenced. */
  readonly cluster: EksCluster;
  /** Private subnets the nodes run in. */
  readonly subnetIds: string[];
  readonly config: NodeGroupConfig;
  /**
   * ARN of the environment's permissions boundary (`permissionsBoundaryArn()`): the role's
   * permissions never exceed it, and the deploy role may create the role only with it.
   */
  readonly permissionsBoundaryArn: string;
  /**
   * Tags for the EC2 instances and volumes. The provider's default_tags do not reach resources
   * launched from a launch template, so pass the environment tags here.
   * @default {}
   */
  readonly instanceTags?: Readonly<Record<string, string>>;
  /**
   * Resources the node group must wait for (the vpc-cni add-on, so nodes start with its IRSA role).
   * @default []
   */
  readonly dependsOn?: ITerraformDependable[];
}

const DEFAULTS = {
  instanceTags: {},
  dependsOn: [],
} satisfies Partial<ManagedNodeGroupProps>;

/** An EKS managed node group with a hardened launch template and its node IAM role. */
export class ManagedNodeGroup extends Construct {
  readonly nodeRole: IamRole;
  readonly launchTemplate: LaunchTemplate;
  readonly nodeGroup: EksNodeGroup;

  constructor(scope: Construct, id: string, props: ManagedNodeGroupProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    const { name, config } = resolved;

    this.nodeRole = new IamRole(this, 'role', {
      name: `${name}-node`,
      description: `EKS managed nodes of ${name}`,
      permissionsBoundary: resolved.permissionsBoundaryArn,
      assumeRolePolicy: serviceTrustPolicy('ec2.amazonaws.com'),
    });
    const attachments = NODE_MANAGED_POLICY_ARNS.map(
      (policyArn, i) => new IamRolePolicyAttachment(this, `role-policy-${i}`, { role: this.nodeRole.name, policyArn }),
    );

    const instanceTags = { ...resolved.instanceTags, Name: `${name}-node` };
    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      namePrefix: `${name}-node-`,
      description: `Nodes of EKS cluster ${name}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        // One hop: a pod (one more hop away, behind its network namespace) cannot reach IMDS and
        // so cannot take the node's credentials. Add-ons get region and VPC id from their values.
        httpPutResponseHopLimit: 1,
      },
      blockDeviceMappings: [
        {
          deviceName: '/dev/xvda',
          ebs: {
            volumeType: 'gp3',
            volumeSize: config.diskSizeGiB,
            encrypted: 'true',
            deleteOnTermination: 'true',
          },
        },
      ],
      tagSpecifications: [
        { resourceType: 'instance', tags: instanceTags },
        { resourceType: 'volume', tags: instanceTags },
      ],
    });

    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: resolved.cluster.name,
      // Nodes follow the control plane's version (managed node groups default to the latest AMI of it).
      version: resolved.cluster.version,
      // A prefix, with create_before_destroy: changes that replace the group (instance types,
      // capacity type) bring the new group up before the old one is drained, without a name clash.
      nodeGroupNamePrefix: `${name}-default-`,
      nodeRoleArn: this.nodeRole.arn,
      subnetIds: resolved.subnetIds,
      instanceTypes: [...config.instanceTypes],
      capacityType: config.capacityType,
      scalingConfig: { minSize: config.minSize, desiredSize: config.desiredSize, maxSize: config.maxSize },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: this.launchTemplate.id, version: Token.asString(this.launchTemplate.latestVersion) },
      // The role's policies must outlive the nodes: without them nodes cannot register on create,
      // nor be drained cleanly on destroy.
      dependsOn: [...attachments, ...resolved.dependsOn],
      lifecycle: {
        createBeforeDestroy: true,
        // The cluster autoscaler owns desired_size once the group exists; Terraform would undo it.
        ignoreChanges: ['scaling_config[0].desired_size'],
      },
    });
  }
}
