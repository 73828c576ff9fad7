/**
 * The reply the apply workflow posts on the pull request: per environment and stack, what
 * happened. An environment whose job left no result (rejected by a reviewer, cancelled, or failed
 * before applying) is listed as such, so the reply never suggests more was applied than was.
 */
import type { ApplyTarget } from './apply-selection';
import type { EnvironmentRunResult, StackOutcome } from './stack-runs';

const ICONS: Record<StackOutcome, string> = {
  'applied': ':white_check_mark: applied',
  'destroyed': ':white_check_mark: destroyed',
  'failed': ':x: failed',
  'stale-plan': ':warning: stale plan, nothing applied',
  'not-run': ':fast_forward: not run',
};

export interface ApplyReportInput {
  /** The planned head commit. */
  readonly sha: string;
  /** What the gate decided to apply. */
  readonly targets: readonly ApplyTarget[];
  /** Results found (one per environment that got as far as applying). */
  readonly results: readonly EnvironmentRunResult[];
  /** Link to the workflow run. */
  readonly runUrl?: string;
}

/** True when every target environment reported and every stack in it was applied. */
export function applySucceeded(input: ApplyReportInput): boolean {
  return input.targets.every((t) => {
    const result = input.results.find((r) => r.environment === t.environment);
    return result !== undefined && result.stacks.every((s) => s.outcome === 'applied');
  });
}

export function renderApplyReport(input: ApplyReportInput): string {
  const ok = applySucceeded(input);
  const lines = [
    `### ${ok ? ':rocket: Applied' : ':x: Apply did not complete'} \`${input.sha.slice(0, 7)}\``,
    '',
    '| environment | stack | result |',
    '|---|---|---|',
  ];
  for (const target of input.targets) {
    const result = input.results.find((r) => r.environment === target.environment);
    if (result === undefined) {
      for (const stack of target.stacks.split(' ')) {
        lines.push(`| ${target.environment} | \`${stack}\` | :grey_question: no result: the job was rejected, cancelled or failed before applying |`);
      }
      continue;
    }
    for (const stack of result.stacks) {
      lines.push(`| ${target.environment} | \`${stack.stack}\` | ${ICONS[stack.outcome]}${stack.detail ? ` (${stack.detail})` : ''} |`);
    }
  }
  lines.push('');
  if (!ok) lines.push('Whatever was applied stays applied. Fix the cause, comment `/plan` for a fresh plan, then `/apply` again.', '');
  if (input.runUrl) lines.push(`[Workflow run](${input.runUrl})`, '');
  return lines.join('\n');
}
