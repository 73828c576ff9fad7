/**
 * The metric math of the SLO widgets, over an SLI's good and total counts (../slo-definitions.ts).
 * A period without answers has no SLI: its ratio is left out (`IF` with no false value drops the
 * point) and it spends no budget (budget remaining 100 %, burn rate 0).
 *
 * - error ratio = (total − good) / total
 * - burn rate = error ratio / (1 − objective): 1 spends exactly the budget over the SLO window
 * - budget remaining = 1 − error ratio / (1 − objective) over the whole window (negative: overspent)
 */
import { policyThresholds, tidy, windowLabel, type BurnRatePolicyRow } from '../burn-rate';
import type { ServiceLevelIndicator } from '../slo-definitions';

/** A number as metric math reads it: never in exponent notation (prices per token are tiny). */
export function mathNumber(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21) throw new Error(`mathNumber: ${value} cannot be written in metric math`);
  const text = String(value);
  if (!/e/i.test(text)) return text;
  return value.toFixed(Math.min(100, 15 - Math.floor(Math.log10(Math.abs(value))))).replace(/\.?0+$/, '');
}

/** 0.995 -> 99.5 (for percent axes and annotations). */
export function toPercent(fraction: number): number {
  return tidy(fraction * 100);
}

/** The error budget as a fraction of events: 1 − objective. */
export function budgetRatio(objective: number): number {
  return tidy(1 - objective);
}

export function sliPercentExpression(goodId: string, totalId: string): string {
  return `IF(${totalId} > 0, 100 * ${goodId} / ${totalId})`;
}

export function burnRateExpression(goodId: string, totalId: string, objective: number): string {
  return `IF(${totalId} > 0, (${totalId} - ${goodId}) / ${totalId} / ${mathNumber(budgetRatio(objective))}, 0)`;
}

export function budgetRemainingExpression(goodId: string, totalId: string, objective: number): string {
  return `IF(${totalId} > 0, 100 - 100 * (${totalId} - ${goodId}) / ${totalId} / ${mathNumber(budgetRatio(objective))}, 100)`;
}

/**
 * Budget left at each hour of a graph spanning exactly the SLO window: 100 % minus the bad events
 * so far (RUNNING_SUM from the window's start) over the budget of the whole window (SUM of one
 * series is a number). Its last point equals `budgetRemainingExpression` over the window.
 */
export function budgetBurndownExpression(badId: string, totalId: string, objective: number): string {
  return `100 - 100 * RUNNING_SUM(${badId}) / (${mathNumber(budgetRatio(objective))} * SUM(${totalId}))`;
}

/** One alert of the policy as the dashboard draws it, for one SLI. */
export interface BurnRateAlertLine {
  readonly row: BurnRatePolicyRow;
  /** `page: 1h & 5m`. */
  readonly label: string;
  /**
   * The burn rate at which the alarm fires: the policy's, or, when that needs more than 100 %
   * errors (a low objective), the burn rate of a total outage, 1 / (1 − objective).
   */
  readonly burnRate: number;
  readonly capped: boolean;
}

/** The alert policy (../burn-rate.ts) applied to one SLI: the thresholds its alarms use. */
export function burnRateAlertLines(sli: Pick<ServiceLevelIndicator, 'objective' | 'windowDays'>): BurnRateAlertLine[] {
  return policyThresholds(sli.objective, sli.windowDays).map(({ row, firingBurnRate, capped }) => ({
    row,
    label: `${row.severity}: ${windowLabel(row.longWindowMinutes)} & ${windowLabel(row.shortWindowMinutes)}`,
    burnRate: firingBurnRate,
    capped,
  }));
}
