/**
 * What the controllers in the cluster made in AWS and must delete before they go, looked up the
 * way the leak report looks (its checks run as they are, with a sink that keeps what they find):
 * the AWS Load Balancer Controller's load balancers, target groups and security groups, external-
 * dns's Route 53 records, and the instances Karpenter launched. Each lookup returns one short line
 * per resource still there.
 */
import { paginateDescribeInstances, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import { KARPENTER_NODE_POOL_LABEL } from '../../../modules/shared/karpenter-names';
import type { CheckContext } from '../../leak-report/src/checks/check';
import { LIVE_INSTANCE_STATES } from '../../leak-report/src/checks/ec2';
import { loadBalancersCheck } from '../../leak-report/src/checks/load-balancers';
import { route53Check } from '../../leak-report/src/checks/route53';
import type { Finding, FindingSink } from '../../leak-report/src/finding';
import { awsCommand } from '../../leak-report/src/resource-kinds';
import { controllerTags, LB_CONTROLLER_TAG, ownershipReason, tagRecord } from '../../leak-report/src/tag-reasons';

/** Karpenter v1 tags each instance with its NodePool (the key of its node label), and with the cluster's ownership tag. */
const KARPENTER_NODEPOOL_TAG = KARPENTER_NODE_POOL_LABEL;

/** A sink that only collects (the leak report's checks write into it). */
class Collect implements FindingSink {
  public readonly findings: Finding[] = [];
  public add(finding: Finding): void {
    this.findings.push(finding);
  }
  public listed(): void {}
}

/** Load balancers and target groups tagged `elbv2.k8s.aws/cluster=<cluster>`. */
export async function controllerLoadBalancers(context: CheckContext): Promise<string[]> {
  const sink = new Collect();
  await loadBalancersCheck.run(context, sink);
  const controllerTag = controllerTags(context.scope).find((tag) => tag.key === LB_CONTROLLER_TAG)!;
  const reason = ownershipReason(controllerTag, context.scope.clusterName);
  return sink.findings
    .filter((f) => f.reasons.includes(reason))
    .map((f) => `${f.type === 'elasticloadbalancing:targetgroup' ? 'target group' : 'load balancer'} ${f.id}`);
}

/** Security groups tagged `elbv2.k8s.aws/cluster=<cluster>` (the controller's frontend and backend groups). */
export async function controllerSecurityGroups(context: CheckContext): Promise<string[]> {
  const client = context.clients.ec2(context.scope.region);
  const groups: string[] = [];
  const filters = [{ Name: `tag:${LB_CONTROLLER_TAG}`, Values: [context.scope.clusterName] }];
  for await (const page of paginateDescribeSecurityGroups({ client, pageSize: 500 }, { Filters: filters })) {
    for (const group of page.SecurityGroups ?? []) if (group.GroupId) groups.push(`${group.GroupId} (${group.GroupName ?? 'unnamed'})`);
  }
  return groups;
}

/** Records external-dns owns under this cluster's TXT owner id, in every hosted zone. */
export async function externalDnsRecords(context: CheckContext): Promise<string[]> {
  const sink = new Collect();
  await route53Check.run(context, sink);
  return sink.findings.map((f) => `${f.id} in ${zoneOf(f.key)}`);
}

/** Instances Karpenter launched for this cluster that are not terminated yet. */
export async function karpenterInstances(context: CheckContext): Promise<string[]> {
  const client = context.clients.ec2(context.scope.region);
  const instances: string[] = [];
  for await (const page of paginateDescribeInstances({ client, pageSize: 500 }, { Filters: karpenterFilters(context.scope.clusterName) })) {
    for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
      if (!instance.InstanceId) continue;
      const pool = tagRecord(instance.Tags)[KARPENTER_NODEPOOL_TAG];
      instances.push(`${instance.InstanceId} (${[instance.InstanceType, instance.State?.Name, pool ? `nodepool ${pool}` : undefined].filter(Boolean).join(', ')})`);
    }
  }
  return instances;
}

function karpenterFilters(cluster: string) {
  return [
    { Name: 'tag-key', Values: [KARPENTER_NODEPOOL_TAG] },
    { Name: 'tag-key', Values: [`kubernetes.io/cluster/${cluster}`] },
    { Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES },
  ];
}

/** The aws CLI commands that show each kind, for the "see them" part of a message. */
export function seeCommands(region: string, cluster: string, environment: string) {
  const filter = (name: string, values: string) => `Name=${name},Values=${values}`;
  return {
    loadBalancers: awsCommand(region, 'resourcegroupstaggingapi', 'get-resources', '--tag-filters', `Key=${LB_CONTROLLER_TAG},Values=${cluster}`, '--query', 'ResourceTagMappingList[].ResourceARN'),
    securityGroups: awsCommand(region, 'ec2', 'describe-security-groups', '--filters', filter(`tag:${LB_CONTROLLER_TAG}`, cluster), '--query', 'SecurityGroups[].[GroupId,GroupName]'),
    records: `npx projen leak-report ${environment} (its route53:record rows name the zone and the delete command)`,
    instances: awsCommand(
      region, 'ec2', 'describe-instances', '--filters', filter('tag-key', KARPENTER_NODEPOOL_TAG), filter('tag-key', `kubernetes.io/cluster/${cluster}`),
      filter('instance-state-name', LIVE_INSTANCE_STATES.join(',')), '--query', 'Reservations[].Instances[].[InstanceId,State.Name]',
    ),
  };
}

/** The hosted zone id in a route53 finding's key (`route53:<zone>:<name>:<type>:<set id>`). */
function zoneOf(key: string): string {
  return `zone ${key.split(':')[1] ?? 'unknown'}`;
}
