/**
 * The environment's customer managed KMS keys that are not yet scheduled for deletion. Terraform
 * schedules a key's deletion on destroy (the key stays, PendingDeletion, for its waiting period,
 * unbilled); a key that is still Enabled or Disabled was missed and costs $1 a month. Every key
 * of the region is looked at: its state (DescribeKey) and, for customer managed ones, its tags.
 */
import { DescribeKeyCommand, ListResourceTagsCommand, paginateListAliases, paginateListKeys, type KMSClient, type Tag } from '@aws-sdk/client-kms';
import { inBatches, type Check, type CheckContext } from './check';
import { isArnOf } from '../arn';
import { describeFailure, PartialCheckError } from '../check-failure';
import type { FindingSink } from '../finding';
import { monthlyCost } from '../prices';
import { awsCommand } from '../resource-kinds';
import { tagReasons } from '../tag-reasons';

const GONE_STATES = new Set(['PendingDeletion', 'PendingReplicaDeletion']);

export const kmsCheck: Check = {
  name: 'KMS keys',
  calls: ['kms:ListKeys', 'kms:ListAliases', 'kms:DescribeKey', 'kms:ListResourceTags'],
  async run(context: CheckContext, sink: FindingSink): Promise<void> {
    const { scope } = context;
    const region = scope.region;
    const client = context.clients.kms(region);

    const aliases = new Map<string, string[]>();
    for await (const page of paginateListAliases({ client, pageSize: 100 }, {})) {
      for (const alias of page.Aliases ?? []) {
        if (!alias.TargetKeyId || !alias.AliasName) continue;
        aliases.set(alias.TargetKeyId, [...(aliases.get(alias.TargetKeyId) ?? []), alias.AliasName]);
      }
    }
    const keys: Array<{ id: string; arn: string }> = [];
    for await (const page of paginateListKeys({ client, pageSize: 1000 }, {})) {
      for (const key of page.Keys ?? []) if (key.KeyId && key.KeyArn) keys.push({ id: key.KeyId, arn: key.KeyArn });
    }

    const present = new Set<string>();
    const unreadable: Array<{ id: string; error: unknown }> = [];
    await inBatches(keys, 4, async (key) => {
      try {
        await inspect(key);
      } catch (error) {
        // A key whose policy keeps the caller out must not stop the others from being read.
        unreadable.push({ id: key.id, error });
      }
    });
    if (unreadable.length > 0) {
      throw new PartialCheckError(`${unreadable.length} of ${keys.length} keys could not be read (first: ${unreadable[0].id}: ${describeFailure(unreadable[0].error)})`);
    }

    async function inspect(key: { id: string; arn: string }): Promise<void> {
      const metadata = (await client.send(new DescribeKeyCommand({ KeyId: key.id }))).KeyMetadata;
      if (!metadata || metadata.KeyManager === 'AWS' || GONE_STATES.has(metadata.KeyState ?? '')) return;
      present.add(key.arn);
      const keyAliases = aliases.get(key.id) ?? [];
      const reasons = [
        ...tagReasons(await keyTags(client, key.id), scope),
        ...keyAliases.filter((a) => a.startsWith(scope.keyAliasPrefix)).map((a) => `alias ${a}`),
      ];
      if (reasons.length === 0) return;
      sink.add({
        key: key.arn,
        arn: key.arn,
        type: 'kms:key',
        id: key.id,
        region,
        reasons: [...reasons, `${metadata.KeyState}${metadata.Description ? `, "${metadata.Description}"` : ''}, not scheduled for deletion`],
        cost: monthlyCost('kms-key', region, 'customer managed key'),
        deleteCommand: awsCommand(region, 'kms', 'schedule-key-deletion', '--key-id', key.id, '--pending-window-in-days', '7'),
        detailed: true,
      });
    }
    // Every key of the region was looked at: tag-index entries for keys pending deletion (the
    // index keeps their tags) or gone are not leftovers.
    sink.listed({ covers: (arn) => isArnOf(arn, 'kms', 'key', region), present });
  },
};

async function keyTags(client: KMSClient, keyId: string): Promise<Record<string, string>> {
  const tags: Tag[] = [];
  let marker: string | undefined;
  do {
    const page = await client.send(new ListResourceTagsCommand({ KeyId: keyId, Marker: marker, Limit: 50 }));
    tags.push(...(page.Tags ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return Object.fromEntries(tags.filter((t) => t.TagKey !== undefined).map((t) => [t.TagKey!, t.TagValue ?? '']));
}
