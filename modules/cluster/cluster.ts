import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Ec2Tag } from '@cdktf/provider-aws/lib/ec2-tag';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import type { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Fn, TerraformLocal, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ClusterAdminAccess } from './access-entries';
import { ClusterEncryptionKey } from './cluster-encryption';
import { ClusterRole } from './cluster-role';
import { ManagedAddon } from './managed-addon';
import { ManagedNodeGroup } from './node-group';
import { NamespaceViewAccess } from './view-access';
import { IrsaRole, type ClusterOidcIdentity } from '../identity/irsa-role';
import type { ClusterConfig } from '../shared/environment-config';
import { KARPENTER_DISCOVERY_TAG_KEY } from '../shared/karpenter-names';
import { SERVICE_ACCOUNTS } from '../shared/service-accounts';

/** The part of the network the cluster needs (the `Network` construct satisfies it). */
export interface ClusterNetwork {
  readonly vpcId: string;
  /** Subnets of the control plane's network interfaces and of the nodes. */
  readonly privateSubnetIds: string[];
}

export interface ClusterProps {
  /** Cluster name, also the base name of its resources, e.g. `qa-dev`. */
  readonly name: string;
  readonly network: ClusterNetwork;
  readonly config: ClusterConfig;
  /** The environment's GitHub Actions deploy role (`ciRoleArn(prefix, account, 'apply', env)`): gets cluster-admin. */
  readonly ciApplyRoleArn: string;
  /**
   * The GitHub Actions plan role (`ciRoleArn(prefix, account, 'plan')`): mapped to the Kubernetes
   * group `<name>-plan-readers`, which the add-ons stack lets read Helm release state (ConfigMaps)
   * in `planNamespaces`, and nothing else (see `planAccess`).
   */
  readonly ciPlanRoleArn: string;
  /** Namespaces the plan role may read (the add-on release namespaces). */
  readonly planNamespaces: readonly string[];
  /**
   * ARN of the environment's permissions boundary (`permissionsBoundaryArn()`), set on every role
   * the cluster makes (control plane, nodes, add-on IRSA roles).
   */
  readonly permissionsBoundaryArn: string;
  /** Retention of the control-plane log group, in days. */
  readonly logRetentionDays: number;
  /**
   * Tags for node instances and volumes (default_tags do not reach them).
   * @default {}
   */
  readonly nodeInstanceTags?: Readonly<Record<string, string>>;
}

const DEFAULTS = {
  nodeInstanceTags: {},
} satisfies Partial<ClusterProps>;

/** Every control-plane log type. */
export const CLUSTER_LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

/**
 * An EKS cluster with secrets encryption, control-plane logs, access entries (API mode only), an
 * IAM OIDC provider for IRSA, one managed node group and the core managed add-ons.
 */
export class Cluster extends Construct implements ClusterOidcIdentity {
  readonly eksCluster: EksCluster;
  readonly clusterName: string;
  readonly endpoint: string;
  /** Base64 PEM of the cluster CA, as the kubernetes/helm providers take it (after base64decode). */
  readonly certificateAuthorityData: string;
  readonly oidcProvider: IamOpenidConnectProvider;
  readonly oidcProviderArn: string;
  /** OIDC issuer without `https://`, the prefix of IRSA condition keys. */
  readonly oidcIssuerHost: string;
  readonly nodeRole: IamRole;
  readonly nodeGroup: EksNodeGroup;
  readonly secretsKey: KmsKey;
  readonly logGroup: CloudwatchLogGroup;
  /** The security group EKS creates and attaches to the control plane and managed nodes. */
  readonly clusterSecurityGroupId: string;
  /**
   * Karpenter's discovery tag on {@link clusterSecurityGroupId}: Karpenter's nodes join the same
   * group as the managed nodes, so they reach the control plane, CoreDNS and each other.
   */
  readonly securityGroupDiscoveryTag: Ec2Tag;
  /** The plan role's access entry: its Kubernetes group and namespaces, for the add-ons stack's RBAC. */
  readonly planAccess: NamespaceViewAccess;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    const { name, config } = resolved;

    this.secretsKey = new ClusterEncryptionKey(this, 'secrets-key', { clusterName: name }).key;
    const { permissionsBoundaryArn } = resolved;
    const clusterRole = new ClusterRole(this, 'cluster-role', { clusterName: name, secretsKeyArn: this.secretsKey.arn, permissionsBoundaryArn });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: resolved.logRetentionDays,
    });

    this.eksCluster = new EksCluster(this, 'cluster', {
      name,
      version: config.version,
      roleArn: clusterRole.role.arn,
      vpcConfig: {
        subnetIds: resolved.network.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: [...config.publicEndpointCidrs],
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: this.secretsKey.arn } },
      enabledClusterLogTypes: [...CLUSTER_LOG_TYPES],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      upgradePolicy: { supportType: 'STANDARD' },
      dependsOn: [
        // The log group first: otherwise EKS creates it itself, without retention, and Terraform
        // then fails to create a group that already exists.
        this.logGroup,
        // The role's permissions first (and deleted last): see ClusterRole.permissions.
        ...clusterRole.permissions,
      ],
    });
    this.clusterName = this.eksCluster.name;
    this.endpoint = this.eksCluster.endpoint;
    this.certificateAuthorityData = this.eksCluster.certificateAuthority.get(0).data;
    this.clusterSecurityGroupId = this.eksCluster.vpcConfig.clusterSecurityGroupId;
    // EKS makes the group (no tags of ours reach it), so the tag is a resource of its own.
    this.securityGroupDiscoveryTag = new Ec2Tag(this, 'security-group-discovery-tag', {
      resourceId: this.clusterSecurityGroupId,
      key: KARPENTER_DISCOVERY_TAG_KEY,
      value: name,
    });

    new ClusterAdminAccess(this, 'admin-access', {
      clusterName: this.eksCluster.name,
      principalArns: [...config.adminPrincipalArns, resolved.ciApplyRoleArn],
    });
    this.planAccess = new NamespaceViewAccess(this, 'plan-access', {
      clusterName: this.eksCluster.name,
      principalArn: resolved.ciPlanRoleArn,
      kubernetesGroup: `${name}-plan-readers`,
      namespaces: resolved.planNamespaces,
    });

    // IRSA. No thumbprint_list: provider 6.x makes it optional and IAM trusts the EKS issuer's CA.
    this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc-provider', {
      url: this.eksCluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ['sts.amazonaws.com'],
    });
    this.oidcProviderArn = this.oidcProvider.arn;
    // A local, so trust policies say `${local.x}:sub`: a function call with quoted arguments inside
    // the policy JSON string is fine for Terraform but makes the synthesized policy unparsable JSON
    // for reviewers' tools and the policy suite.
    this.oidcIssuerHost = new TerraformLocal(this, 'oidc-issuer-host', Fn.replace(this.oidcProvider.url, 'https://', '')).asString;

    const addon = (
      addonName: string,
      extra: { irsaRole?: IrsaRole; dependsOn?: ITerraformDependable[]; configurationValues?: Record<string, unknown> } = {},
    ) =>
      new ManagedAddon(this, `addon-${addonName}`, {
        clusterName: this.eksCluster.name,
        kubernetesVersion: config.version,
        addonName,
        serviceAccountRoleArn: extra.irsaRole?.role.arn,
        configurationValues: extra.configurationValues,
        // The role's policies too, not only the role: otherwise the add-on (and, for vpc-cni, the
        // nodes) can start before the role may do anything.
        dependsOn: [...(extra.irsaRole ? extra.irsaRole.permissions : []), ...(extra.dependsOn ?? [])],
      });

    // Before compute: DaemonSets that become active on a cluster without nodes. vpc-cni comes first
    // so nodes start with the IRSA-configured CNI (the node role has no CNI permissions).
    const vpcCniRole = new IrsaRole(this, 'vpc-cni-role', {
      roleName: `${name}-vpc-cni`,
      cluster: this,
      serviceAccount: SERVICE_ACCOUNTS.vpcCni,
      permissionsBoundaryArn,
      managedPolicyArns: ['arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy'],
    });
    // The VPC CNI's network policy agent enforces Kubernetes NetworkPolicy (gitops/ ships one per
    // app); without it NetworkPolicies are accepted and silently ignored.
    const vpcCni = addon('vpc-cni', { irsaRole: vpcCniRole, configurationValues: { enableNetworkPolicy: 'true' } });
    addon('kube-proxy');
    addon('eks-pod-identity-agent');

    const nodes = new ManagedNodeGroup(this, 'nodes', {
      name,
      cluster: this.eksCluster,
      subnetIds: resolved.network.privateSubnetIds,
      config: config.nodeGroup,
      permissionsBoundaryArn,
      instanceTags: resolved.nodeInstanceTags,
      dependsOn: [vpcCni.addon],
    });
    this.nodeRole = nodes.nodeRole;
    this.nodeGroup = nodes.nodeGroup;

    // After compute: these run Deployments, and EKS reports them DEGRADED (the apply times out)
    // until nodes exist to schedule their pods on.
    addon('coredns', { dependsOn: [this.nodeGroup] });
    const ebsCsiRole = new IrsaRole(this, 'ebs-csi-role', {
      roleName: `${name}-ebs-csi`,
      cluster: this,
      serviceAccount: SERVICE_ACCOUNTS.ebsCsiController,
      permissionsBoundaryArn,
      managedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy'],
    });
    addon('aws-ebs-csi-driver', { irsaRole: ebsCsiRole, dependsOn: [this.nodeGroup] });
  }
}

