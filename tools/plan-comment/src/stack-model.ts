/**
 * One stack's plan reduced to what the comment shows: its status, its counts, and the changes,
 * outputs and drift worth listing, each in a fixed order (so the same plan always renders the same).
 */
import { type ChangeKind, changeKind, type CountColumn, kindInfo } from './change-kind';
import { byCodePoint } from './ordering';
import type { PlanChange, PlanResourceChange } from './plan-json';
import type { StackPlanInput } from './types';

export type StackStatus = 'failed' | 'changes' | 'no-changes';

/** Per-stack counts. add/change/destroy/replace/noop are exclusive; import and move also count there. */
export interface StackCounts {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  readonly import: number;
  readonly move: number;
  readonly noop: number;
}

export type CountName = keyof StackCounts;

export const COUNT_NAMES: readonly CountName[] = ['add', 'change', 'destroy', 'replace', 'import', 'move', 'noop'];

/** A resource change with its kind worked out once. */
export interface ResourceEntry {
  readonly change: PlanResourceChange;
  readonly kind: ChangeKind;
  /** Moved by a `moved` block: `previous_address` differs from `address`. */
  readonly moved: boolean;
  /** Also imported (`change.importing` present). */
  readonly imported: boolean;
}

export interface StackModel {
  readonly stack: string;
  readonly status: StackStatus;
  /** Why the stack failed (raw, unscrubbed: the renderer scrubs it); only when status is failed. */
  readonly failure?: { readonly exitCode?: number; readonly log?: string; readonly reason: string };
  readonly counts: StackCounts;
  /** Changes to list: everything but plain no-ops (moved or imported no-ops are listed). */
  readonly entries: readonly ResourceEntry[];
  /** Output changes other than no-op, by name. */
  readonly outputs: readonly (readonly [string, PlanChange])[];
  /** Changes made outside Terraform (`resource_drift`). */
  readonly drift: readonly ResourceEntry[];
}

function toEntry(change: PlanResourceChange): ResourceEntry {
  return {
    change,
    kind: changeKind(change.change?.actions),
    moved: change.previous_address !== undefined && change.previous_address !== change.address,
    imported: change.change?.importing !== undefined && change.change.importing !== null,
  };
}

function compareEntries(a: ResourceEntry, b: ResourceEntry): number {
  return kindInfo(a.kind).rank - kindInfo(b.kind).rank
    || byCodePoint(a.change.address, b.change.address)
    || byCodePoint(a.change.deposed ?? '', b.change.deposed ?? '');
}

function failureOf(input: StackPlanInput): StackModel['failure'] {
  const { exitCode, error, plan } = input;
  if (exitCode !== undefined && exitCode !== 0 && exitCode !== 2) return { exitCode, log: error, reason: `terraform exited with code ${exitCode}` };
  if (!plan) return { exitCode, log: error, reason: 'no plan was produced' };
  if (plan.errored === true) return { exitCode, log: error, reason: 'the plan reported errors and is incomplete' };
  return undefined;
}

const EMPTY_COUNTS: StackCounts = { add: 0, change: 0, destroy: 0, replace: 0, import: 0, move: 0, noop: 0 };

export function buildStackModel(input: StackPlanInput): StackModel {
  const failure = failureOf(input);
  if (failure) return { stack: input.stack, status: 'failed', failure, counts: EMPTY_COUNTS, entries: [], outputs: [], drift: [] };
  const plan = input.plan!;
  const counts: Record<CountName, number> = { ...EMPTY_COUNTS };
  const entries: ResourceEntry[] = [];
  for (const change of plan.resource_changes ?? []) {
    const entry = toEntry(change);
    const column: CountColumn | undefined = kindInfo(entry.kind).column;
    if (column) counts[column]++;
    if (entry.moved) counts.move++;
    if (entry.imported) counts.import++;
    if (entry.kind !== 'no-op' || entry.moved || entry.imported) entries.push(entry);
  }
  entries.sort(compareEntries);
  const outputs = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => changeKind(change.actions) !== 'no-op')
    .sort(([a], [b]) => byCodePoint(a, b));
  const drift = (plan.resource_drift ?? []).map(toEntry).sort(compareEntries);
  const changed = entries.length > 0 || outputs.length > 0;
  return { stack: input.stack, status: changed ? 'changes' : 'no-changes', counts, entries, outputs, drift };
}

/** Totals over stacks (failed stacks count zero). */
export function totalCounts(models: readonly StackModel[]): StackCounts {
  const totals: Record<CountName, number> = { ...EMPTY_COUNTS };
  for (const model of models) for (const name of COUNT_NAMES) totals[name] += model.counts[name];
  return totals;
}

/** "2 to add, 1 to change, 1 to destroy, 1 to replace" (only the non-zero parts), or "no changes". */
export function changeSentence(counts: StackCounts): string {
  const parts: string[] = [];
  if (counts.add) parts.push(`${counts.add} to add`);
  if (counts.change) parts.push(`${counts.change} to change`);
  if (counts.destroy) parts.push(`${counts.destroy} to destroy`);
  if (counts.replace) parts.push(`${counts.replace} to replace`);
  if (counts.import) parts.push(`${counts.import} to import`);
  if (counts.move) parts.push(`${counts.move} moved`);
  return parts.length ? parts.join(', ') : 'no resource changes';
}
