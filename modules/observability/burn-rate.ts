/**
 * Burn-rate arithmetic of the multi-window, multi-burn-rate alerts of the Google SRE workbook
 * ("Alerting on SLOs", https://sre.google/workbook/alerting-on-slos/). Every alarm threshold of the
 * SLO alarms (./burn-rate-alarm-specs.ts), of the dashboard and of `slo-report` comes from here:
 * the policy table says how much of the error budget each alert stands for, and the thresholds
 * for a given objective and SLO window are derived, never typed.
 *
 * The burn rate is how fast the budget is spent relative to spending exactly all of it over the
 * SLO window: an error ratio of (1 − objective) is a burn rate of 1. Spending `budgetFraction` of
 * the budget within `alertWindow` is a burn rate of budgetFraction × sloWindow / alertWindow
 * (2 % in 1 h of 30 days: 0.02 × 720 h / 1 h = 14.4). The alarm compares the error ratio,
 * 1 − good/total, with burnRate × (1 − objective).
 */
import type { AlarmSeverity } from '../shared/environment-config';

/** One row of the alert policy: a long window and a short one that must both burn fast enough. */
export interface BurnRatePolicyRow {
  /** Name of the pair in alarm names: `fast`, `sustained`, `slow`. */
  readonly name: string;
  readonly severity: AlarmSeverity;
  /** The window whose burn rate stands for `budgetFraction` of the budget. */
  readonly longWindowMinutes: number;
  /**
   * A twelfth of the long window (the workbook's choice): the alert also needs the short window
   * over the same burn rate, so it stops within minutes of the problem ending.
   */
  readonly shortWindowMinutes: number;
  /** Share of the whole SLO window's error budget spent in `longWindowMinutes` at the threshold. */
  readonly budgetFraction: number;
}

/**
 * The workbook's table: page when 2 % of the budget goes in an hour or 5 % in six hours, open a
 * ticket when 10 % goes in three days.
 */
export const BURN_RATE_POLICY: readonly BurnRatePolicyRow[] = [
  { name: 'fast', severity: 'page', longWindowMinutes: 60, shortWindowMinutes: 5, budgetFraction: 0.02 },
  { name: 'sustained', severity: 'page', longWindowMinutes: 6 * 60, shortWindowMinutes: 30, budgetFraction: 0.05 },
  { name: 'slow', severity: 'ticket', longWindowMinutes: 3 * 24 * 60, shortWindowMinutes: 6 * 60, budgetFraction: 0.1 },
];

export interface BurnRateInput {
  /** Fraction of good events the SLO promises, in (0, 1), e.g. 0.999. */
  readonly objective: number;
  /** The SLO window, in days, e.g. 30. */
  readonly sloWindowDays: number;
  /** The window the burn rate is measured over, in minutes (the long window of a policy row). */
  readonly alertWindowMinutes: number;
  /** Share of the budget spent in the alert window at the threshold, in (0, 1]. */
  readonly budgetFraction: number;
}

export interface BurnRateThreshold {
  /** budgetFraction × sloWindow / alertWindow, e.g. 14.4. */
  readonly burnRate: number;
  /**
   * The error ratio (1 − good/total) the alarm compares with: burnRate × (1 − objective), at most 1.
   */
  readonly errorRatio: number;
  /**
   * Whether burnRate × (1 − objective) was above 1, so `errorRatio` is 1: no error ratio can reach
   * the burn rate (e.g. 14.4× of a 90 % objective would be 144 % errors). The alarm then fires on
   * a total outage over the window, the most budget the window can spend:
   * `budgetFractionAtCap` instead of `budgetFraction`.
   */
  readonly capped: boolean;
  /** Share of the budget a window at `errorRatio` spends: `budgetFraction`, or less when capped. */
  readonly budgetFractionAtCap: number;
}

/** Threshold values are rounded to 12 significant digits: 0.05 × 720 / 6 is 6, not 6.000000000000001. */
export function tidy(value: number): number {
  return Number(value.toPrecision(12));
}

/** Problems with the windows and the budget share (empty when valid), each naming the field. */
function windowProblems(input: Omit<BurnRateInput, 'objective'>): string[] {
  const problems: string[] = [];
  const { sloWindowDays, alertWindowMinutes, budgetFraction } = input;
  if (!(sloWindowDays > 0)) problems.push(`sloWindowDays must be more than 0, got ${sloWindowDays}`);
  if (!(alertWindowMinutes > 0)) {
    problems.push(`alertWindowMinutes must be more than 0, got ${alertWindowMinutes}`);
  } else if (sloWindowDays > 0 && alertWindowMinutes > sloWindowDays * 24 * 60) {
    problems.push(`alertWindowMinutes (${alertWindowMinutes}) must not be longer than the SLO window (${sloWindowDays} days)`);
  }
  if (!(budgetFraction > 0 && budgetFraction <= 1)) problems.push(`budgetFraction must be in (0, 1], got ${budgetFraction}`);
  return problems;
}

/** Problems with an input (empty when it is valid), each naming the field. */
export function burnRateInputProblems(input: BurnRateInput): string[] {
  const objective = input.objective;
  const problems = objective > 0 && objective < 1 ? [] : [`objective must be a fraction strictly between 0 and 1 (99.9 % is 0.999), got ${objective}`];
  return [...problems, ...windowProblems(input)];
}

/** The burn rate that spends `budgetFraction` of the budget in the alert window (it does not depend on the objective). */
export function burnRate(input: Omit<BurnRateInput, 'objective'>): number {
  const problems = windowProblems(input);
  if (problems.length > 0) throw new Error(`burnRate: ${problems.join('; ')}`);
  return tidy((input.budgetFraction * input.sloWindowDays * 24 * 60) / input.alertWindowMinutes);
}

/** The burn rate and the error ratio an alarm compares with, capped at 1 (see `capped`). */
export function burnRateThreshold(input: BurnRateInput): BurnRateThreshold {
  const problems = burnRateInputProblems(input);
  if (problems.length > 0) throw new Error(`burnRateThreshold: ${problems.join('; ')}`);
  const rate = burnRate(input);
  const budgetRatio = 1 - input.objective;
  const uncapped = rate * budgetRatio;
  if (uncapped <= 1) return { burnRate: rate, errorRatio: tidy(uncapped), capped: false, budgetFractionAtCap: input.budgetFraction };
  // All events failing for the whole window spends window / (sloWindow × (1 − objective)) of the budget.
  const atCap = (input.alertWindowMinutes / (input.sloWindowDays * 24 * 60)) / budgetRatio;
  return { burnRate: rate, errorRatio: 1, capped: true, budgetFractionAtCap: tidy(atCap) };
}

/** One row of the policy applied to an objective and SLO window. */
export interface PolicyRowThreshold extends BurnRateThreshold {
  readonly row: BurnRatePolicyRow;
  /**
   * The burn rate at which the row's alarms fire: `burnRate`, or, when capped, the burn rate of a
   * total outage, 1 / (1 − objective).
   */
  readonly firingBurnRate: number;
}

/** Every row of {@link BURN_RATE_POLICY} for one SLO: what the alarms, the dashboard and `slo-report` compare with. */
export function policyThresholds(objective: number, sloWindowDays: number): PolicyRowThreshold[] {
  return BURN_RATE_POLICY.map((row) => {
    const threshold = burnRateThreshold({ objective, sloWindowDays, alertWindowMinutes: row.longWindowMinutes, budgetFraction: row.budgetFraction });
    const firingBurnRate = threshold.capped ? tidy(threshold.errorRatio / (1 - objective)) : threshold.burnRate;
    return { row, ...threshold, firingBurnRate };
  });
}

/** A window length as alarm names and descriptions write it: `5m`, `30m`, `1h`, `6h`, `3d`. */
export function windowLabel(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes <= 0) throw new Error(`windowLabel: a window is a positive whole number of minutes, got ${minutes}`);
  if (minutes % (24 * 60) === 0) return `${minutes / (24 * 60)}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}
