/**
 * Reading synthesized Terraform JSON the way the policy rules need it: resources with their
 * addresses, nested blocks (cdktf writes a single block as an object and repeated blocks as an
 * array), and references between resources (`"${aws_s3_bucket.site_1A2B.id}"`).
 */
import type { TerraformJson } from '../support/synth';

/** One resource of the stack with its Terraform address. */
export interface ResourceEntry {
  /** `type.logicalId` */
  readonly address: string;
  readonly type: string;
  readonly logicalId: string;
  readonly attrs: Record<string, any>;
}

/** Every resource of `type` in the stack ([] when there are none). */
export function resources(json: TerraformJson, type: string): ResourceEntry[] {
  return Object.entries(json.resource?.[type] ?? {}).map(([logicalId, attrs]) => ({
    address: `${type}.${logicalId}`,
    type,
    logicalId,
    attrs: attrs ?? {},
  }));
}

/** A nested block as a list: absent -> [], single object -> [it], array -> itself. */
export function blocks(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((b): b is Record<string, any> => typeof b === 'object' && b !== null);
}

/** A string-or-list attribute as a list of strings. */
export function strings(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** Terraform booleans may be synthesized as `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function collectStrings(value: unknown, out: string[]): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => collectStrings(v, out));
  return out;
}

/**
 * Logical ids of the resources of `type` that `value` (any attribute, however nested) refers to
 * through a Terraform interpolation, e.g. `"${aws_s3_bucket.site_1A2B.arn}/*"` -> `site_1A2B`.
 * References to data sources (`data.aws_s3_bucket.x`) do not count.
 */
export function referencedIds(value: unknown, type: string): Set<string> {
  const pattern = new RegExp(`(?<![\\w.-])${escapeRegExp(type)}\\.([\\w-]+)`, 'g');
  const ids = new Set<string>();
  for (const s of collectStrings(value, [])) {
    if (!s.includes('${')) continue;
    for (const m of s.matchAll(pattern)) ids.add(m[1]);
  }
  return ids;
}

/** Whether `value` refers to the resource `target` (by reference, or by its literal `nameAttr` value). */
export function refersTo(value: unknown, target: ResourceEntry, nameAttr?: string): boolean {
  if (referencedIds(value, target.type).has(target.logicalId)) return true;
  const name = nameAttr === undefined ? undefined : target.attrs[nameAttr];
  return typeof name === 'string' && !name.includes('${') && strings(value).includes(name);
}

/** The resources of `type` whose attribute `attr` refers to `target`. */
export function attachedTo(json: TerraformJson, type: string, attr: string, target: ResourceEntry, nameAttr?: string): ResourceEntry[] {
  return resources(json, type).filter((r) => refersTo(r.attrs[attr], target, nameAttr));
}
