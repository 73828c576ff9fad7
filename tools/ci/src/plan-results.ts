/**
 * The plan input directory shared with tools/plan-comment (see the CLI contract):
 * `plans/<stack>.json` (`terraform show -json`), `plans/<stack>.exitcode` (exit status of
 * `terraform plan -detailed-exitcode`) and `plans/<stack>.log` (stderr of a failed step).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `changes` (exit 2), `no-changes` (exit 0), `failed` (anything else), `missing` (no file). */
export type PlanStatus = 'changes' | 'no-changes' | 'failed' | 'missing';

/** Summary of several plans: any failure is an `error`, else any change is `changes`. */
export type PlanOutcome = 'changes' | 'clean' | 'error';

export function planStatusOf(exitCode: number): PlanStatus {
  if (exitCode === 0) return 'no-changes';
  if (exitCode === 2) return 'changes';
  return 'failed';
}

export function planFiles(plansDir: string, stack: string) {
  return {
    json: join(plansDir, `${stack}.json`),
    exitCode: join(plansDir, `${stack}.exitcode`),
    log: join(plansDir, `${stack}.log`),
  };
}

/** Status of each stack's plan, read from `<stack>.exitcode`; a plan without its JSON is failed. */
export function readPlanStatuses(plansDir: string, stacks: readonly string[]): Map<string, PlanStatus> {
  const statuses = new Map<string, PlanStatus>();
  for (const stack of stacks) {
    const files = planFiles(plansDir, stack);
    if (!existsSync(files.exitCode)) {
      statuses.set(stack, 'missing');
      continue;
    }
    const text = readFileSync(files.exitCode, 'utf8').trim();
    const status = /^\d+$/.test(text) ? planStatusOf(Number(text)) : 'failed';
    statuses.set(stack, status !== 'failed' && !existsSync(files.json) ? 'failed' : status);
  }
  return statuses;
}

export function overallOutcome(statuses: ReadonlyMap<string, PlanStatus>): PlanOutcome {
  const values = [...statuses.values()];
  // Nothing planned proves nothing: an empty run is an error, never "clean".
  if (values.length === 0) return 'error';
  if (values.some((s) => s === 'failed' || s === 'missing')) return 'error';
  return values.includes('changes') ? 'changes' : 'clean';
}
