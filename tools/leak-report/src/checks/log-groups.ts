/**
 * Log groups under the environment's prefixes: the stacks' own (`/<prefix>/<env>/`, the flow logs),
 * and those services create by themselves when they first log (`/aws/eks/<cluster>/`, Container
 * Insights). A group Terraform did not create survives the destroy and keeps its stored bytes.
 */
import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import type { Check, CheckContext } from './check';
import { logGroupArn, parseArn } from '../arn';
import type { FindingSink } from '../finding';
import { formatGiB, storageCost } from '../prices';
import { awsCommand } from '../resource-kinds';

export const logGroupsCheck: Check = {
  name: 'CloudWatch log groups',
  calls: ['logs:DescribeLogGroups'],
  async run(context: CheckContext, sink: FindingSink): Promise<void> {
    const { scope, partition } = context;
    const region = scope.region;
    const client = context.clients.logs(region);
    const seen = new Set<string>();
    for (const prefix of scope.logGroupPrefixes) {
      for await (const page of paginateDescribeLogGroups({ client, pageSize: 50 }, { logGroupNamePrefix: prefix })) {
        for (const group of page.logGroups ?? []) {
          const name = group.logGroupName;
          if (!name || !name.startsWith(prefix)) continue;
          const arn = logGroupArn(partition, region, scope.accountId, name);
          seen.add(arn);
          const stored = group.storedBytes ?? 0;
          const retention = group.retentionInDays ? `kept ${group.retentionInDays} days` : 'kept forever (no retention)';
          sink.add({
            key: arn,
            arn,
            type: 'logs:log-group',
            id: name,
            region,
            reasons: [`log group under ${prefix}`, `${formatGiB(stored / 1024 ** 3)} stored, ${retention}`],
            cost: storageCost('logs:stored', region, 'stored logs', stored),
            deleteCommand: awsCommand(region, 'logs', 'delete-log-group', '--log-group-name', name),
            detailed: true,
          });
        }
      }
    }
    // Every group under these prefixes was listed: a tag-index entry for one that is gone is stale.
    sink.listed({
      covers: (arn) => {
        const parsed = parseArn(arn);
        const name = parsed?.resourceId.replace(/:\*$/, '');
        return parsed?.service === 'logs' && parsed.region === region && parsed.resourceType === 'log-group' && scope.logGroupPrefixes.some((p) => name?.startsWith(p));
      },
      present: seen,
    });
  },
};
