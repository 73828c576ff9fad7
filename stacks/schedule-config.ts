/**
 * The `schedule:` section of `config/<env>.yaml`: when lifecycle.yml brings the environment up and
 * tears it down on its own, in the environment's time zone, and how long an environment brought up
 * by hand may run (`ttlHours`). Validated here; `config-schema.ts` embeds the schema and
 * `config.ts` resolves it (`off` or absent: no schedule). The cron entries GitHub runs are
 * generated from it (projenrc/workflows/lifecycle-schedule.ts).
 */
import { z } from 'zod';
import { example } from './schema-example';
import { WEEKDAYS, type LifecycleSchedule } from '../modules/shared/environment-config';

/** "HH:MM", 24 hours. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

const timeOfDay = (what: string, value: string) =>
  example(
    z.string({ error: `${what} is a time of day as a quoted "HH:MM" (24 h), e.g. "${value}"` }).regex(TIME_OF_DAY, {
      message: `${what} must be a time of day as "HH:MM" (24 h, leading zero), e.g. "${value}"`,
    }),
    value,
  );

/**
 * An IANA time zone the runtime knows (Intl) and that is safe to put in a generated shell script
 * (`TZ=<zone> date`): `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `UTC`.
 */
export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z_]*(\/[A-Za-z0-9][A-Za-z0-9_+-]*){0,2}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const scheduleObject = z.strictObject({
  timeZone: example(
    z.string({ error: 'set the time zone of the times, e.g. Europe/Berlin' }).refine(isTimeZone, {
      message: 'must be an IANA time zone name such as Europe/Berlin, America/New_York or UTC',
    }),
    'Europe/Berlin',
  ),
  days: example(
    z.array(z.enum(WEEKDAYS, { error: `days are ${WEEKDAYS.join(', ')}` })).min(1, { message: 'list the days the schedule runs on, e.g. [mon, tue, wed, thu, fri]' }),
    ['mon', 'tue', 'wed', 'thu', 'fri'],
  ).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  upAt: timeOfDay('upAt', '08:00').optional(),
  downAt: timeOfDay('downAt', '20:00').optional(),
  ttlHours: example(
    z.number().int({ message: 'must be a whole number of hours' }).min(1, { message: 'at least 1 hour' }).max(168, { message: 'at most 168 hours (a week); leave it out for no limit' }),
    12,
  ).optional(),
  allowInProduction: example(z.boolean(), false).default(false),
});

/**
 * `off`, or when and how long the environment runs. Absent: off. (`off` is read as absent before
 * the object is checked, so a misspelled key still gets the nearest valid one named.)
 */
export const scheduleSchema = z.preprocess((value) => (value === 'off' ? undefined : value), scheduleObject.optional());

export type RawSchedule = z.output<typeof scheduleSchema>;

/** Problems that need the rest of the environment (production). */
export function scheduleProblems(env: { production: boolean; schedule?: RawSchedule }, ctx: z.RefinementCtx): void {
  const schedule = env.schedule;
  if (schedule === undefined) return;
  if (schedule.upAt === undefined && schedule.downAt === undefined && schedule.ttlHours === undefined) {
    ctx.addIssue({ code: 'custom', path: ['schedule'], message: 'a schedule needs upAt, downAt or ttlHours (or write schedule: off)' });
  }
  if (schedule.upAt !== undefined && schedule.upAt === schedule.downAt) {
    ctx.addIssue({ code: 'custom', path: ['schedule', 'downAt'], message: `must differ from upAt (${schedule.upAt})` });
  }
  if (new Set(schedule.days).size !== schedule.days.length) {
    ctx.addIssue({ code: 'custom', path: ['schedule', 'days'], message: 'lists a day twice' });
  }
  if (env.production && !schedule.allowInProduction) {
    for (const field of ['downAt', 'ttlHours'] as const) {
      if (schedule[field] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['schedule', field],
          message: 'would destroy production on a timer; leave it out, or set allowInProduction: true if production really is to go down unattended',
        });
      }
    }
  }
}

/** The schedule as the workflows take it (validated: no day twice); undefined when off. */
export function resolveSchedule(raw: RawSchedule): LifecycleSchedule | undefined {
  if (raw === undefined) return undefined;
  return {
    timeZone: raw.timeZone,
    days: [...raw.days],
    ...(raw.upAt === undefined ? {} : { upAt: raw.upAt }),
    ...(raw.downAt === undefined ? {} : { downAt: raw.downAt }),
    ...(raw.ttlHours === undefined ? {} : { ttlHours: raw.ttlHours }),
  };
}
