import { join } from 'node:path';
import { expect } from 'chai';
import { sloAlarmSpecs } from '../../../modules/observability/slo-alarm-specs';
import { environmentResourceName } from '../../../modules/shared/naming';
import { loadConfig } from '../../../stacks/config';
import { testProject } from '../../support/environment';

describe('modules/observability/slo-alarm-specs', () => {
  const environments = [...testProject().environments, ...loadConfig(join(__dirname, '../../../config')).environments];

  it('builds a valid, uniquely named set of alarms for every environment of the test project and of config/', () => {
    for (const env of environments) {
      const specs = sloAlarmSpecs(env);
      const names = specs.map((s) => s.name);
      expect(new Set(names).size, env.name).to.equal(names.length);
      // The deploy role may manage alarms named <prefix>-<env>-* only.
      for (const name of names) expect(name.startsWith(`${environmentResourceName(env.namePrefix, env.name)}-`), name).to.equal(true);
      expect(specs.filter((s) => s.type === 'composite')).to.have.length(6);
    }
  });

  it('says in the summary when a burn rate is out of reach and the threshold is capped at a total outage', () => {
    for (const env of environments) {
      for (const spec of sloAlarmSpecs(env).filter((s) => s.burn !== undefined)) {
        const capped = spec.burn!.capped;
        expect(capped, spec.name).to.equal(spec.burn!.burnRate * (1 - spec.burn!.objective) > 1);
        const says = spec.type === 'composite' ? /total outage/ : /capped at 100% errors/;
        expect(says.test(spec.summary), `${spec.name}: ${spec.summary}`).to.equal(capped);
      }
    }
  });

  it('leaves no alarm without a severity unless a composite alarm takes it', () => {
    for (const env of environments) {
      const specs = sloAlarmSpecs(env);
      const inputs = new Set(specs.flatMap((s) => (s.type === 'composite' ? s.allOf : [])));
      for (const spec of specs.filter((s) => s.severity === undefined)) expect(inputs.has(spec.name), spec.name).to.equal(true);
    }
  });
});
