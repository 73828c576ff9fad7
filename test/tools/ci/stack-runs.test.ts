import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fakeTerraform, QUIET, writeSynthOutput } from './fixtures';
import { runStacks, runSucceeded } from '../../../tools/ci/src/stack-runs';
import { terraformRunner } from '../../../tools/ci/src/terraform-process';

describe('tools/ci runStacks (against a fake terraform)', () => {
  let dir: string;
  const directoryOf = (stack: string) => join(dir, 'cdktf.out', 'stacks', stack);
  const savePlan = (stack: string) => writeFileSync(join(directoryOf(stack), 'plan.tfplan'), 'saved plan');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stack-runs-'));
    writeSynthOutput(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('applies saved plans in order with init + `apply plan.tfplan` (no -auto-approve: the plan is the approval)', async () => {
    savePlan('platform-dev');
    savePlan('addons-dev');
    const tf = fakeTerraform(dir);
    const results = await runStacks({ action: 'apply-saved-plan', stacks: ['platform-dev', 'addons-dev'], directoryOf, terraform: terraformRunner(tf.binary, QUIET) });
    expect(results).to.deep.equal([{ stack: 'platform-dev', outcome: 'applied' }, { stack: 'addons-dev', outcome: 'applied' }]);
    expect(tf.calls().map((c) => `${c.stack} ${c.args.join(' ')}`)).to.deep.equal([
      'platform-dev init -input=false -no-color',
      'platform-dev apply -input=false -no-color -lock-timeout=10m plan.tfplan',
      'addons-dev init -input=false -no-color',
      'addons-dev apply -input=false -no-color -lock-timeout=10m plan.tfplan',
    ]);
    expect(runSucceeded(results)).to.equal(true);
  });

  it('recognises a stale plan, applies nothing after it, and keeps terraform output out of the result', async () => {
    savePlan('platform-dev');
    savePlan('addons-dev');
    const tf = fakeTerraform(dir, { 'platform-dev:apply': { code: 1, stderr: 'Error: Saved plan is stale\n secret=hunter2' } });
    const results = await runStacks({ action: 'apply-saved-plan', stacks: ['platform-dev', 'addons-dev'], directoryOf, terraform: terraformRunner(tf.binary, QUIET) });
    expect(results.map((r) => r.outcome)).to.deep.equal(['stale-plan', 'not-run']);
    expect(results[0].detail).to.contain('/plan');
    expect(JSON.stringify(results)).to.not.contain('hunter2');
    expect(tf.calls().filter((c) => c.stack === 'addons-dev')).to.deep.equal([]);
    expect(runSucceeded(results)).to.equal(false);
  });

  it('fails a stack whose saved plan is missing without calling terraform', async () => {
    const tf = fakeTerraform(dir);
    const results = await runStacks({ action: 'apply-saved-plan', stacks: ['platform-dev'], directoryOf, terraform: terraformRunner(tf.binary, QUIET) });
    expect(results[0]).to.include({ outcome: 'failed' });
    expect(results[0].detail).to.contain('no saved plan');
    expect(tf.calls()).to.deep.equal([]);
  });

  it('lifecycle up applies with -auto-approve; destroy runs in the order given (add-ons first) and stops at a failure', async () => {
    const up = fakeTerraform(dir);
    await runStacks({ action: 'apply', stacks: ['platform-dev', 'addons-dev'], directoryOf, terraform: terraformRunner(up.binary, QUIET) });
    expect(up.calls().filter((c) => c.args[0] === 'apply').map((c) => c.args.join(' '))).to.deep.equal([
      'apply -input=false -no-color -lock-timeout=10m -auto-approve',
      'apply -input=false -no-color -lock-timeout=10m -auto-approve',
    ]);

    rmSync(join(dir, 'terraform-calls.jsonl'), { force: true });
    const down = fakeTerraform(dir, { 'addons-dev:destroy': { code: 1 } });
    const results = await runStacks({ action: 'destroy', stacks: ['addons-dev', 'platform-dev'], directoryOf, terraform: terraformRunner(down.binary, QUIET) });
    expect(results.map((r) => `${r.stack}:${r.outcome}`)).to.deep.equal(['addons-dev:failed', 'platform-dev:not-run']);
    expect(down.calls().map((c) => `${c.stack} ${c.args[0]}`)).to.deep.equal(['addons-dev init', 'addons-dev destroy']);
  });

  it('reports a failed init', async () => {
    const tf = fakeTerraform(dir, { '*:init': { code: 1 } });
    const results = await runStacks({ action: 'apply', stacks: ['platform-dev'], directoryOf, terraform: terraformRunner(tf.binary, QUIET) });
    expect(results[0]).to.deep.include({ outcome: 'failed' });
    expect(results[0].detail).to.contain('init failed');
  });
});
