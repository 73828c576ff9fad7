/**
 * Everything the Resource Groups Tagging API knows that carries the environment's tags, or a tag
 * that a controller of its cluster puts on what it creates. One GetResources query per filter
 * (filters in one query are ANDed), every page. The environment's region is asked for all of
 * them; us-east-1 (global resources: CloudFront, the CloudFront WAF ACL, Route53 zones, ACM
 * certificates for CloudFront) for the environment's tags.
 */
import { paginateGetResources, type TagFilter } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Check, CheckContext } from './check';
import type { FindingSink } from '../finding';
import { describeArn } from '../resource-kinds';
import { controllerTags, environmentFilter, tagReasons, tagRecord } from '../tag-reasons';

/** Builds the tagging check of one region, reporting the ARNs it saw to `seen`. */
export function taggedResourcesCheck(region: string, seen: (arns: readonly string[]) => void): Check {
  return {
    name: `tagged resources in ${region}`,
    calls: ['tag:GetResources'],
    async run(context: CheckContext, sink: FindingSink): Promise<void> {
      const { scope } = context;
      const filters: TagFilter[][] = [environmentFilter(scope)];
      if (region === scope.region) {
        for (const tag of controllerTags(scope)) filters.push([{ Key: tag.key, Values: tag.value === undefined ? undefined : [tag.value] }]);
      }
      const arns: string[] = [];
      try {
        for (const TagFilters of filters) {
          const pages = paginateGetResources({ client: context.clients.tagging(region), pageSize: 100 }, { TagFilters });
          for await (const page of pages) {
            for (const mapping of page.ResourceTagMappingList ?? []) {
              const arn = mapping.ResourceARN;
              if (!arn) continue;
              const reasons = tagReasons(tagRecord(mapping.Tags), scope);
              // The filter matched, so a reason exists; kept as a guard against a filter/reason mismatch.
              if (reasons.length === 0) continue;
              arns.push(arn);
              const kind = describeArn(arn, region);
              sink.add({ key: arn, arn, ...kind, reasons, detailed: false });
            }
          }
        }
      } finally {
        seen(arns);
      }
    },
  };
}
