/**
 * lifecycle.yml's timers: local times of config `schedule:` turned into UTC cron entries (one per
 * offset of the zone), and the guard that keeps exactly the entry that is right on each day. The
 * guard runs for real (bash and the system's tz database) for every start of every entry across
 * both DST changes of a year, late starts included, and its decisions are compared with the local
 * times worked out independently (Intl).
 */
import { expect } from 'chai';
import { runScript } from './run-script';
import { loadWorkflow, stepsOf } from './workflow-files';
import type { LifecycleSchedule, Weekday } from '../../modules/shared/environment-config';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';
import { cronDays, cronFor, decideScript, lifecycleTimers, utcOffsetMinutes, zoneOffsets } from '../../projenrc/workflows/lifecycle-schedule';

const DAY_MS = 86_400_000;

/** The instant `date` (YYYY-MM-DD) `time` (HH:MM) is in `zone`, or undefined when that local time does not exist. */
function instantOf(zone: string, date: string, time: string): number | undefined {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  for (const offset of zoneOffsets(zone)) {
    const t = Date.UTC(y, mo - 1, d, h, mi) - offset * 60_000;
    const parts = Object.fromEntries(format.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    if (`${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}` === `${date} ${time}`) return t;
  }
  return undefined;
}

/** The local calendar date and weekday of `t` in `zone`. */
function localDate(zone: string, t: number): { date: string; weekday: Weekday } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' }).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: parts.weekday.toLowerCase() as Weekday };
}

/** Every start of a five-field entry `M H * * D` between `from` and `to` (UTC ms). */
function starts(cron: string, from: number, to: number): number[] {
  const [minute, hour, , , days] = cron.split(' ');
  const allowed = new Set<number>();
  for (const part of days === '*' ? ['0-6'] : days.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let d = a; d <= (b ?? a); d++) allowed.add(d);
  }
  const out: number[] = [];
  for (let day = from; day < to; day += DAY_MS) {
    const t = day + Number(hour) * 3_600_000 + Number(minute) * 60_000;
    if (allowed.has(new Date(day).getUTCDay())) out.push(t);
  }
  return out;
}

interface Decision {
  readonly environment: string;
  readonly action: 'up' | 'destroy';
  /** When the entry was due (its start, without the delay). */
  readonly due: number;
}

/** Run `script` for every start of every entry in [from, to), each `delayMinutes` late; what it decided. */
function simulate(script: string, crons: readonly string[], from: number, to: number, delays: readonly number[]): Decision[] {
  const decisions: Decision[] = [];
  for (const cron of crons) {
    for (const due of starts(cron, from, to)) {
      for (const delay of delays) {
        const run = runScript(script, { env: { EVENT: 'schedule', SCHEDULE: cron, ACTION: '', ENVIRONMENT: '', LIFECYCLE_NOW: String((due + delay * 60_000) / 1000) } });
        expect(run.code, `${cron} at ${new Date(due).toISOString()}+${delay}m: ${run.stdout}${run.stderr}`).to.equal(0);
        for (const action of ['up', 'destroy'] as const) {
          for (const { environment } of JSON.parse(run.outputs[action]) as Array<{ environment: string }>) {
            if (delay === delays[0]) decisions.push({ environment, action, due });
            else expect(decisions.some((d) => d.environment === environment && d.action === action && d.due === due), `a ${delay}-minute late start of ${cron} decides as an on-time one`).to.equal(true);
          }
        }
      }
    }
  }
  return decisions.sort((a, b) => a.due - b.due || a.action.localeCompare(b.action));
}

/** What must happen in [from, to): each scheduled local time on each scheduled local day, once. */
function expected(environment: string, schedule: LifecycleSchedule, from: number, to: number): Decision[] {
  const out: Decision[] = [];
  for (let t = from - DAY_MS; t < to + DAY_MS; t += DAY_MS) {
    const { date, weekday } = localDate(schedule.timeZone, t);
    if (!schedule.days.includes(weekday)) continue;
    for (const [action, at] of [['up', schedule.upAt], ['destroy', schedule.downAt]] as const) {
      if (at === undefined) continue;
      const due = instantOf(schedule.timeZone, date, at);
      const inWindow = due !== undefined && due >= from && due < to;
      if (inWindow && !out.some((d) => d.action === action && d.due === due)) out.push({ environment, action, due: due! });
    }
  }
  return out.sort((a, b) => a.due - b.due || a.action.localeCompare(b.action));
}

const show = (decisions: readonly Decision[], zone: string) =>
  decisions.map((d) => `${d.action} ${d.environment} ${new Date(d.due).toISOString()} (${new Date(d.due).toLocaleString('en-GB', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit' })})`);

describe('lifecycle schedule: UTC cron entries from local times', () => {
  it('reads zone offsets from the runtime (Berlin +1/+2, Auckland +12/+13, Kolkata +5:30, St. John\'s -3:30/-2:30, UTC)', () => {
    expect(zoneOffsets('Europe/Berlin')).to.deep.equal([120, 60]);
    expect(zoneOffsets('Pacific/Auckland')).to.deep.equal([780, 720]);
    expect(zoneOffsets('Asia/Kolkata')).to.deep.equal([330]);
    expect(zoneOffsets('America/St_Johns')).to.deep.equal([-150, -210]);
    expect(zoneOffsets('UTC')).to.deep.equal([0]);
    expect(utcOffsetMinutes('Europe/Berlin', new Date(Date.UTC(2026, 6, 1)))).to.equal(120);
    expect(utcOffsetMinutes('Europe/Berlin', new Date(Date.UTC(2026, 0, 1)))).to.equal(60);
  });

  it('one entry per offset, weekdays shifted where the conversion crosses midnight', () => {
    const days: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
    const crons = (timeZone: string, at: string, d: readonly Weekday[] = days) => cronFor({ environment: 'dev', action: 'up', timeZone, at, days: d }).map((c) => c.cron);
    expect(crons('Europe/Berlin', '08:00')).to.deep.equal(['0 6 * * 1-5', '0 7 * * 1-5']);
    expect(crons('Europe/Berlin', '00:30')).to.deep.equal(['30 22 * * 0-4', '30 23 * * 0-4']);
    // Auckland 07:00 is the previous day in UTC: Monday morning there is Sunday evening here.
    expect(crons('Pacific/Auckland', '07:00')).to.deep.equal(['0 18 * * 0-4', '0 19 * * 0-4']);
    expect(crons('Asia/Kolkata', '08:00')).to.deep.equal(['30 2 * * 1-5']);
    expect(crons('America/St_Johns', '22:00', ['fri', 'sat'])).to.deep.equal(['30 0 * * 0,6', '30 1 * * 0,6']);
    expect(crons('UTC', '08:00', ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).to.deep.equal(['0 8 * * *']);
    expect(cronDays([1, 3, 5])).to.equal('1,3,5');
    expect(cronDays([0, 1, 2, 6])).to.equal('0-2,6');
  });

  it('merges entries environments share, and puts the hourly ttl check on a minute no entry uses', () => {
    const schedule = (upAt: string, ttlHours?: number): LifecycleSchedule => ({ timeZone: 'Europe/Berlin', days: ['mon'], upAt, ...(ttlHours ? { ttlHours } : {}) });
    const timers = lifecycleTimers([{ name: 'dev', schedule: schedule('07:41', 8) }, { name: 'test', schedule: schedule('07:41') }, { name: 'prod' }]);
    expect(timers.entries.map((e) => [e.cron, e.targets.map((t) => t.environment)])).to.deep.equal([['41 5 * * 1', ['dev', 'test']], ['41 6 * * 1', ['dev', 'test']]]);
    expect(timers.ttl).to.deep.equal({ cron: '17 * * * *', environments: ['dev'] });
    expect(lifecycleTimers([{ name: 'prod' }])).to.deep.equal({ entries: [] });
  });

  describe('the generated guard, run across DST changes (starts on time and 50 minutes late)', () => {
    const workflow = loadWorkflow('lifecycle.yml');
    const decide = stepsOf(workflow.jobs.preflight).find((s) => s.id === 'decide')!.run!;
    const crons = (workflow.on.schedule as Array<{ cron: string }>).map((s) => s.cron);
    const dev = loadCiSettings().environments.find((e) => e.name === 'dev')!;
    const windows: Array<[string, number, number]> = [
      // Europe: summer time starts on 29 March 2026 and ends on 25 October 2026.
      ['spring', Date.UTC(2026, 2, 25), Date.UTC(2026, 3, 3)],
      ['autumn', Date.UTC(2026, 9, 21), Date.UTC(2026, 9, 30)],
    ];

    it('config/dev.yaml has a schedule to test', () => {
      expect(dev.schedule?.upAt).to.be.a('string');
      expect(dev.schedule?.downAt).to.be.a('string');
    });

    for (const [season, from, to] of windows) {
      it(`dev (${dev.schedule?.timeZone}): up and down exactly once per scheduled local day, at the local time (${season})`, () => {
        const got = simulate(decide, crons.filter((c) => c.split(' ')[1] !== '*'), from, to, [0, 50]);
        expect(show(got, dev.schedule!.timeZone)).to.deep.equal(show(expected('dev', dev.schedule!, from, to), dev.schedule!.timeZone));
        expect(got.length, 'the window has scheduled days').to.be.greaterThan(8);
      });
    }

    it('a southern zone whose local morning is the previous UTC day (Auckland: DST ends 5 April, starts 27 September 2026)', () => {
      const schedule: LifecycleSchedule = { timeZone: 'Pacific/Auckland', days: ['mon', 'tue', 'wed', 'thu', 'fri'], upAt: '07:00', downAt: '19:30' };
      const timers = lifecycleTimers([{ name: 'dev', schedule }]);
      const script = decideScript(timers, ['dev']);
      for (const [from, to] of [[Date.UTC(2026, 3, 1), Date.UTC(2026, 3, 9)], [Date.UTC(2026, 8, 23), Date.UTC(2026, 9, 1)]]) {
        const got = simulate(script, timers.entries.map((e) => e.cron), from, to, [0, 50]);
        expect(show(got, schedule.timeZone)).to.deep.equal(show(expected('dev', schedule, from, to), schedule.timeZone));
      }
    });

    it('on the change days themselves: a time in the skipped hour does not run that day; one in the repeated hour runs in both', () => {
      const schedule: LifecycleSchedule = { timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], upAt: '07:00', downAt: '02:30' };
      const timers = lifecycleTimers([{ name: 'dev', schedule }]);
      const script = decideScript(timers, ['dev']);
      const spring = simulate(script, timers.entries.map((e) => e.cron), Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 31), [0]);
      expect(show(spring, schedule.timeZone)).to.deep.equal(show(expected('dev', schedule, Date.UTC(2026, 2, 28), Date.UTC(2026, 2, 31)), schedule.timeZone));
      expect(spring.filter((d) => d.action === 'destroy').map((d) => localDate(schedule.timeZone, d.due).date)).to.deep.equal(['2026-03-28', '2026-03-30']);
      const autumn = simulate(script, timers.entries.map((e) => e.cron), Date.UTC(2026, 9, 24), Date.UTC(2026, 9, 26), [0])
        .filter((d) => localDate(schedule.timeZone, d.due).date === '2026-10-25');
      expect(autumn.filter((d) => d.action === 'destroy').map((d) => new Date(d.due).toISOString())).to.deep.equal(['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z']);
      expect(autumn.filter((d) => d.action === 'up')).to.have.length(1);
    });

    it('a half-hour zone without DST, and a weekend-only schedule (Kolkata)', () => {
      const schedule: LifecycleSchedule = { timeZone: 'Asia/Kolkata', days: ['sat', 'sun'], upAt: '09:15', downAt: '23:45' };
      const timers = lifecycleTimers([{ name: 'dev', schedule }]);
      const from = Date.UTC(2026, 5, 1);
      const to = Date.UTC(2026, 5, 15);
      const got = simulate(decideScript(timers, ['dev']), timers.entries.map((e) => e.cron), from, to, [0]);
      expect(show(got, schedule.timeZone)).to.deep.equal(show(expected('dev', schedule, from, to), schedule.timeZone));
      expect(got.filter((d) => d.action === 'up')).to.have.length(4);
    });

    it('the check fails when the guard is wrong: a guard that ignored the zone would act twice on every day', () => {
      const broken = decide.replace(/if fires [^;]+; then (\w+)="\$\1 (\w+)"; fi/g, '$1="$$$1 $2"');
      expect(broken).to.not.equal(decide);
      const [from, to] = [windows[0][1], windows[0][2]];
      const got = simulate(broken, crons.filter((c) => c.split(' ')[1] !== '*'), from, to, [0]);
      expect(got.length).to.equal(2 * expected('dev', dev.schedule!, from, to).length);
    });
  });
});
