import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fakeTerraform, QUIET, writeSynthOutput } from './fixtures';
import { overallOutcome, readPlanStatuses } from '../../../tools/ci/src/plan-results';
import { planStacks } from '../../../tools/ci/src/plan-stacks';
import { terraformRunner } from '../../../tools/ci/src/terraform-process';

describe('tools/ci planStacks (against a fake terraform)', () => {
  let dir: string;
  let plansDir: string;
  const directoryOf = (stack: string) => join(dir, 'cdktf.out', 'stacks', stack);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plan-stacks-'));
    writeSynthOutput(dir);
    plansDir = join(dir, 'plans');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs init, plan -lock=false -detailed-exitcode -out, show -json per stack and writes the plans/ convention', async () => {
    const tf = fakeTerraform(dir, { 'platform-dev:plan': { code: 2 }, '*:show': { stdout: '{"format_version":"1.2"}' } });
    const statuses = await planStacks({ stacks: ['platform-dev', 'addons-dev'], directoryOf, plansDir, terraform: terraformRunner(tf.binary, QUIET) });

    expect([...statuses]).to.deep.equal([['platform-dev', 'changes'], ['addons-dev', 'no-changes']]);
    expect(tf.calls().map((c) => `${c.stack} ${c.args.join(' ')}`)).to.deep.equal([
      'platform-dev init -input=false -no-color',
      'platform-dev plan -input=false -no-color -lock=false -detailed-exitcode -out=plan.tfplan',
      'platform-dev show -json -no-color plan.tfplan',
      'addons-dev init -input=false -no-color',
      'addons-dev plan -input=false -no-color -lock=false -detailed-exitcode -out=plan.tfplan',
      'addons-dev show -json -no-color plan.tfplan',
    ]);
    expect(readFileSync(join(plansDir, 'platform-dev.exitcode'), 'utf8')).to.equal('2\n');
    expect(readFileSync(join(plansDir, 'addons-dev.exitcode'), 'utf8')).to.equal('0\n');
    expect(readFileSync(join(plansDir, 'platform-dev.json'), 'utf8')).to.equal('{"format_version":"1.2"}');
    expect(existsSync(join(plansDir, 'platform-dev.log'))).to.equal(false);
  });

  it('records a failed stack with its stderr and still plans the others', async () => {
    const tf = fakeTerraform(dir, { 'platform-dev:plan': { code: 1, stderr: 'Error: AccessDenied\n' }, '*:show': { stdout: '{}' } });
    const statuses = await planStacks({ stacks: ['platform-dev', 'platform-prod'], directoryOf, plansDir, terraform: terraformRunner(tf.binary, QUIET) });

    expect(statuses.get('platform-dev')).to.equal('failed');
    expect(statuses.get('platform-prod')).to.equal('no-changes');
    expect(readFileSync(join(plansDir, 'platform-dev.exitcode'), 'utf8')).to.equal('1\n');
    expect(readFileSync(join(plansDir, 'platform-dev.log'), 'utf8')).to.contain('AccessDenied');
    expect(existsSync(join(plansDir, 'platform-dev.json'))).to.equal(false);
    expect(tf.calls().some((c) => c.stack === 'platform-prod' && c.args[0] === 'plan')).to.equal(true);
    expect(overallOutcome(statuses)).to.equal('error');
  });

  it('treats a failed init as a failed plan even when its exit code is 2, and does not plan that stack', async () => {
    const tf = fakeTerraform(dir, { 'addons-dev:init': { code: 2, stderr: 'backend error' } });
    const statuses = await planStacks({ stacks: ['addons-dev'], directoryOf, plansDir, terraform: terraformRunner(tf.binary, QUIET) });
    expect(statuses.get('addons-dev')).to.equal('failed');
    expect(readFileSync(join(plansDir, 'addons-dev.exitcode'), 'utf8')).to.equal('1\n');
    expect(tf.calls().map((c) => c.args[0])).to.deep.equal(['init']);
  });

  it('marks a plan whose show -json failed as failed (the comment needs the JSON)', async () => {
    const tf = fakeTerraform(dir, { '*:plan': { code: 2 }, '*:show': { code: 1, stderr: 'cannot read plan' } });
    const statuses = await planStacks({ stacks: ['platform-dev'], directoryOf, plansDir, terraform: terraformRunner(tf.binary, QUIET) });
    expect(statuses.get('platform-dev')).to.equal('failed');
    expect(readPlanStatuses(plansDir, ['platform-dev']).get('platform-dev')).to.equal('failed');
  });

  it('a terraform binary that cannot start fails each stack instead of crashing', async () => {
    const statuses = await planStacks({ stacks: ['platform-dev'], directoryOf, plansDir, terraform: terraformRunner(join(dir, 'no-such-terraform'), QUIET) });
    expect(statuses.get('platform-dev')).to.equal('failed');
    expect(readFileSync(join(plansDir, 'platform-dev.log'), 'utf8')).to.contain('could not run');
  });

  describe('reading results back', () => {
    it('maps exit codes: 0 no changes, 2 changes, others failed, no file missing; outcome is the worst', async () => {
      const tf = fakeTerraform(dir, { 'platform-dev:plan': { code: 2 }, '*:show': { stdout: '{}' } });
      await planStacks({ stacks: ['platform-dev', 'addons-dev'], directoryOf, plansDir, terraform: terraformRunner(tf.binary, QUIET) });
      const read = readPlanStatuses(plansDir, ['platform-dev', 'addons-dev', 'platform-prod']);
      expect([...read]).to.deep.equal([['platform-dev', 'changes'], ['addons-dev', 'no-changes'], ['platform-prod', 'missing']]);
      expect(overallOutcome(read)).to.equal('error');
      read.delete('platform-prod');
      expect(overallOutcome(read)).to.equal('changes');
      read.set('platform-dev', 'no-changes');
      expect(overallOutcome(read)).to.equal('clean');
    });
  });
});
