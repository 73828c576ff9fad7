/**
 * Checks that a parsed JSON document is a `terraform show -json <planfile>` plan the renderer can
 * read, and explains in one line what it is instead (a state, another major format version, a
 * resource change without actions...). Values and marks are left unchecked: any JSON is valid there.
 */
import { z } from 'zod';
import type { TerraformPlan } from './plan-json';

const pathStep = z.union([z.string(), z.number()]);

const change = z.looseObject({
  actions: z.array(z.string()),
  replace_paths: z.array(z.array(pathStep)).optional(),
  importing: z.looseObject({ id: z.string().optional() }).nullable().optional(),
});

const resourceChange = z.looseObject({
  address: z.string().min(1),
  previous_address: z.string().optional(),
  module_address: z.string().optional(),
  mode: z.string(),
  type: z.string(),
  name: z.string(),
  index: pathStep.optional(),
  provider_name: z.string().optional(),
  deposed: z.string().optional(),
  change,
  action_reason: z.string().optional(),
});

const planSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChange).optional(),
  resource_drift: z.array(resourceChange).optional(),
  deferred_changes: z.array(z.looseObject({ reason: z.string(), resource_change: resourceChange })).optional(),
  output_changes: z.record(z.string(), change).optional(),
  errored: z.boolean().optional(),
});

function issuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const step of path) text += typeof step === 'number' ? `[${step}]` : `${text ? '.' : ''}${String(step)}`;
  return text || '(document)';
}

/**
 * The document as a plan, or an Error whose message says why it is not one (the caller adds the
 * file name).
 */
export function checkPlanDocument(document: unknown): TerraformPlan | Error {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return new Error('expected a JSON object, the output of `terraform show -json <planfile>`');
  }
  const record = document as Record<string, unknown>;
  if ('values' in record && !('planned_values' in record) && !('resource_changes' in record)) {
    return new Error('this is a state, not a plan: run `terraform show -json` on the saved plan file (`terraform plan -out=<planfile>`)');
  }
  if (typeof record.format_version !== 'string') return new Error('no "format_version": not `terraform show -json <planfile>` output');
  if (!/^1\.\d+$/.test(record.format_version)) {
    return new Error(`format_version "${record.format_version}" is not supported: this tool reads plan format 1.x`);
  }
  if (!('planned_values' in record) && !('resource_changes' in record)) {
    return new Error('no "planned_values" or "resource_changes": not a plan (is it `terraform show -json` of a state or of a provider schema?)');
  }
  const result = planSchema.safeParse(document);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((issue) => `${issuePath(issue.path)}: ${issue.message}`);
    const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more problems)` : '';
    return new Error(`not a valid plan: ${issues.join('; ')}${more}`);
  }
  // The original object, not zod's copy: the check passed, and copying a 50,000-change plan costs time.
  return document as TerraformPlan;
}
