/**
 * Plan stacks one by one and write the plan input directory (plan-results.ts). A stack that fails
 * is recorded and the loop goes on: one broken stack must not hide the plans of the others.
 *
 * `-lock=false`: a plan writes no state. Taking the lock would make pull-request plans and drift
 * checks fail while an apply holds it, and a plan made while state was changing is caught later
 * anyway: Terraform refuses to apply a saved plan whose state has moved on ("Saved plan is stale").
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { planFiles, planStatusOf, type PlanStatus } from './plan-results';
import type { TerraformRunner } from './terraform-process';

/** File name of the saved plan inside each stack's directory (the apply step looks for it). */
export const PLAN_FILE = 'plan.tfplan';

export interface PlanStacksOptions {
  /** Stacks to plan, in order. */
  readonly stacks: readonly string[];
  /** The Terraform working directory of a stack (`cdktf.out/stacks/<stack>`). */
  readonly directoryOf: (stack: string) => string;
  /** Where the plan input directory is written (`plans`). */
  readonly plansDir: string;
  readonly terraform: TerraformRunner;
  /** Log a line (the job log). */
  readonly log?: (line: string) => void;
}

/** Plan every stack; returns each stack's status. */
export async function planStacks(options: PlanStacksOptions): Promise<Map<string, PlanStatus>> {
  const { terraform, plansDir } = options;
  const log = options.log ?? (() => undefined);
  mkdirSync(plansDir, { recursive: true });
  const statuses = new Map<string, PlanStatus>();
  for (const stack of options.stacks) {
    const files = planFiles(plansDir, stack);
    for (const file of Object.values(files)) rmSync(file, { force: true });
    const chdir = `-chdir=${options.directoryOf(stack)}`;
    log(`::group::terraform plan ${stack}`);
    let code: number;
    let stderr = '';
    const init = await terraform({ args: [chdir, 'init', '-input=false', '-no-color'] });
    if (init.code !== 0) {
      // A failed init is a failed plan, whatever its exit code: 2 must never read as "changes".
      code = 1;
      stderr = init.stderr;
    } else {
      const plan = await terraform({ args: [chdir, 'plan', '-input=false', '-no-color', '-lock=false', '-detailed-exitcode', `-out=${PLAN_FILE}`] });
      code = plan.code;
      stderr = plan.stderr;
      if (code === 0 || code === 2) {
        const show = await terraform({ args: [chdir, 'show', '-json', '-no-color', PLAN_FILE], stdoutFile: files.json });
        if (show.code !== 0) {
          code = 1;
          stderr = show.stderr;
          rmSync(files.json, { force: true });
        }
      }
    }
    writeFileSync(files.exitCode, `${code}\n`);
    if (stderr.trim() !== '' && code !== 0 && code !== 2) writeFileSync(files.log, stderr);
    const status = planStatusOf(code);
    statuses.set(stack, status);
    log('::endgroup::');
    log(status === 'failed' ? `::error::terraform plan of ${stack} failed (exit ${code}); see the log above` : `${stack}: ${status}`);
  }
  return statuses;
}
