/**
 * Every alarm of an environment's operations layer, as data (./alarm-spec.ts): the burn-rate
 * alarms of each SLI and the simple ones. ./slo-alarms.ts synthesizes them; the dashboard and
 * `slo-report` list them from here (names, ARNs, severities, thresholds) without a construct.
 */
import { alarmSpecProblems, type AlarmSpec } from './alarm-spec';
import { burnRateAlarmSpecs } from './burn-rate-alarm-specs';
import { simpleAlarmSpecs } from './simple-alarm-specs';
import type { EnvironmentConfig } from '../shared/environment-config';

/** All alarm specs of `env`, checked: unique names, composites over alarms that exist, CloudWatch's limits. */
export function sloAlarmSpecs(env: EnvironmentConfig): AlarmSpec[] {
  const specs: AlarmSpec[] = [...burnRateAlarmSpecs(env), ...simpleAlarmSpecs(env)];
  const problems = specs.flatMap((spec) => alarmSpecProblems(env, spec));
  const names = specs.map((s) => s.name);
  names.forEach((name, i) => {
    if (names.indexOf(name) !== i) problems.push(`${name}: two alarms have this name`);
  });
  for (const spec of specs) {
    if (spec.type !== 'composite') continue;
    for (const child of spec.allOf) {
      const input = specs.find((s) => s.name === child);
      if (!input) problems.push(`${spec.name}: combines ${child}, which is not an alarm of the environment`);
    }
  }
  // An alarm that notifies no one must feed one that does, or it watches for nothing.
  for (const spec of specs.filter((s) => s.severity === undefined)) {
    if (!specs.some((s) => s.type === 'composite' && s.allOf.includes(spec.name))) problems.push(`${spec.name}: has no severity and feeds no composite alarm`);
  }
  if (problems.length > 0) throw new Error(`sloAlarmSpecs(${env.name}): ${problems.join('; ')}`);
  return specs;
}
