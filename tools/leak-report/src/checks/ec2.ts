/**
 * EC2 resources of the environment with their state and size: the VPC, the instances in it (node
 * groups, Karpenter nodes), every network interface in it (load balancers, the EKS control plane,
 * pods), and volumes tagged for the cluster (EBS CSI, Karpenter, node groups) or attached to those
 * instances. Instances, volumes and interfaces the tagging check found are looked up too: one that
 * is terminated or gone is a stale tag-index entry, not a leftover.
 */
import {
  paginateDescribeInstances,
  paginateDescribeNetworkInterfaces,
  paginateDescribeVolumes,
  paginateDescribeVpcs,
  type Filter,
  type Instance,
  type NetworkInterface,
  type Volume,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { chunks, type Check, type CheckContext } from './check';
import { ec2Arn, parseArn } from '../arn';
import type { FindingSink } from '../finding';
import { hourlyCost, instanceCost, storageCost } from '../prices';
import { awsCommand } from '../resource-kinds';
import { controllerTags, environmentFilter, LB_CONTROLLER_TAG, tagReasons, tagRecord } from '../tag-reasons';

const PAGE = 500;
/** EC2 takes up to 200 values per filter; fewer keeps requests small. */
const VALUES_PER_FILTER = 100;
/** Instance states that still count (terminated ones are gone). */
export const LIVE_INSTANCE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];

export const ec2Check: Check = {
  name: 'EC2 VPCs, instances, network interfaces and volumes',
  calls: ['ec2:DescribeVpcs', 'ec2:DescribeInstances', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVolumes'],
  async run(context: CheckContext, sink: FindingSink): Promise<void> {
    const { scope, partition } = context;
    const region = scope.region;
    const client = context.clients.ec2(region);
    const arn = (type: string, id: string) => ec2Arn(partition, region, scope.accountId, type, id);
    const tagged = taggedIds(await context.taggedArns, region);

    // The environment's VPCs: by its tags, plus any the tagging index tied to the cluster.
    const vpcs = new Map<string, Vpc>();
    const vpcQueries = [tagFilters(environmentFilter(scope)), ...chunks(tagged.vpc, VALUES_PER_FILTER).map((ids) => [{ Name: 'vpc-id', Values: ids }])];
    for (const filters of vpcQueries) {
      for await (const page of paginateDescribeVpcs({ client, pageSize: PAGE }, { Filters: filters })) {
        for (const vpc of page.Vpcs ?? []) if (vpc.VpcId) vpcs.set(vpc.VpcId, vpc);
      }
    }
    const vpcIds = new Set(vpcs.keys());
    for (const vpc of vpcs.values()) {
      const id = vpc.VpcId!;
      sink.add({
        key: arn('vpc', id),
        arn: arn('vpc', id),
        type: 'ec2:vpc',
        id,
        region,
        reasons: [...tagReasons(tagRecord(vpc.Tags), scope), `${vpc.CidrBlock ?? ''} ${vpc.State ?? ''}`.trim()].filter((r) => r !== ''),
        // Subnets, gateways, endpoints and security groups must go first (they are listed too).
        deleteCommand: awsCommand(region, 'ec2', 'delete-vpc', '--vpc-id', id),
        detailed: true,
      });
    }
    sink.listed(idListing(tagged.vpc.map((id) => arn('vpc', id)), [...vpcIds].map((id) => arn('vpc', id))));
    const inVpc = (id: string | undefined) => (id && vpcIds.has(id) ? [`in the environment's VPC ${id}`] : []);

    // Instances: everything alive in those VPCs, and the tagged ones wherever they are.
    const instances = new Map<string, Instance>();
    const instanceQueries = [
      ...chunks([...vpcIds], VALUES_PER_FILTER).map((ids) => [{ Name: 'vpc-id', Values: ids }]),
      ...chunks(tagged.instance, VALUES_PER_FILTER).map((ids) => [{ Name: 'instance-id', Values: ids }]),
    ];
    for (const filters of instanceQueries) {
      for await (const page of paginateDescribeInstances({ client, pageSize: PAGE }, { Filters: [...filters, { Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }] })) {
        for (const instance of (page.Reservations ?? []).flatMap((r) => r.Instances ?? [])) {
          if (instance.InstanceId) instances.set(instance.InstanceId, instance);
        }
      }
    }
    for (const instance of instances.values()) {
      const id = instance.InstanceId!;
      const reasons = [...tagReasons(tagRecord(instance.Tags), scope), ...inVpc(instance.VpcId), `${instance.InstanceType ?? 'instance'} ${instance.State?.Name ?? ''}`.trim()];
      sink.add({
        key: arn('instance', id),
        arn: arn('instance', id),
        type: 'ec2:instance',
        id,
        region,
        reasons,
        cost: instance.InstanceType && instance.State?.Name !== 'stopped' ? instanceCost(instance.InstanceType, region, instance.InstanceLifecycle === 'spot') : undefined,
        deleteCommand: awsCommand(region, 'ec2', 'terminate-instances', '--instance-ids', id),
        detailed: true,
      });
    }
    sink.listed(idListing(tagged.instance.map((id) => arn('instance', id)), [...instances.keys()].map((id) => arn('instance', id))));

    // Network interfaces in the VPCs, and the tagged ones.
    const interfaces = new Map<string, NetworkInterface>();
    const interfaceQueries = [
      ...chunks([...vpcIds], VALUES_PER_FILTER).map((ids) => [{ Name: 'vpc-id', Values: ids }]),
      ...chunks(tagged.networkInterface, VALUES_PER_FILTER).map((ids) => [{ Name: 'network-interface-id', Values: ids }]),
    ];
    for (const filters of interfaceQueries) {
      for await (const page of paginateDescribeNetworkInterfaces({ client, pageSize: PAGE }, { Filters: filters })) {
        for (const eni of page.NetworkInterfaces ?? []) if (eni.NetworkInterfaceId) interfaces.set(eni.NetworkInterfaceId, eni);
      }
    }
    for (const eni of interfaces.values()) {
      const id = eni.NetworkInterfaceId!;
      const owner = eni.RequesterManaged ? `managed by ${eni.RequesterId ?? 'an AWS service'}` : undefined;
      const use = eni.Attachment?.InstanceId ? `attached to ${eni.Attachment.InstanceId}` : eni.Status;
      const reasons = [
        ...tagReasons(tagRecord(eni.TagSet), scope),
        ...inVpc(eni.VpcId),
        [eni.InterfaceType && eni.InterfaceType !== 'interface' ? eni.InterfaceType : undefined, eni.Description ? `"${eni.Description}"` : undefined, use, owner].filter(Boolean).join(', '),
      ].filter((r) => r !== '');
      const publicIp = eni.Association?.PublicIp;
      sink.add({
        key: arn('network-interface', id),
        arn: arn('network-interface', id),
        type: 'ec2:network-interface',
        id,
        region,
        reasons: publicIp ? [...reasons, `public IPv4 ${publicIp}`] : reasons,
        cost: publicIp ? hourlyCost('public-ipv4', region, 'public IPv4 address') : undefined,
        // An interface a service manages (load balancer, NAT, EKS, endpoints) goes with its owner.
        deleteCommand: eni.RequesterManaged
          ? `(goes when its owner is deleted: ${eni.Description || eni.RequesterId || 'see its description'})`
          : eni.Attachment?.InstanceId && eni.Attachment.DeviceIndex === 0
            ? `(goes with its instance ${eni.Attachment.InstanceId}: a primary interface cannot be detached)`
            : eni.Attachment?.AttachmentId
              ? `${awsCommand(region, 'ec2', 'detach-network-interface', '--attachment-id', eni.Attachment.AttachmentId)} && ${awsCommand(region, 'ec2', 'delete-network-interface', '--network-interface-id', id)}`
              : awsCommand(region, 'ec2', 'delete-network-interface', '--network-interface-id', id),
        detailed: true,
      });
    }
    sink.listed(idListing(tagged.networkInterface.map((id) => arn('network-interface', id)), [...interfaces.keys()].map((id) => arn('network-interface', id))));

    // Volumes: the cluster's tags (no Project/Environment on what controllers make), the
    // environment's tags, the tagged ones, and those attached to the instances above.
    const volumes = new Map<string, Volume>();
    const volumeQueries: Filter[][] = [
      tagFilters(environmentFilter(scope)),
      ...controllerTags(scope)
        .filter((t) => !t.key.startsWith('aws:') && t.key !== LB_CONTROLLER_TAG && t.key !== 'cluster.k8s.amazonaws.com/name' && t.key !== 'karpenter.sh/discovery')
        .map((t) => (t.value === undefined ? [{ Name: 'tag-key', Values: [t.key] }] : [{ Name: `tag:${t.key}`, Values: [t.value] }])),
      ...chunks(tagged.volume, VALUES_PER_FILTER).map((ids) => [{ Name: 'volume-id', Values: ids }]),
      ...chunks([...instances.keys()], VALUES_PER_FILTER).map((ids) => [{ Name: 'attachment.instance-id', Values: ids }]),
    ];
    for (const filters of volumeQueries) {
      for await (const page of paginateDescribeVolumes({ client, pageSize: PAGE }, { Filters: filters })) {
        for (const volume of page.Volumes ?? []) if (volume.VolumeId) volumes.set(volume.VolumeId, volume);
      }
    }
    for (const volume of volumes.values()) {
      const id = volume.VolumeId!;
      const attachedTo = (volume.Attachments ?? []).map((a) => a.InstanceId).filter((i): i is string => Boolean(i));
      const size = volume.Size ?? 0;
      const reasons = [
        ...tagReasons(tagRecord(volume.Tags), scope),
        ...attachedTo.filter((i) => instances.has(i)).map((i) => `attached to ${i} (an instance of the environment)`),
        `${size} GiB ${volume.VolumeType ?? ''} ${volume.State ?? ''}`.replace(/\s+/g, ' ').trim(),
      ];
      sink.add({
        key: arn('volume', id),
        arn: arn('volume', id),
        type: 'ec2:volume',
        id,
        region,
        reasons,
        cost: storageCost(`ebs:${volume.VolumeType ?? 'gp3'}`, region, `${size} GiB ${volume.VolumeType ?? ''}`.trim(), size * 1024 ** 3),
        deleteCommand:
          attachedTo.length > 0
            ? `(deleted with ${attachedTo.join(', ')} when DeleteOnTermination is set; otherwise ${awsCommand(region, 'ec2', 'detach-volume', '--volume-id', id)} && ${awsCommand(region, 'ec2', 'delete-volume', '--volume-id', id)})`
            : awsCommand(region, 'ec2', 'delete-volume', '--volume-id', id),
        detailed: true,
      });
    }
    sink.listed(idListing(tagged.volume.map((id) => arn('volume', id)), [...volumes.keys()].map((id) => arn('volume', id))));
  },
};

/** EC2 `tag:<key>` filters for the tagging API's `{Key, Values}` pairs. */
function tagFilters(pairs: ReadonlyArray<{ Key: string; Values: string[] }>): Filter[] {
  return pairs.map((p) => ({ Name: `tag:${p.Key}`, Values: p.Values }));
}

/** The ids of the EC2 resources among `arns`, by kind, in `region`. */
function taggedIds(arns: readonly string[], region: string): { vpc: string[]; instance: string[]; networkInterface: string[]; volume: string[] } {
  const ids = { vpc: [] as string[], instance: [] as string[], networkInterface: [] as string[], volume: [] as string[] };
  for (const arn of arns) {
    const parsed = parseArn(arn);
    if (!parsed || parsed.service !== 'ec2' || parsed.region !== region) continue;
    if (parsed.resourceType === 'vpc') ids.vpc.push(parsed.resourceId);
    if (parsed.resourceType === 'instance') ids.instance.push(parsed.resourceId);
    if (parsed.resourceType === 'network-interface') ids.networkInterface.push(parsed.resourceId);
    if (parsed.resourceType === 'volume') ids.volume.push(parsed.resourceId);
  }
  return ids;
}

/** A listing of exactly the tagged resources that were looked up: those not found are gone. */
function idListing(lookedUp: readonly string[], found: readonly string[]) {
  const covered = new Set(lookedUp);
  return { covers: (a: string) => covered.has(a), present: new Set(found) };
}
