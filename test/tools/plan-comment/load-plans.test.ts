import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { FIXTURES, SAMPLE_DIR } from './sample-input';
import { loadPlanDirectory } from '../../../tools/plan-comment/src/load-plans';

describe('tools/plan-comment loadPlanDirectory', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(join(tmpdir(), 'plan-dir-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads a plan directory: plans, exit codes and logs per stack, sorted by stack name', () => {
    const stacks = loadPlanDirectory(SAMPLE_DIR);
    expect(stacks.map((s) => s.stack)).to.deep.equal(['addons-dev', 'bootstrap', 'platform-dev']);
    const [addons, bootstrap, platform] = stacks;
    expect(addons.plan).to.equal(undefined);
    expect(addons.exitCode).to.equal(1);
    expect(addons.error).to.include('Kubernetes cluster unreachable');
    expect(bootstrap.exitCode).to.equal(0);
    expect(bootstrap.plan?.resource_changes).to.have.length(2);
    expect(platform.exitCode).to.equal(2);
    expect(platform.plan?.format_version).to.equal('1.2');
    expect(platform.plan?.terraform_version).to.equal('1.11.4');
    expect(platform.plan?.resource_changes).to.have.length(16);
    expect(platform.plan?.resource_drift).to.have.length(3);
  });

  it('names the file of invalid JSON', () => {
    const file = join(FIXTURES, 'bad-json', 'platform-dev.json');
    expect(() => loadPlanDirectory(join(FIXTURES, 'bad-json'))).to.throw(`${file}: not valid JSON (`);
  });

  it('tells a state from a plan', () => {
    expect(() => loadPlanDirectory(join(FIXTURES, 'state-not-plan'))).to.throw(/platform-dev\.json: this is a state, not a plan: run `terraform show -json` on the saved plan file/);
  });

  it('rejects another major format version', () => {
    expect(() => loadPlanDirectory(join(FIXTURES, 'future-format'))).to.throw(/platform-dev\.json: format_version "2\.0" is not supported: this tool reads plan format 1\.x/);
  });

  it('points at the field of a malformed resource change', () => {
    expect(() => loadPlanDirectory(join(FIXTURES, 'missing-actions'))).to.throw(/platform-dev\.json: not a valid plan: resource_changes\[0\]\.change\.actions: /);
  });

  it('names the file of an exit code that is not a number', () => {
    expect(() => loadPlanDirectory(join(FIXTURES, 'bad-exitcode'))).to.throw(/bad-exitcode\/platform-dev\.exitcode: expected the exit code of `terraform plan -detailed-exitcode` \(a number such as 0, 1 or 2\), got "changes"/);
  });

  it('treats an empty JSON file (show failed) as no plan, keeping the log', () => {
    writeFileSync(join(scratch, 'addons-dev.json'), '');
    writeFileSync(join(scratch, 'addons-dev.exitcode'), '1');
    writeFileSync(join(scratch, 'addons-dev.log'), 'Error: show failed');
    expect(loadPlanDirectory(scratch)).to.deep.equal([{ stack: 'addons-dev', plan: undefined, exitCode: 1, error: 'Error: show failed' }]);
  });

  it('reads a plan written with a byte order mark, and ignores other files and folders', () => {
    writeFileSync(join(scratch, 'bootstrap.json'), '\uFEFF{"format_version":"1.2","planned_values":{}}');
    writeFileSync(join(scratch, 'bootstrap.tfplan'), 'binary');
    writeFileSync(join(scratch, 'README.md'), '# notes');
    mkdirSync(join(scratch, 'nested.json'));
    expect(loadPlanDirectory(scratch)).to.deep.equal([{ stack: 'bootstrap', plan: { format_version: '1.2', planned_values: {} } }]);
  });

  it('refuses a directory with no stack files, or none at all, naming it', () => {
    expect(() => loadPlanDirectory(scratch)).to.throw(`plan directory ${scratch} holds no <stack>.json, <stack>.exitcode or <stack>.log files`);
    expect(() => loadPlanDirectory(join(scratch, 'missing'))).to.throw(`plan directory ${join(scratch, 'missing')} cannot be read (ENOENT)`);
  });

  it('refuses JSON that is not an object', () => {
    writeFileSync(join(scratch, 'x.json'), '[1, 2]');
    expect(() => loadPlanDirectory(scratch)).to.throw(/x\.json: expected a JSON object, the output of `terraform show -json <planfile>`/);
  });
});
