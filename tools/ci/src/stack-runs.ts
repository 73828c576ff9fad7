/**
 * Applying stacks, in order, for the apply and lifecycle workflows: saved plans from a pull
 * request (`/apply`), or a fresh `apply` / `destroy` (lifecycle `up` / `destroy`). The first
 * failure stops the run: later stacks depend on earlier ones (add-ons on their platform), and for
 * destroy, a platform must not go while its add-ons still run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PLAN_FILE } from './plan-stacks';
import type { TerraformRunner } from './terraform-process';

export type StackOutcome = 'applied' | 'destroyed' | 'failed' | 'stale-plan' | 'not-run';

export interface StackRunResult {
  readonly stack: string;
  readonly outcome: StackOutcome;
  /** One line for the report; never terraform output (it may hold values). */
  readonly detail?: string;
}

/** Result of one environment's run, written as JSON for the report job. */
export interface EnvironmentRunResult {
  readonly environment: string;
  readonly stacks: readonly StackRunResult[];
}

export type StackAction = 'apply-saved-plan' | 'apply' | 'destroy';

export interface RunStacksOptions {
  readonly action: StackAction;
  /** Stacks in the order to run them (already reversed for destroy). */
  readonly stacks: readonly string[];
  /** The Terraform working directory of a stack (`cdktf.out/stacks/<stack>`). */
  readonly directoryOf: (stack: string) => string;
  readonly terraform: TerraformRunner;
  readonly log?: (line: string) => void;
}

/** Terraform refuses a saved plan made against a state that has changed since. */
const STALE_PLAN = /Saved plan is stale/i;

/**
 * Wait a while for a lock held outside CI (an administrator's apply); CI runs of the same
 * environment never contend, the workflow concurrency group already serialises them.
 */
const LOCK_TIMEOUT = '-lock-timeout=10m';

function commandFor(action: StackAction): string[] {
  switch (action) {
    case 'apply-saved-plan':
      // A saved plan carries its own approval: no -auto-approve, and Terraform re-checks that the
      // state is still the one planned against.
      return ['apply', '-input=false', '-no-color', LOCK_TIMEOUT, PLAN_FILE];
    case 'apply':
      return ['apply', '-input=false', '-no-color', LOCK_TIMEOUT, '-auto-approve'];
    case 'destroy':
      return ['destroy', '-input=false', '-no-color', LOCK_TIMEOUT, '-auto-approve'];
  }
}

export async function runStacks(options: RunStacksOptions): Promise<StackRunResult[]> {
  const { action, terraform } = options;
  const log = options.log ?? (() => undefined);
  const results: StackRunResult[] = [];
  let stopped: string | undefined;
  for (const stack of options.stacks) {
    if (stopped !== undefined) {
      results.push({ stack, outcome: 'not-run', detail: `not run: ${stopped} failed first` });
      continue;
    }
    const dir = options.directoryOf(stack);
    const chdir = `-chdir=${dir}`;
    if (action === 'apply-saved-plan' && !existsSync(join(dir, PLAN_FILE))) {
      results.push({ stack, outcome: 'failed', detail: `no saved plan (${PLAN_FILE}) in the plan artifact; comment /plan and try again` });
      stopped = stack;
      continue;
    }
    log(`::group::terraform ${action === 'destroy' ? 'destroy' : 'apply'} ${stack}`);
    const init = await terraform({ args: [chdir, 'init', '-input=false', '-no-color'] });
    const run = init.code === 0 ? await terraform({ args: [chdir, ...commandFor(action)] }) : undefined;
    log('::endgroup::');
    if (run === undefined) {
      results.push({ stack, outcome: 'failed', detail: `terraform init failed (exit ${init.code}); see the run log` });
      stopped = stack;
    } else if (run.code !== 0) {
      const stale = action === 'apply-saved-plan' && STALE_PLAN.test(run.stderr);
      results.push(
        stale
          ? { stack, outcome: 'stale-plan', detail: 'the state changed since this plan was made, so Terraform applied nothing; comment /plan, review, then /apply' }
          : { stack, outcome: 'failed', detail: `terraform ${action === 'destroy' ? 'destroy' : 'apply'} failed (exit ${run.code}); see the run log` },
      );
      stopped = stack;
    } else {
      results.push({ stack, outcome: action === 'destroy' ? 'destroyed' : 'applied' });
    }
    const last = results[results.length - 1];
    log(last.outcome === 'applied' || last.outcome === 'destroyed' ? `${stack}: ${last.outcome}` : `::error::${stack}: ${last.detail}`);
  }
  return results;
}

export function runSucceeded(results: readonly StackRunResult[]): boolean {
  return results.every((r) => r.outcome === 'applied' || r.outcome === 'destroyed');
}
