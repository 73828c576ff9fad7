/**
 * Why a tagged resource belongs to the environment: the stacks' own tags, or one of the tags that
 * the controllers running in the cluster put on what they create instead (Terraform never sees
 * those resources, so they are what a destroy leaves behind).
 */
import type { EnvironmentScope } from './scope';

export type Tags = Readonly<Record<string, string>>;

/** The tag the AWS Load Balancer Controller puts on everything it makes, valued with the cluster name. */
export const LB_CONTROLLER_TAG = 'elbv2.k8s.aws/cluster';

/** One way a tag ties a resource to the environment: the tagging API filter and how to say it. */
export interface OwnershipTag {
  readonly key: string;
  /** The value that ties it; absent: any value (the key names the cluster itself). */
  readonly value?: string;
  /** Who puts the tag there, for the report's "why". */
  readonly setBy: string;
}

/**
 * The controllers' tags, as the tagging API filters. The stacks' Project + Environment pair is
 * separate (one filter with both keys, see `environmentFilter`).
 */
export function controllerTags(scope: EnvironmentScope): OwnershipTag[] {
  const cluster = scope.clusterName;
  return [
    { key: LB_CONTROLLER_TAG, value: cluster, setBy: 'AWS Load Balancer Controller' },
    { key: `kubernetes.io/cluster/${cluster}`, setBy: 'Kubernetes: cloud provider, EBS CSI driver, Karpenter' },
    { key: 'eks:cluster-name', value: cluster, setBy: 'EKS managed node group' },
    { key: 'aws:eks:cluster-name', value: cluster, setBy: 'EKS' },
    { key: 'eks:eks-cluster-name', value: cluster, setBy: 'Karpenter' },
    { key: 'karpenter.sh/discovery', value: cluster, setBy: 'Karpenter discovery' },
    { key: 'karpenter.k8s.aws/cluster', value: cluster, setBy: 'Karpenter' },
    { key: 'cluster.k8s.amazonaws.com/name', value: cluster, setBy: 'Amazon VPC CNI' },
    { key: 'KubernetesCluster', value: cluster, setBy: 'EBS CSI driver' },
  ];
}

/** The Project + Environment pair every resource of the stacks carries (default_tags). */
export function environmentFilter(scope: EnvironmentScope): Array<{ Key: string; Values: string[] }> {
  return [
    { Key: 'Project', Values: [scope.projectTag] },
    { Key: 'Environment', Values: [scope.environmentTag] },
  ];
}

/**
 * Every reason `tags` gives to count a resource as the environment's, or none. A Karpenter
 * `karpenter.sh/*` tag alone does not name a cluster; it is said as detail next to a tag that does.
 */
export function tagReasons(tags: Tags, scope: EnvironmentScope): string[] {
  const reasons: string[] = [];
  if (tags.Project === scope.projectTag && tags.Environment === scope.environmentTag) {
    reasons.push(`tagged Project=${scope.projectTag}, Environment=${scope.environmentTag}${tags.ManagedBy ? ` (ManagedBy=${tags.ManagedBy})` : ''}`);
  }
  for (const tag of controllerTags(scope)) {
    const value = tags[tag.key];
    if (value === undefined || (tag.value !== undefined && value !== tag.value)) continue;
    reasons.push(ownershipReason(tag, value));
  }
  if (reasons.length > 0) {
    const karpenter = Object.keys(tags).filter((key) => key.startsWith('karpenter.sh/') && key !== 'karpenter.sh/discovery').sort();
    if (karpenter.length > 0) reasons.push(`launched by Karpenter (${karpenter.map((key) => `${key}=${tags[key]}`).join(', ')})`);
  }
  return reasons;
}

/** The reason a resource carrying `tag` (valued `value`) is listed, as the report says it. */
export function ownershipReason(tag: OwnershipTag, value: string): string {
  return `tagged ${tag.key}=${value} (${tag.setBy})`;
}

/** `[{Key, Value}]` lists (tagging, EC2, ELBv2) as a record. */
export function tagRecord(list: ReadonlyArray<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of list ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}
