/**
 * CloudWatch's retention and period rules, and the two time ranges the report reads.
 *
 * CloudWatch keeps 1-minute datapoints for 15 days, 5-minute ones for 63 days and 1-hour ones for
 * 455 days (15 months). A GetMetricData query whose StartTime is older than 15 days must use a
 * period that is a multiple of 300 s, older than 63 days a multiple of 3600 s; with a finer period
 * the older part of the range silently comes back empty, and a budget computed from it would look
 * healthier than it is. CloudWatch also rounds such a StartTime down to 5 minutes / 1 hour, so the
 * ranges below start on a period boundary themselves.
 * (GetMetricData API reference, "StartTime" and "Period"; CloudWatch concepts, "Metric retention".)
 */
import { SloReportError } from './report-errors';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** Retention tiers, finest first: data older than `maxAgeSeconds` exists only at coarser periods. */
export const RETENTION_TIERS = [
  { maxAgeSeconds: 15 * DAY, periodMultiple: MINUTE },
  { maxAgeSeconds: 63 * DAY, periodMultiple: 5 * MINUTE },
  { maxAgeSeconds: 455 * DAY, periodMultiple: HOUR },
] as const;

/** The longest SLO window the report can read: hourly data is kept 455 days. */
export const MAX_WINDOW_DAYS = 455;

/** Datapoints CloudWatch returns per GetMetricData call at most (and by default, `MaxDatapoints`). */
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/** Metric data queries one GetMetricData call may hold. */
export const MAX_QUERIES_PER_CALL = 500;

/** A GetMetricData time range: [start, end), cut into `periodSeconds` buckets from `start`. */
export interface MetricTimeRange {
  readonly start: Date;
  readonly end: Date;
  readonly periodSeconds: number;
}

/** The multiple a period must be of for a range starting at `start`, seen at `now`. */
export function requiredPeriodMultiple(start: Date, now: Date): number {
  const age = (now.getTime() - start.getTime()) / 1000;
  const tier = RETENTION_TIERS.find((t) => age <= t.maxAgeSeconds);
  if (!tier) {
    throw new SloReportError(`CloudWatch keeps metrics for ${MAX_WINDOW_DAYS} days; a range starting ${Math.ceil(age / DAY)} days ago cannot be read`);
  }
  return tier.periodMultiple;
}

/** Throws when CloudWatch would return only part of `range` (a period finer than its data). */
export function checkRange(range: MetricTimeRange, now: Date): void {
  const multiple = requiredPeriodMultiple(range.start, now);
  if (range.periodSeconds % multiple !== 0) {
    throw new SloReportError(
      `a ${range.periodSeconds}-second period cannot read data from ${range.start.toISOString()}: CloudWatch keeps it only at multiples of ${multiple} s`,
    );
  }
  if (range.start.getTime() % (multiple * 1000) !== 0) {
    throw new SloReportError(`a range starting ${range.start.toISOString()} is not aligned to ${multiple} s; CloudWatch would round it down`);
  }
  if (range.end.getTime() <= range.start.getTime()) throw new SloReportError(`the range ${range.start.toISOString()} - ${range.end.toISOString()} is empty`);
}

function floorTo(time: Date, seconds: number): Date {
  return new Date(Math.floor(time.getTime() / (seconds * 1000)) * seconds * 1000);
}

/**
 * The SLO window: `windowDays × 24` whole hours of hourly sums, the newest being the current hour
 * (up to the last whole minute). Hourly periods are valid for any window up to 455 days, keep the
 * answer to `windowDays × 24` datapoints per series, and sum to exact counts.
 */
export function sloWindowRange(now: Date, windowDays: number): MetricTimeRange {
  if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
    throw new SloReportError(`the SLO window must be 1 to ${MAX_WINDOW_DAYS} whole days (CloudWatch keeps hourly data ${MAX_WINDOW_DAYS} days), got ${windowDays}`);
  }
  const end = floorTo(now, MINUTE);
  const currentHour = floorTo(now, HOUR);
  const start = new Date(currentHour.getTime() - (windowDays * 24 - 1) * HOUR * 1000);
  const range = { start, end: end.getTime() > start.getTime() ? end : new Date(start.getTime() + MINUTE * 1000), periodSeconds: HOUR };
  checkRange(range, now);
  return range;
}

/**
 * The recent range the burn rates are read from: 1-minute sums (what the alarms evaluate) over the
 * longest alert window, ending at the last whole minute. Windows longer than 15 days would need
 * coarser periods; the alert windows are at most 3 days.
 */
export function recentRange(now: Date, longestWindowSeconds: number): MetricTimeRange {
  const end = floorTo(now, MINUTE);
  const start = new Date(end.getTime() - Math.ceil(longestWindowSeconds / MINUTE) * MINUTE * 1000);
  const range = { start, end, periodSeconds: MINUTE };
  checkRange(range, now);
  return range;
}
