/**
 * Runs every deploy/destroy command of README.md and docs/ as written, through the real projen
 * tasks and the real cdktf CLI, against a `terraform` that records what it is asked to do and a
 * loopback S3 holding the state bucket. Asserts no usage error, exactly the named stacks, in
 * dependency order (dependencies first on deploy, dependants first on destroy). The same argument
 * lists are also run through plain `npx cdktf`, which may refuse only what the README says it
 * refuses. The app is synthesized once; each run gets `--skip-synth --output <that output>`, and
 * one run goes through the task's own synth step.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { minimatch } from 'minimatch';
import { documentedCommands, type DocumentedCommand } from './documented-commands';
import { parseStackManifest, type StackManifest } from '../../../tools/ci/src/stack-manifest';
import { awsTestEnv } from '../../support/aws-test-env';
import { FakeS3, terraformState } from '../../support/fake-s3';
import { installStubTerraform, readTerraformCalls, type TerraformCallRecord } from '../../support/stub-terraform';

const ROOT = resolve(__dirname, '..', '..', '..');
const BUCKET = 'qa-tfstate-123456789012-eu-west-1';
/** cdktf's own refusal of a destroy that leaves a dependant stack out. */
const CDKTF_DEPENDANT_REFUSAL = /Usage Error: The following dependant stacks are not included in the stacks to run: ([\w, -]+)\./;

interface Run {
  readonly code: number;
  readonly output: string;
  readonly calls: TerraformCallRecord[];
}

describe('documented deploy and destroy commands (real projen tasks and cdktf CLI, stub terraform, loopback S3)', function () {
  this.timeout(240_000);
  const fake = new FakeS3();
  let work: string;
  let outdir: string;
  let stubDir: string;
  let manifest: StackManifest;
  let runs = 0;
  /** The projen commands' runs, for the plain-cdktf comparison. */
  const wrapperRuns = new Map<DocumentedCommand, Run>();

  /** Run `command` in a shell at the repository root; the stub's calls are logged per run. */
  async function run(command: string): Promise<Run> {
    const log = join(work, `terraform-calls-${++runs}.log`);
    const env: NodeJS.ProcessEnv = { ...process.env, ...awsTestEnv({ endpoints: { AWS_ENDPOINT_URL_S3: fake.endpoint } }) };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    Object.assign(env, {
      PATH: `${stubDir}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
      STUB_TERRAFORM_LOG: log,
      // What the README asks of anyone calling cdktf directly; the projen tasks set it themselves.
      CHECKPOINT_DISABLE: '1',
      DISABLE_VERSION_CHECK: 'true',
      FORCE_COLOR: '0',
    });
    return new Promise((done) => {
      const child = spawn('bash', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      child.on('close', (code) => done({ code: code ?? 1, output, calls: readTerraformCalls(log) }));
    });
  }

  /** The stacks a run must touch, and the terraform verb cdktf runs for them. */
  function expected(verb: string, args: readonly string[]): { stacks: string[]; action: string } {
    const patterns = args.filter((a) => !a.startsWith('-'));
    const names = manifest.stacks.map((s) => s.name);
    return { stacks: names.filter((n) => patterns.some((p) => minimatch(n, p))), action: verb === 'deploy' ? 'apply' : 'destroy' };
  }

  /** Exactly `stacks` got `action`, each after its dependencies (deploy) or dependants (destroy). */
  function expectOrdered(result: Run, verb: string, args: readonly string[], what: string): void {
    const { stacks, action } = expected(verb, args);
    const acted = result.calls.filter((c) => c.args.split(' ')[0] === action).map((c) => c.stack);
    expect([...acted].sort(), `${what}: stacks that got terraform ${action}`).to.deep.equal([...stacks].sort());
    for (const stack of manifest.stacks.filter((s) => stacks.includes(s.name))) {
      for (const dependency of stack.dependencies.filter((d) => stacks.includes(d))) {
        const [first, second] = verb === 'deploy' ? [dependency, stack.name] : [stack.name, dependency];
        expect(acted.indexOf(first), `${what}: ${first} before ${second}`).to.be.lessThan(acted.indexOf(second));
      }
    }
  }

  const withOutput = (command: string, verb: string) => `${command} ${verb === 'synth' ? '' : '--skip-synth '}--output '${outdir}'`;

  before(async function () {
    work = mkdtempSync(join(tmpdir(), 'documented-commands-'));
    outdir = join(work, 'cdktf.out');
    stubDir = installStubTerraform(join(work, 'bin'));
    await fake.start();
    // What the README's destroy sequence finds: add-ons already destroyed (an empty state), the
    // platform deployed.
    fake.addBucket(BUCKET, 'eu-west-1', {
      'addons-dev/terraform.tfstate': terraformState(0),
      'platform-dev/terraform.tfstate': terraformState(40),
    });
    // Also the documented `cdktf synth`, which the test below therefore skips.
    const synth = await run(`npx cdktf synth --output '${outdir}'`);
    expect(synth.code, synth.output).to.equal(0);
    manifest = parseStackManifest(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
  });

  after(async () => {
    await fake.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('finds the commands of the README deploy and destroy steps in the docs', () => {
    const commands = documentedCommands(ROOT).map((c) => c.command);
    expect(commands).to.include.members([
      'npx projen deploy bootstrap',
      "npx projen deploy 'platform-dev'",
      "npx projen deploy '*-prod'",
      "npx projen deploy 'platform-dev' 'addons-dev'",
      "npx projen destroy 'addons-dev'",
      "npx projen destroy 'platform-dev'",
    ]);
  });

  describe('each documented command, run as written', () => {
    let results: Array<{ doc: DocumentedCommand; result: Run }>;
    before(async () => {
      const unique = new Map<string, DocumentedCommand>();
      for (const doc of documentedCommands(ROOT)) if (!unique.has(doc.command) && !/^(npx )?cdktf synth$/.test(doc.command)) unique.set(doc.command, doc);
      results = await inBatches([...unique.values()], 2, async (doc) => ({ doc, result: await run(withOutput(doc.command.startsWith('npx') ? doc.command : `npx ${doc.command}`, doc.verb)) }));
      for (const { doc, result } of results) if (doc.tool === 'projen' && doc.verb !== 'synth') wrapperRuns.set(doc, result);
    });

    it('succeeds with no usage error, on the named stacks, in dependency order', () => {
      for (const { doc, result } of results) {
        const what = `${doc.where}: ${doc.command}`;
        expect(result.output, what).not.to.match(/Usage Error|Error:/);
        expect(result.code, `${what}\n${result.output}`).to.equal(0);
        if (doc.verb !== 'synth') expectOrdered(result, doc.verb, doc.args, what);
      }
    });

    it('plain npx cdktf with the same arguments: the tasks run exactly that, or cdktf refuses only a destroy that leaves dependants out', async () => {
      expect(wrapperRuns.size, 'projen commands were run').to.be.greaterThan(0);
      const differing: DocumentedCommand[] = [];
      for (const [doc, result] of wrapperRuns) {
        const ran = /^stack-lifecycle: cdktf (.*)$/m.exec(result.output)?.[1];
        const plain = [doc.verb, ...doc.args, '--skip-synth', '--output', outdir].join(' ');
        // The same CLI, arguments and environment (CHECKPOINT_DISABLE aside): its run above is
        // what plain cdktf does.
        if (ran === plain) continue;
        expect(ran, doc.command).to.equal(`${plain} --ignore-missing-stack-dependencies`);
        differing.push(doc);
      }
      const plainRuns = await inBatches(differing, 2, async (doc) => ({
        doc,
        result: await run(withOutput(`npx cdktf ${doc.verb} ${doc.args.map((a) => `'${a}'`).join(' ')}`, doc.verb)),
      }));
      for (const { doc, result } of plainRuns) {
        const what = `npx cdktf ${doc.verb} ${doc.args.join(' ')} (from ${doc.where})`;
        const refusal = CDKTF_DEPENDANT_REFUSAL.exec(result.output);
        // Documented in the README's Destroy section: cdktf cannot know the add-ons are gone.
        expect(refusal, `${what}\n${result.output}`).not.to.equal(null);
        expect(doc.verb, what).to.equal('destroy');
        expect(result.calls.filter((c) => c.args.startsWith('destroy')), what).to.deep.equal([]);
        const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
        expect(readme, 'README explains the plain-cdktf refusal').to.include(`npx cdktf destroy '${refusal![1]}' '${doc.args[0]}'`);
      }
    });
  });

  it('npx projen deploy synthesizes first when not told to skip it', async () => {
    const fresh = join(work, 'fresh.out');
    const result = await run(`npx projen deploy 'platform-dev' --output '${fresh}'`);
    expect(result.code, result.output).to.equal(0);
    expect(result.output).to.include('Generated Terraform code for the stacks');
    expect(result.calls.filter((c) => c.args.startsWith('apply')).map((c) => c.stack)).to.deep.equal(['platform-dev']);
  });

  describe('refusals before terraform runs', () => {
    const refusing = new FakeS3();
    before(() => refusing.start());
    after(() => refusing.stop());

    it('destroying a platform whose add-ons still manage resources stops with both fixes, nothing destroyed', async () => {
      refusing.addBucket(BUCKET, 'eu-west-1', { 'addons-dev/terraform.tfstate': terraformState(12) });
      const result = await runAgainst(refusing, `npx projen destroy 'platform-dev' --skip-synth --output '${outdir}'`);
      expect(result.code).to.equal(1);
      expect(result.output).to.include('addons-dev still manages 12 resource(s)');
      expect(result.output).to.include("npx projen destroy 'addons-dev' 'platform-dev'");
      expect(result.calls, 'cdktf never started').to.deep.equal([]);
    });

    it('deploying a platform before bootstrap made the state bucket names the bootstrap step', async () => {
      refusing.buckets.clear();
      const result = await runAgainst(refusing, `npx projen deploy 'platform-dev' --skip-synth --output '${outdir}'`);
      expect(result.code).to.equal(1);
      expect(result.output).to.include(`the state bucket ${BUCKET} does not exist in eu-west-1: deploy the bootstrap stack of this account first`);
      expect(result.calls, 'cdktf never started').to.deep.equal([]);
    });

    /** Run with the S3 endpoint pointing at `other` instead of the shared fake. */
    function runAgainst(other: FakeS3, command: string): Promise<Run> {
      return run(`AWS_ENDPOINT_URL_S3='${other.endpoint}' ${command}`);
    }
  });
});

/** Map over `items`, at most `size` at a time, keeping their order. */
async function inBatches<T, R>(items: readonly T[], size: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) results.push(...(await Promise.all(items.slice(i, i + size).map(map))));
  return results;
}
