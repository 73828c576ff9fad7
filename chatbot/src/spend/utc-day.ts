/** The budget's day: a UTC calendar day, the same for every pod whatever its time zone. */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the UTC day that holds `epochMs`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** The start of the next UTC day after `epochMs`: when the day's budget starts afresh. */
export function nextUtcMidnight(epochMs: number): Date {
  return new Date((Math.floor(epochMs / DAY_MS) + 1) * DAY_MS);
}
