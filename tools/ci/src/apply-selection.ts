/**
 * What an `/apply [stack...]` comment applies, decided from the planned manifest and the plan
 * results of the planned commit. The answer is one apply target per environment (the workflow's
 * matrix: each runs in its GitHub environment, under that environment's lock), stacks in
 * dependency order, or a refusal that tells the commenter what to do instead.
 */
import { CiToolError } from './ci-errors';
import type { PlanStatus } from './plan-results';
import type { StackManifest } from './stack-manifest';
import { BOOTSTRAP_REFUSAL, BOOTSTRAP_STACK, orderStacks, stackEnvironment } from './stack-order';

/** The stacks of one environment to apply, in order. */
export interface ApplyTarget {
  readonly environment: string;
  /** Stack names in dependency order, separated by spaces (a matrix value must be a scalar). */
  readonly stacks: string;
}

export type ApplyDecision =
  /** Apply these targets; `unchanged` stacks were selected but their plan has nothing to do. */
  | { readonly kind: 'apply'; readonly targets: readonly ApplyTarget[]; readonly unchanged: readonly string[] }
  /** Every selected plan is empty. */
  | { readonly kind: 'nothing'; readonly unchanged: readonly string[] }
  | { readonly kind: 'refuse'; readonly reason: string };

export interface ApplyRequest {
  readonly manifest: StackManifest;
  /** Stack names from the comment; empty means every stack CI may apply. */
  readonly requested: readonly string[];
  /** Plan status of each planned stack. */
  readonly statuses: ReadonlyMap<string, PlanStatus>;
}

export function decideApply({ manifest, requested, statuses }: ApplyRequest): ApplyDecision {
  if (requested.includes(BOOTSTRAP_STACK)) return { kind: 'refuse', reason: BOOTSTRAP_REFUSAL };
  let selected: string[];
  try {
    selected = orderStacks(manifest, { names: requested });
  } catch (error) {
    if (error instanceof CiToolError) return { kind: 'refuse', reason: error.message };
    throw error;
  }
  const notPlanned = selected.filter((s) => statuses.get(s) === 'failed' || statuses.get(s) === 'missing' || !statuses.has(s));
  if (notPlanned.length > 0) {
    const list = notPlanned.map((s) => `\`${s}\` (${statuses.get(s) === 'failed' ? 'plan failed' : 'not planned'})`).join(', ');
    return { kind: 'refuse', reason: `nothing was applied: there is no usable plan for ${list}. Fix the plan, comment \`/plan\`, then \`/apply\` again.` };
  }
  const unchanged = selected.filter((s) => statuses.get(s) === 'no-changes');
  const toApply = selected.filter((s) => statuses.get(s) === 'changes');
  if (toApply.length === 0) return { kind: 'nothing', unchanged };
  const byEnvironment = new Map<string, string[]>();
  for (const stack of toApply) {
    const environment = stackEnvironment(stack);
    if (environment === undefined) return { kind: 'refuse', reason: `stack \`${stack}\` belongs to no environment, so it has no GitHub environment to apply in` };
    byEnvironment.set(environment, [...(byEnvironment.get(environment) ?? []), stack]);
  }
  const targets = [...byEnvironment].map(([environment, stacks]) => ({ environment, stacks: stacks.join(' ') }));
  return { kind: 'apply', targets, unchanged };
}

/** The reply posted when nothing is applied (a refusal, or nothing to do). */
export function renderDecisionReply(decision: ApplyDecision, sha: string): string {
  const commit = sha.slice(0, 7);
  if (decision.kind === 'refuse') return `### :no_entry: \`/apply\` refused\n\n${decision.reason}\n\nPlanned commit: \`${commit}\`.\n`;
  if (decision.kind === 'nothing') {
    const list = decision.unchanged.map((s) => `\`${s}\``).join(', ');
    return `### :white_check_mark: Nothing to apply\n\nThe plans of ${list || 'the selected stacks'} at \`${commit}\` have no changes.\n`;
  }
  return '';
}
