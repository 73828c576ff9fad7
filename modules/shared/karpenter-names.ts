/**
 * Names Karpenter's AWS side (platform stack), its controller (add-ons stack), its NodePools and
 * EC2NodeClasses (gitops/platform) and the teardown have to agree on. One function or constant per
 * name, used by every side; gitops/ writes them literally and test/gitops/karpenter.test.ts keeps
 * the files equal to these.
 */

/** The tag Karpenter finds the node subnets and security group by (`<key>: <cluster name>`). */
export const KARPENTER_DISCOVERY_TAG_KEY = 'karpenter.sh/discovery';

/** The label Karpenter puts on every node it launches: the NodePool's name. */
export const KARPENTER_NODE_POOL_LABEL = 'karpenter.sh/nodepool';

/** A NodePool of gitops/platform and the EC2NodeClass it launches from. */
export interface KarpenterNodePool {
  readonly name: string;
  readonly nodeClass: string;
}

/** The NodePool every environment has: the environment's `karpenter:` capacity types and limits. */
export const DEFAULT_NODE_POOL: KarpenterNodePool = { name: 'default', nodeClass: 'default' };

/** The lower-weight NodePool of an on-demand-first environment (`karpenter.spotFallback`): spot only. */
export const SPOT_FALLBACK_NODE_POOL: KarpenterNodePool = { name: 'spot-fallback', nodeClass: 'default' };

/**
 * The NodePools of an environment (gitops/platform/overlays/<env>), highest weight first. The
 * teardown deletes every NodePool (through the platform Application, then any left) and waits
 * until their nodes are gone before it removes the controller.
 */
export function karpenterNodePools(config: { readonly spotFallback?: unknown }): readonly KarpenterNodePool[] {
  return config.spotFallback === undefined ? [DEFAULT_NODE_POOL] : [DEFAULT_NODE_POOL, SPOT_FALLBACK_NODE_POOL];
}

/** The IAM role of the nodes Karpenter launches: `<cluster>-karpenter-node`. */
export function karpenterNodeRoleName(clusterName: string): string {
  return `${clusterName}-karpenter-node`;
}

/** The IAM role of the Karpenter controller (EKS Pod Identity): `<cluster>-karpenter-controller`. */
export function karpenterControllerRoleName(clusterName: string): string {
  return `${clusterName}-karpenter-controller`;
}

/** The SQS queue EventBridge sends EC2 interruption and health events to: `<cluster>-karpenter-interruption`. */
export function karpenterInterruptionQueueName(clusterName: string): string {
  return `${clusterName}-karpenter-interruption`;
}

/**
 * The IAM path of the instance profiles Karpenter makes for its EC2NodeClasses (`spec.role`):
 * `/karpenter/<region>/<cluster>/` followed by the EC2NodeClass's UID (Karpenter v1.14
 * `instanceprofile.FormatPath`). The controller may write no other instance profile.
 */
export function karpenterInstanceProfilePath(region: string, clusterName: string): string {
  return `/karpenter/${region}/${clusterName}/`;
}
