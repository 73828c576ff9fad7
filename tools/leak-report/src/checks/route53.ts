/**
 * DNS records that this cluster's external-dns still owns. external-dns marks what it manages with
 * TXT registry records whose value is `"heritage=external-dns,external-dns/owner=<owner id>,..."`,
 * at the record's own name (the old format) or at `<type>-<name>` (the current one). Records it
 * did not get to delete before the cluster went point at load balancers that no longer exist: a
 * dangling record anyone who gets that address can serve.
 */
import { ListResourceRecordSetsCommand, paginateListHostedZones, type ResourceRecordSet, type Route53Client } from '@aws-sdk/client-route-53';
import { inBatches, type Check, type CheckContext } from './check';
import type { FindingSink } from '../finding';
import { shellQuote } from '../resource-kinds';

/** Record types external-dns names its new-format TXT records after (`a-`, `cname-`...). */
const TYPE_PREFIX = /^(a|aaaa|cname|ns|mx|srv|txt|ptr|naptr)-(.*)$/;

export const route53Check: Check = {
  name: 'Route53 records of external-dns',
  calls: ['route53:ListHostedZones', 'route53:ListResourceRecordSets'],
  async run(context: CheckContext, sink: FindingSink): Promise<void> {
    const client = context.clients.route53();
    const owner = context.scope.externalDnsOwner;
    const zones: Array<{ id: string; name: string; private: boolean }> = [];
    for await (const page of paginateListHostedZones({ client, pageSize: 100 }, {})) {
      for (const zone of page.HostedZones ?? []) {
        if (zone.Id && zone.Name) zones.push({ id: zone.Id.replace(/^\/hostedzone\//, ''), name: zone.Name, private: zone.Config?.PrivateZone === true });
      }
    }
    await inBatches(zones, 2, async (zone) => {
      const records = await recordSets(client, zone.id);
      for (const { record, why } of ownedRecords(records, owner)) {
        const name = record.Name ?? '';
        const points = record.AliasTarget?.DNSName ? `alias to ${record.AliasTarget.DNSName}` : (record.ResourceRecords ?? []).map((r) => r.Value).join(' ');
        sink.add({
          key: `route53:${zone.id}:${name}:${record.Type}:${record.SetIdentifier ?? ''}`,
          type: 'route53:record',
          id: `${name} ${record.Type}${record.SetIdentifier ? ` (${record.SetIdentifier})` : ''}`,
          region: 'global',
          reasons: [why, `in ${zone.private ? 'private' : 'public'} zone ${zone.name} (${zone.id})`, ...(record.Type === 'TXT' ? [] : [`${points}: dangling once its load balancer is gone`])],
          deleteCommand: deleteRecordCommand(zone.id, record),
          detailed: true,
        });
      }
    });
  },
};

/** Every record set of a zone, every page. */
async function recordSets(client: Route53Client, zoneId: string): Promise<ResourceRecordSet[]> {
  const all: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: ResourceRecordSet['Type']; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 300, ...start }));
    all.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) return all;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier };
  }
}

/** The owner id in an external-dns registry value, or undefined when it is not one. */
export function registryOwner(value: string): { owner: string; resource?: string } | undefined {
  const text = value.replace(/^"|"$/g, '');
  const fields = new Map(text.split(',').map((part) => {
    const at = part.indexOf('=');
    return [at < 0 ? part : part.slice(0, at), at < 0 ? '' : part.slice(at + 1)] as [string, string];
  }));
  if (fields.get('heritage') !== 'external-dns') return undefined;
  const owner = fields.get('external-dns/owner');
  return owner === undefined ? undefined : { owner, resource: fields.get('external-dns/resource') };
}

/** The registry TXT records of `owner` and the records they mark, each with why. */
export function ownedRecords(records: readonly ResourceRecordSet[], owner: string): Array<{ record: ResourceRecordSet; why: string }> {
  const out = new Map<ResourceRecordSet, string>();
  for (const txt of records) {
    if (txt.Type !== 'TXT') continue;
    const marks = (txt.ResourceRecords ?? []).map((r) => registryOwner(r.Value ?? '')).find((m) => m?.owner === owner);
    if (!marks) continue;
    const by = `external-dns owner ${owner}${marks.resource ? `, ${marks.resource}` : ''}`;
    out.set(txt, `external-dns registry record (${by})`);
    const name = txt.Name ?? '';
    const dot = name.indexOf('.');
    const label = dot < 0 ? name : name.slice(0, dot);
    const typed = TYPE_PREFIX.exec(label);
    for (const record of records) {
      if (record === txt) continue;
      // New format: `<type>-<name>` marks the <type> record at <name>. Old format: same name, any non-TXT type.
      const newFormat = typed !== null && record.Type === typed[1].toUpperCase() && record.Name === `${typed[2]}${dot < 0 ? '' : name.slice(dot)}`;
      const oldFormat = record.Name === name && record.Type !== 'TXT';
      if (newFormat || oldFormat) out.set(record, `record managed by external-dns (${by})`);
    }
  }
  return [...out].map(([record, why]) => ({ record, why }));
}

function deleteRecordCommand(zoneId: string, record: ResourceRecordSet): string {
  const batch = JSON.stringify({ Changes: [{ Action: 'DELETE', ResourceRecordSet: record }] });
  return `aws route53 change-resource-record-sets --hosted-zone-id ${shellQuote(zoneId)} --change-batch ${shellQuote(batch)}`;
}
