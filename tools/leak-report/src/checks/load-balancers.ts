/**
 * Load balancers and target groups of the cluster: every one in the region is listed, and its tags
 * read (DescribeTags takes 20 ARNs a call). The AWS Load Balancer Controller tags what it makes
 * with `elbv2.k8s.aws/cluster`; those survive a destroy whenever the Ingress outlived the cluster.
 */
import {
  DescribeTagsCommand,
  paginateDescribeLoadBalancers,
  paginateDescribeTargetGroups,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { chunks, type Check, type CheckContext } from './check';
import { parseArn } from '../arn';
import type { FindingSink } from '../finding';
import { hourlyCost } from '../prices';
import { awsCommand } from '../resource-kinds';
import { tagReasons, tagRecord, type Tags } from '../tag-reasons';

export const loadBalancersCheck: Check = {
  name: 'ELBv2 load balancers and target groups',
  calls: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTags'],
  async run(context: CheckContext, sink: FindingSink): Promise<void> {
    const { scope } = context;
    const region = scope.region;
    const client = context.clients.elbv2(region);

    const balancers = new Map<string, { name: string; detail: string; type?: string }>();
    for await (const page of paginateDescribeLoadBalancers({ client }, {})) {
      for (const lb of page.LoadBalancers ?? []) {
        if (!lb.LoadBalancerArn) continue;
        const detail = [lb.Type, lb.Scheme, lb.DNSName, lb.State?.Code].filter(Boolean).join(' ');
        balancers.set(lb.LoadBalancerArn, { name: lb.LoadBalancerName ?? lb.LoadBalancerArn, detail, type: lb.Type });
      }
    }
    const groups = new Map<string, { name: string; detail: string }>();
    for await (const page of paginateDescribeTargetGroups({ client }, {})) {
      for (const tg of page.TargetGroups ?? []) {
        if (!tg.TargetGroupArn) continue;
        const attached = tg.LoadBalancerArns?.length ? `used by ${tg.LoadBalancerArns.map((a) => parseArn(a)?.resourceId ?? a).join(', ')}` : 'not used by a load balancer';
        groups.set(tg.TargetGroupArn, { name: tg.TargetGroupName ?? tg.TargetGroupArn, detail: [`${tg.Protocol ?? ''}:${tg.Port ?? ''} ${tg.TargetType ?? ''}`.trim(), attached].join(', ') });
      }
    }
    const tags = await tagsOf(client, [...balancers.keys(), ...groups.keys()]);

    for (const [arn, lb] of balancers) {
      const reasons = tagReasons(tags.get(arn) ?? {}, scope);
      if (reasons.length === 0) continue;
      const priced = lb.type === 'application' || lb.type === 'network';
      sink.add({
        key: arn,
        arn,
        type: `elasticloadbalancing:loadbalancer/${lb.type === 'network' ? 'net' : lb.type === 'gateway' ? 'gwy' : 'app'}`,
        id: lb.name,
        region,
        reasons: [...reasons, lb.detail],
        cost: priced ? hourlyCost('load-balancer', region, `${lb.type} load balancer, before LCUs`) : undefined,
        deleteCommand: awsCommand(region, 'elbv2', 'delete-load-balancer', '--load-balancer-arn', arn),
        detailed: true,
      });
    }
    for (const [arn, tg] of groups) {
      const reasons = tagReasons(tags.get(arn) ?? {}, scope);
      if (reasons.length === 0) continue;
      sink.add({
        key: arn,
        arn,
        type: 'elasticloadbalancing:targetgroup',
        id: tg.name,
        region,
        reasons: [...reasons, tg.detail],
        deleteCommand: awsCommand(region, 'elbv2', 'delete-target-group', '--target-group-arn', arn),
        detailed: true,
      });
    }
    // Every load balancer and target group of the region was listed: a tag-index entry for one
    // that is not there any more is stale.
    const present = new Set([...balancers.keys(), ...groups.keys()]);
    sink.listed({
      covers: (arn) => {
        const parsed = parseArn(arn);
        return parsed?.service === 'elasticloadbalancing' && parsed.region === region && (parsed.resourceType.startsWith('loadbalancer/') || parsed.resourceType === 'targetgroup');
      },
      present,
    });
  },
};

/** Tags of each ARN, 20 ARNs a call (the API's limit). */
async function tagsOf(client: ElasticLoadBalancingV2Client, arns: readonly string[]): Promise<Map<string, Tags>> {
  const tags = new Map<string, Tags>();
  for (const batch of chunks(arns, 20)) {
    const answer = await client.send(new DescribeTagsCommand({ ResourceArns: batch }));
    for (const description of answer.TagDescriptions ?? []) {
      if (description.ResourceArn) tags.set(description.ResourceArn, tagRecord(description.Tags));
    }
  }
  return tags;
}
