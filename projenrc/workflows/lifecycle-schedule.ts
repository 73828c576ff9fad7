/**
 * lifecycle.yml's timers, from each environment's `schedule:` (config/<env>.yaml). GitHub's cron
 * runs in UTC and knows no time zones, so a local time maps to a different UTC time in summer and
 * in winter. For every UTC offset the zone has, one cron entry fires at the local time converted
 * with that offset (on the weekdays shifted when the conversion crosses midnight); at run time a
 * guard (`decideScript`) keeps only the entry whose last start time really is the local time on a
 * scheduled day in that zone (with the runner's tz database, `TZ=<zone> date`), so exactly one
 * entry acts per day, on both sides of a DST change. A delayed start (GitHub queues scheduled
 * runs at busy times) still acts on the time it was scheduled for.
 *
 * Environments with `ttlHours` also get an hourly check (one more entry, at a minute no other
 * entry uses) that tears down an environment whose cluster's `ttl` tag has passed.
 */
import type { LifecycleSchedule, Weekday } from '../../modules/shared/environment-config';

export type ScheduledAction = 'up' | 'down';

/** One environment's action at one time, as a cron entry can start it. */
export interface ScheduleTarget {
  readonly environment: string;
  readonly action: ScheduledAction;
  readonly timeZone: string;
  /** Local "HH:MM". */
  readonly at: string;
  readonly days: readonly Weekday[];
}

export interface CronEntry {
  /** Five-field UTC cron expression, e.g. `0 6 * * 1-5`. */
  readonly cron: string;
  readonly hour: number;
  readonly minute: number;
  /** What this entry may start; the guard checks each against the clock. */
  readonly targets: readonly ScheduleTarget[];
}

export interface LifecycleTimers {
  readonly entries: readonly CronEntry[];
  /** The hourly ttl check, when any environment has `ttlHours`: its cron and those environments. */
  readonly ttl?: { readonly cron: string; readonly environments: readonly string[] };
}

/** The years whose UTC offsets are sampled: fixed, so the generated workflow does not change with the date. */
const SAMPLED_YEARS = [2024, 2045] as const;
/** Minutes of the hour the ttl check may run at: off the hour, when GitHub's scheduler is busiest. */
const TTL_MINUTES = [41, 17, 29, 53, 7, 23, 47, 11];

/** Cron's day-of-week numbers (Sunday 0). */
const CRON_DAY: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();
const ZONE_OFFSETS = new Map<string, number[]>();

/** The zone's offset from UTC at `instant`, in minutes east (Europe/Berlin in summer: 120). */
export function utcOffsetMinutes(timeZone: string, instant: Date): number {
  let format = OFFSET_FORMATS.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    OFFSET_FORMATS.set(timeZone, format);
  }
  const name = format.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!match) throw new Error(`utcOffsetMinutes: cannot read the offset of ${timeZone} from "${name}"`);
  if (match[1] === undefined) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Every offset the zone has in the sampled years (every 6 hours, which no DST rule falls between). */
export function zoneOffsets(timeZone: string): number[] {
  const known = ZONE_OFFSETS.get(timeZone);
  if (known) return [...known];
  const offsets = new Set<number>();
  const end = Date.UTC(SAMPLED_YEARS[1] + 1, 0, 1);
  for (let t = Date.UTC(SAMPLED_YEARS[0], 0, 1); t < end; t += 6 * 3_600_000) offsets.add(utcOffsetMinutes(timeZone, new Date(t)));
  const sorted = [...offsets].sort((a, b) => b - a);
  ZONE_OFFSETS.set(timeZone, sorted);
  return [...sorted];
}

/** `1-5`, `0,6`, `1,3,5`: cron's day-of-week field for these days. */
export function cronDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return '*';
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    runs.push(j - i >= 2 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return runs.join(',');
}

/** The UTC cron entries that can start `target`: one per offset of its zone. */
export function cronFor(target: ScheduleTarget): Array<{ cron: string; hour: number; minute: number }> {
  const [h, m] = target.at.split(':').map(Number);
  const local = h * 60 + m;
  const byCron = new Map<string, { cron: string; hour: number; minute: number }>();
  for (const offset of zoneOffsets(target.timeZone)) {
    const utc = local - offset;
    const shift = Math.floor(utc / 1440);
    const inDay = ((utc % 1440) + 1440) % 1440;
    const hour = Math.floor(inDay / 60);
    const minute = inDay % 60;
    const days = target.days.map((d) => (((CRON_DAY[d] + shift) % 7) + 7) % 7);
    const cron = `${minute} ${hour} * * ${cronDays(days)}`;
    byCron.set(cron, { cron, hour, minute });
  }
  return [...byCron.values()];
}

/** Every timer of the environments' schedules, each cron entry once with everything it may start. */
export function lifecycleTimers(environments: ReadonlyArray<{ readonly name: string; readonly schedule?: LifecycleSchedule }>): LifecycleTimers {
  const entries = new Map<string, { cron: string; hour: number; minute: number; targets: ScheduleTarget[] }>();
  for (const { name, schedule } of environments) {
    if (!schedule) continue;
    for (const [action, at] of [['up', schedule.upAt], ['down', schedule.downAt]] as const) {
      if (at === undefined) continue;
      const target: ScheduleTarget = { environment: name, action, timeZone: schedule.timeZone, at, days: [...schedule.days] };
      for (const entry of cronFor(target)) {
        const known = entries.get(entry.cron) ?? { ...entry, targets: [] };
        known.targets.push(target);
        entries.set(entry.cron, known);
      }
    }
  }
  const ttlEnvironments = environments.filter((e) => e.schedule?.ttlHours !== undefined).map((e) => e.name);
  const used = new Set([...entries.values()].map((e) => e.minute));
  const ttlMinute = TTL_MINUTES.find((m) => !used.has(m));
  if (ttlEnvironments.length > 0 && ttlMinute === undefined) throw new Error('lifecycleTimers: no free minute for the hourly ttl check');
  const sorted = [...entries.values()].sort((a, b) => a.hour - b.hour || a.minute - b.minute || a.cron.localeCompare(b.cron));
  return {
    entries: sorted,
    ...(ttlEnvironments.length > 0 ? { ttl: { cron: `${ttlMinute} * * * *`, environments: ttlEnvironments } } : {}),
  };
}

/**
 * The preflight step's script: from the event (EVENT, ACTION, ENVIRONMENT for a dispatch;
 * SCHEDULE, the cron entry that fired, for a scheduled run) decide what runs, and write the
 * outputs `up` and `destroy` (JSON lists of `{"environment": ...}`, the jobs' matrices) and `ttl`
 * (space-separated environments whose ttl the expiry job checks). LIFECYCLE_NOW (epoch seconds)
 * stands in for the clock: tests, and checking a decision by hand.
 */
export function decideScript(timers: LifecycleTimers, environments: readonly string[]): string {
  const arms = timers.entries.map((entry) => {
    const checks = entry.targets.map((t) => {
      const list = t.action === 'up' ? 'up' : 'destroy';
      const hhmm = `${String(entry.hour).padStart(2, '0')} ${String(entry.minute).padStart(2, '0')}`;
      return `if fires ${t.timeZone} ${t.at} '${t.days.join(' ')}' ${hhmm}; then ${list}="$${list} ${t.environment}"; fi`;
    });
    return `      '${entry.cron}') ${checks.join('; ')} ;;`;
  });
  if (timers.ttl) arms.push(`      '${timers.ttl.cron}') ttl='${timers.ttl.environments.join(' ')}' ;;`);
  return [
    'set -euo pipefail',
    'now="${LIFECYCLE_NOW:-$(date -u +%s)}"',
    "up='' destroy='' ttl=''",
    '# fires ZONE HH:MM DAYS HOUR MINUTE: the last start of the UTC entry HOUR:MINUTE was HH:MM in ZONE, on one of DAYS',
    'fires() {',
    '  local scheduled local_time local_day',
    '  scheduled=$(date -u -d "$(date -u -d "@$now" +%F) $4:$5" +%s)',
    '  if [ "$scheduled" -gt "$now" ]; then scheduled=$((scheduled - 86400)); fi',
    '  local_time=$(TZ="$1" date -d "@$scheduled" +%H:%M)',
    "  local_day=$(TZ=\"$1\" LC_ALL=C date -d \"@$scheduled\" +%a | tr '[:upper:]' '[:lower:]')",
    '  [ "$local_time" = "$2" ] && [[ " $3 " == *" $local_day "* ]]',
    '}',
    'case "$EVENT" in',
    '  workflow_dispatch)',
    `    case "$ENVIRONMENT" in ${environments.join('|')}) ;; *) echo "::error::unknown environment; config/project.yaml lists ${environments.join(', ')}"; exit 1 ;; esac`,
    '    case "$ACTION" in up) up="$ENVIRONMENT" ;; destroy) destroy="$ENVIRONMENT" ;; esac',
    '    ;;',
    '  schedule)',
    '    case "$SCHEDULE" in',
    ...arms,
    '      *) echo "::error::no schedule of config/ runs at \'$SCHEDULE\'; run npx projen to regenerate lifecycle.yml"; exit 1 ;;',
    '    esac',
    '    ;;',
    '  *) echo "::error::lifecycle.yml does not run for $EVENT"; exit 1 ;;',
    'esac',
    'matrix() { local sep=\'\' e; printf \'[\'; for e in $1; do printf \'%s{"environment":"%s"}\' "$sep" "$e"; sep=\',\'; done; printf \']\'; }',
    '{',
    '  echo "up=$(matrix "$up")"',
    '  echo "destroy=$(matrix "$destroy")"',
    '  echo "ttl=${ttl# }"',
    '} >> "$GITHUB_OUTPUT"',
    'echo "up: ${up:-none}; destroy: ${destroy:-none}; ttl check: ${ttl:-none}"',
  ].join('\n');
}
