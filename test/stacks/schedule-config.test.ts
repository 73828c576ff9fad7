import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, resolveConfig } from '../../stacks/config';
import { isTimeZone } from '../../stacks/schedule-config';
import { rawEnvironment, rawProject } from '../support/environment';

/** The problems (or the resolved schedule of `env`) for one `schedule:` section. */
function withSchedule(schedule: unknown, env: 'dev' | 'prod' = 'dev') {
  try {
    const project = resolveConfig({
      project: rawProject(),
      environments: { dev: rawEnvironment('dev', env === 'dev' ? { schedule } : {}), prod: rawEnvironment('prod', env === 'prod' ? { schedule } : {}) },
    });
    return { schedule: project.environments.find((e) => e.name === env)!.schedule };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { problems: error.problems };
  }
}

describe('config: schedule', () => {
  it('resolves a schedule with the weekday default; off or absent is no schedule', () => {
    expect(withSchedule({ timeZone: 'Europe/Berlin', upAt: '08:00', downAt: '20:00', ttlHours: 12 })).to.deep.equal({
      schedule: { timeZone: 'Europe/Berlin', days: ['mon', 'tue', 'wed', 'thu', 'fri'], upAt: '08:00', downAt: '20:00', ttlHours: 12 },
    });
    expect(withSchedule('off')).to.deep.equal({ schedule: undefined });
    expect(withSchedule(undefined)).to.deep.equal({ schedule: undefined });
    expect(withSchedule({ timeZone: 'UTC', ttlHours: 4, days: ['sat'] })).to.deep.equal({ schedule: { timeZone: 'UTC', days: ['sat'], ttlHours: 4 } });
  });

  it('names each bad field with the fix', () => {
    expect(withSchedule({ timeZon: 'Europe/Berlin', upAt: '08:00' }).problems).to.deep.equal(['config/dev.yaml: schedule.timeZon: unknown key; did you mean timeZone?']);
    expect(withSchedule({ timeZone: 'Mars/Olympus_Mons', upAt: '08:00' }).problems![0]).to.contain('schedule.timeZone: must be an IANA time zone name');
    expect(withSchedule({ timeZone: 'Europe/Berlin', upAt: '8:00' }).problems![0]).to.contain('schedule.upAt: upAt must be a time of day as "HH:MM"');
    expect(withSchedule({ timeZone: 'Europe/Berlin', downAt: '24:00' }).problems![0]).to.contain('schedule.downAt');
    expect(withSchedule({ timeZone: 'Europe/Berlin', upAt: '08:00', days: ['monday'] }).problems![0]).to.contain('schedule.days.0');
    expect(withSchedule({ timeZone: 'Europe/Berlin', ttlHours: 0 }).problems![0]).to.contain('schedule.ttlHours: at least 1 hour');
    expect(withSchedule({ timeZone: 'Europe/Berlin' }).problems).to.deep.equal(['config/dev.yaml: schedule: a schedule needs upAt, downAt or ttlHours (or write schedule: off)']);
    expect(withSchedule({ timeZone: 'Europe/Berlin', upAt: '08:00', downAt: '08:00' }).problems![0]).to.contain('schedule.downAt: must differ from upAt (08:00)');
    expect(withSchedule({ timeZone: 'Europe/Berlin', upAt: '08:00', days: ['mon', 'mon'] }).problems![0]).to.contain('schedule.days: lists a day twice');
    expect(withSchedule('on').problems![0]).to.contain('schedule: expected a mapping');
  });

  it('refuses a schedule that takes production down unless allowInProduction says so; an up schedule alone is fine', () => {
    const problems = withSchedule({ timeZone: 'Europe/Berlin', upAt: '08:00', downAt: '20:00', ttlHours: 12 }, 'prod').problems!;
    expect(problems).to.deep.equal([
      'config/prod.yaml: schedule.downAt: would destroy production on a timer; leave it out, or set allowInProduction: true if production really is to go down unattended',
      'config/prod.yaml: schedule.ttlHours: would destroy production on a timer; leave it out, or set allowInProduction: true if production really is to go down unattended',
    ]);
    expect(withSchedule({ timeZone: 'Europe/Berlin', upAt: '08:00' }, 'prod').schedule?.upAt).to.equal('08:00');
    expect(withSchedule({ timeZone: 'Europe/Berlin', downAt: '20:00', allowInProduction: true }, 'prod').schedule?.downAt).to.equal('20:00');
  });

  it('accepts only zone names that are safe in a generated shell script', () => {
    expect(['Europe/Berlin', 'America/Argentina/Buenos_Aires', 'UTC', 'Etc/GMT+5', 'America/Port-au-Prince'].every(isTimeZone)).to.equal(true);
    expect(['Europe/Berlin; rm -rf /', '$(id)', 'Europe/../etc', ' Europe/Berlin', 'Nowhere/Land'].some(isTimeZone)).to.equal(false);
  });

  it('config/dev.yaml brings dev up and down on weekdays in Berlin with a ttl; prod has no timer', () => {
    const project = loadConfig(join(__dirname, '..', '..', 'config'));
    expect(project.environments.find((e) => e.name === 'dev')!.schedule).to.deep.include({ timeZone: 'Europe/Berlin', upAt: '08:00', downAt: '20:00', ttlHours: 12 });
    expect(project.environments.find((e) => e.name === 'prod')!.schedule).to.equal(undefined);
  });
});
