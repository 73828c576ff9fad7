/**
 * The drift report of one environment: status for tools/github `drift-issue`, and the issue text.
 * The plan details come from tools/plan-comment's masked summary; this adds the verdict per stack.
 */
import { overallOutcome, type PlanStatus } from './plan-results';

export type DriftStatus = 'drift' | 'clean' | 'error';

/** Exit 2 somewhere -> drift; all 0 -> clean; anything else (or a missing plan) -> error. */
export function driftStatus(statuses: ReadonlyMap<string, PlanStatus>): DriftStatus {
  const outcome = overallOutcome(statuses);
  return outcome === 'changes' ? 'drift' : outcome;
}

const VERDICT: Record<PlanStatus, string> = {
  'changes': ':warning: drift: the plan is not empty',
  'no-changes': ':white_check_mark: matches the code',
  'failed': ':x: plan failed',
  'missing': ':x: not planned',
};

export interface DriftReportInput {
  readonly environment: string;
  readonly statuses: ReadonlyMap<string, PlanStatus>;
  /** Masked plan summary (tools/plan-comment `render` summary.md), if it was rendered. */
  readonly summary?: string;
  readonly runUrl?: string;
}

export function renderDriftReport(input: DriftReportInput): string {
  const status = driftStatus(input.statuses);
  const headline = {
    drift: `Infrastructure of \`${input.environment}\` differs from the default branch: someone changed it outside Terraform, or a merged change was never applied.`,
    clean: `Infrastructure of \`${input.environment}\` matches the default branch.`,
    error: `Drift detection for \`${input.environment}\` could not plan every stack, so drift may be hidden.`,
  }[status];
  const lines = [headline, '', '| stack | result |', '|---|---|'];
  for (const [stack, planStatus] of input.statuses) lines.push(`| \`${stack}\` | ${VERDICT[planStatus]} |`);
  if (input.statuses.size === 0) lines.push('| (none) | :x: no stack was planned |');
  lines.push('');
  if (input.summary?.trim()) lines.push(input.summary.trim(), '');
  if (status === 'drift') lines.push('To resolve: open a pull request that brings the code in line (or reverts the manual change), or apply the default branch with the `lifecycle` workflow (`up`).', '');
  if (input.runUrl) lines.push(`[Workflow run](${input.runUrl})`, '');
  return lines.join('\n');
}
