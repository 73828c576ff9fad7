import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { fakeTerraform, writeSynthOutput } from './fixtures';
import { runCiCli } from '../../../tools/ci/src/cli';

const SHA = 'b'.repeat(40);

/** Read a $GITHUB_OUTPUT file written in the heredoc form. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^([\w-]+)<<(\S+)$/.exec(lines[i]);
    if (!m) continue;
    const end = lines.indexOf(m[2], i + 1);
    outputs[m[1]] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

describe('tools/ci CLI', () => {
  let dir: string;
  let manifest: string;
  let githubOutput: string;
  let logs: string[];
  let errors: string[];
  const run = (argv: string[]) => runCiCli(argv, { githubOutput, log: (l) => logs.push(l), error: (l) => errors.push(l) });
  const writePlan = (stack: string, code: number) => {
    mkdirSync(join(dir, 'plans'), { recursive: true });
    writeFileSync(join(dir, 'plans', `${stack}.exitcode`), `${code}\n`);
    if (code === 0 || code === 2) writeFileSync(join(dir, 'plans', `${stack}.json`), '{}');
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ci-cli-'));
    manifest = writeSynthOutput(dir);
    githubOutput = join(dir, 'github-output');
    logs = [];
    errors = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('plan-stacks plans every stack but bootstrap in dependency order and outputs the outcome', async () => {
    const tf = fakeTerraform(dir, { 'addons-prod:plan': { code: 2 } });
    const code = await run(['plan-stacks', '--manifest', manifest, '--plans-dir', join(dir, 'plans'), '--terraform', tf.binary]);
    expect(code).to.equal(0);
    expect(readOutputs(githubOutput)).to.deep.equal({ outcome: 'changes', stacks: 'platform-dev platform-prod addons-dev addons-prod' });
    expect(tf.calls().filter((c) => c.args[0] === 'plan').map((c) => c.stack)).to.deep.equal(['platform-dev', 'platform-prod', 'addons-dev', 'addons-prod']);
  });

  it('plan-stacks --environment plans only the stacks of that environment', async () => {
    const tf = fakeTerraform(dir);
    await run(['plan-stacks', '--manifest', manifest, '--plans-dir', join(dir, 'plans'), '--environment', 'prod', '--terraform', tf.binary]);
    expect(readOutputs(githubOutput).stacks).to.equal('platform-prod addons-prod');
  });

  it('select-apply outputs one matrix target per environment', async () => {
    for (const stack of ['platform-dev', 'addons-dev', 'platform-prod']) writePlan(stack, 2);
    writePlan('addons-prod', 0);
    const code = await run(['select-apply', '--manifest', manifest, '--plans-dir', join(dir, 'plans'), '--stacks', '[]', '--sha', SHA, '--reply-file', join(dir, 'reply.md')]);
    expect(code).to.equal(0);
    const outputs = readOutputs(githubOutput);
    expect(outputs.apply).to.equal('true');
    expect(JSON.parse(outputs.targets)).to.deep.equal([{ environment: 'dev', stacks: 'platform-dev addons-dev' }, { environment: 'prod', stacks: 'platform-prod' }]);
    expect(existsSync(join(dir, 'reply.md'))).to.equal(false);
  });

  it('select-apply refuses bootstrap with exit 1, apply=false and a reply file', async () => {
    writePlan('platform-dev', 2);
    const code = await run(['select-apply', '--manifest', manifest, '--plans-dir', join(dir, 'plans'), '--stacks', '["bootstrap"]', '--sha', SHA, '--reply-file', join(dir, 'reply.md')]);
    expect(code).to.equal(1);
    expect(readOutputs(githubOutput)).to.deep.equal({ apply: 'false', targets: '[]' });
    expect(readFileSync(join(dir, 'reply.md'), 'utf8')).to.contain('never applied by CI');
  });

  it('apply-plans applies only the named stacks of its environment, in manifest order, and writes the result', async () => {
    for (const stack of ['platform-dev', 'addons-dev']) writeFileSync(join(dir, 'cdktf.out', 'stacks', stack, 'plan.tfplan'), 'plan');
    const tf = fakeTerraform(dir);
    const result = join(dir, 'apply-result', 'dev.json');
    const code = await run(['apply-plans', '--manifest', manifest, '--environment', 'dev', '--stacks', 'addons-dev platform-dev', '--result-file', result, '--terraform', tf.binary]);
    expect(code).to.equal(0);
    expect(JSON.parse(readFileSync(result, 'utf8'))).to.deep.equal({ environment: 'dev', stacks: [{ stack: 'platform-dev', outcome: 'applied' }, { stack: 'addons-dev', outcome: 'applied' }] });
  });

  it('apply-plans refuses a stack of another environment (exit 1, nothing run)', async () => {
    const tf = fakeTerraform(dir);
    const code = await run(['apply-plans', '--manifest', manifest, '--environment', 'dev', '--stacks', 'platform-prod', '--result-file', join(dir, 'r.json'), '--terraform', tf.binary]);
    expect(code).to.equal(1);
    expect(errors[0]).to.contain('do not belong to environment dev');
    expect(tf.calls()).to.deep.equal([]);
  });

  it('run-stacks destroy goes add-ons first and never touches bootstrap', async () => {
    const tf = fakeTerraform(dir);
    const code = await run(['run-stacks', '--action', 'destroy', '--manifest', manifest, '--environment', 'dev', '--result-file', join(dir, 'r.json'), '--terraform', tf.binary]);
    expect(code).to.equal(0);
    expect(tf.calls().filter((c) => c.args[0] === 'destroy').map((c) => c.stack)).to.deep.equal(['addons-dev', 'platform-dev']);
  });

  it('apply-report renders the reply from the result files and outputs whether everything applied', async () => {
    mkdirSync(join(dir, 'results'));
    writeFileSync(join(dir, 'results', 'dev.json'), JSON.stringify({ environment: 'dev', stacks: [{ stack: 'platform-dev', outcome: 'applied' }] }));
    const targets = JSON.stringify([{ environment: 'dev', stacks: 'platform-dev' }]);
    const code = await run(['apply-report', '--results-dir', join(dir, 'results'), '--targets', targets, '--sha', SHA, '--out', join(dir, 'report.md')]);
    expect(code).to.equal(0);
    expect(readOutputs(githubOutput).succeeded).to.equal('true');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).to.contain('| dev | `platform-dev` | :white_check_mark: applied |');
  });

  it('drift-report reads the plans of one environment: a missing plan is an error', async () => {
    writePlan('platform-dev', 2);
    const out = join(dir, 'drift-report');
    const code = await run(['drift-report', '--environment', 'dev', '--manifest', manifest, '--plans-dir', join(dir, 'plans'), '--out', join(out, 'report.md'), '--status-file', join(out, 'status')]);
    expect(code).to.equal(0);
    expect(readOutputs(githubOutput).status).to.equal('error');
    expect(readFileSync(join(out, 'status'), 'utf8')).to.equal('error\n');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).to.contain('| `addons-dev` | :x: not planned |');
  });

  it('drift-report without a manifest (synth failed) is an error, not clean', async () => {
    await run(['drift-report', '--environment', 'dev', '--manifest', join(dir, 'missing.json'), '--plans-dir', join(dir, 'plans'), '--out', join(dir, 'drift.md')]);
    expect(readOutputs(githubOutput).status).to.equal('error');
  });

  it('exits 2 on bad usage and 1 on a missing manifest, with one line naming the problem', async () => {
    expect(await run(['frobnicate'])).to.equal(2);
    expect(errors.pop()).to.contain('unknown subcommand "frobnicate"');
    expect(await run(['select-apply', '--manifest', manifest, '--stacks', 'platform-dev'])).to.equal(2);
    expect(errors.pop()).to.contain('--plans-dir is required');
    expect(await run(['select-apply', '--manifest', manifest, '--plans-dir', 'p', '--stacks', 'platform-dev', '--sha', SHA, '--reply-file', 'r'])).to.equal(2);
    expect(errors.pop()).to.contain('--stacks must be a JSON array');
    expect(await run(['run-stacks', '--action', 'nuke'])).to.equal(2);
    expect(await run(['plan-stacks', '--manifest', join(dir, 'nope.json'), '--plans-dir', 'p', '--bogus'])).to.equal(2);
    expect(await run(['plan-stacks', '--manifest', join(dir, 'nope.json'), '--plans-dir', 'p'])).to.equal(1);
    expect(errors.pop()).to.match(/nope\.json: not found/);
  });
});
