/**
 * The arithmetic of the report, over an SLI's good and total counts:
 * - SLI achieved = good / total over the window;
 * - error budget = (1 − objective) × total bad events allowed; consumed = bad / budget (can pass
 *   100 %: overspent), remaining = 1 − consumed;
 * - burn rate over an alert window = (bad / total) / (1 − objective), the rate the alarms compare
 *   (modules/observability/burn-rate.ts).
 * A window without events has no SLI, no budget spent and no burn rate: it is reported as "no
 * data", never as a perfect 100 % that nobody measured.
 */
import type { MetricSeries } from './metric-data';
import { BURN_RATE_POLICY, policyThresholds, tidy, windowLabel } from '../../../modules/observability/burn-rate';

/** Good and total events of one window. */
export interface EventCounts {
  readonly good: number;
  readonly total: number;
}

/** Sums of a good and a total series, optionally only from `since` on. */
export function countEvents(good: MetricSeries, total: MetricSeries, since?: Date): EventCounts {
  const sum = (series: MetricSeries) =>
    series.points.filter((p) => since === undefined || p.time.getTime() >= since.getTime()).reduce((acc, p) => acc + p.value, 0);
  return { good: sum(good), total: sum(total) };
}

export interface BudgetStatus {
  readonly good: number;
  readonly total: number;
  /** total − good (never negative). */
  readonly bad: number;
  /** good / total; null without events. */
  readonly achieved: number | null;
  /** Bad events the objective allows over this window: (1 − objective) × total. */
  readonly allowedBad: number;
  /** bad / allowedBad; null without events. Above 1: the budget is overspent. */
  readonly consumed: number | null;
  /** 1 − consumed; null without events. Negative: overspent. */
  readonly remaining: number | null;
}

export function budgetStatus(counts: EventCounts, objective: number): BudgetStatus {
  const total = counts.total;
  const bad = Math.max(0, total - counts.good);
  const allowedBad = tidy((1 - objective) * total);
  if (!(total > 0)) return { good: counts.good, total, bad, achieved: null, allowedBad, consumed: null, remaining: null };
  const consumed = tidy(bad / allowedBad);
  return { good: counts.good, total, bad, achieved: tidy((total - bad) / total), allowedBad, consumed, remaining: tidy(1 - consumed) };
}

/** Burn rate of one window: null without events in it. */
export function burnRateOf(counts: EventCounts, objective: number): number | null {
  if (!(counts.total > 0)) return null;
  const bad = Math.max(0, counts.total - counts.good);
  return tidy(bad / counts.total / (1 - objective));
}

export interface WindowBurn {
  readonly minutes: number;
  /** `1h`, `5m`, as alarm names write it. */
  readonly label: string;
  readonly good: number;
  readonly total: number;
  readonly burnRate: number | null;
}

export interface BurnAlertStatus {
  /** Policy row: `fast`, `sustained`, `slow`. */
  readonly row: string;
  readonly severity: 'page' | 'ticket';
  readonly long: WindowBurn;
  readonly short: WindowBurn;
  /**
   * The burn rate at which both windows fire: the policy's, or, when that would need more than
   * 100 % errors at this objective, the burn rate of a total outage (`capped`).
   */
  readonly thresholdBurnRate: number;
  readonly capped: boolean;
  /** Share of the budget the long window spends at the threshold. */
  readonly budgetFraction: number;
  /** Both windows at or over the threshold (what the composite alarm computes); null when either has no events. */
  readonly burning: boolean | null;
}

/** The longest window the alert policy reads, in minutes (the recent range must cover it). */
export function longestAlertWindowMinutes(): number {
  return Math.max(...BURN_RATE_POLICY.map((row) => row.longWindowMinutes));
}

/**
 * Every policy row's two windows over `recent` (per-minute counts ending now). Thresholds use the
 * configured SLO window: they are the alarms' thresholds, whatever window the report covers.
 */
export function burnAlerts(good: MetricSeries, total: MetricSeries, end: Date, objective: number, sloWindowDays: number): BurnAlertStatus[] {
  const windowBurn = (minutes: number): WindowBurn => {
    const counts = countEvents(good, total, new Date(end.getTime() - minutes * 60_000));
    return { minutes, label: windowLabel(minutes), ...counts, burnRate: burnRateOf(counts, objective) };
  };
  return policyThresholds(objective, sloWindowDays).map((threshold) => {
    const { row } = threshold;
    const long = windowBurn(row.longWindowMinutes);
    const short = windowBurn(row.shortWindowMinutes);
    const errorRatio = (w: WindowBurn) => (w.total - Math.min(w.good, w.total)) / w.total;
    const burning = long.total > 0 && short.total > 0 ? errorRatio(long) >= threshold.errorRatio && errorRatio(short) >= threshold.errorRatio : null;
    return {
      row: row.name,
      severity: row.severity,
      long,
      short,
      thresholdBurnRate: threshold.firingBurnRate,
      capped: threshold.capped,
      budgetFraction: threshold.budgetFractionAtCap,
      burning,
    };
  });
}
