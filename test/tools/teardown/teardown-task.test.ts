/**
 * Every `npx projen teardown` command of README.md and docs/, run as written through the real
 * projen task, the real cdktf CLI and a `terraform` that records what it is asked (stub), against
 * the loopback AWS endpoint (the state bucket, EKS, the controllers' leftovers, the leak report's
 * services) and a loopback Kubernetes API behind the cluster's endpoint. The app is synthesized
 * once; each run gets `--skip-synth --output <it>` and `--poll-seconds` short enough for a test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { accountWithCluster, clusterObjects, leftovers, STATE_BUCKET, stateObjects, workspace } from './harness';
import { awsTestEnv } from '../../support/aws-test-env';
import { FakeAws } from '../../support/fake-aws';
import { FakeKubernetes } from '../../support/fake-kubernetes';
import { installStubTerraform, readTerraformCalls, type TerraformCallRecord } from '../../support/stub-terraform';
import { documentedLines, shellWords, type DocumentedLine } from '../stack-lifecycle/documented-commands';

const ROOT = resolve(__dirname, '..', '..', '..');

/** `npx projen teardown ...` commands of README.md and docs/, with their arguments. */
function documentedTeardowns(): Array<DocumentedLine & { readonly args: readonly string[] }> {
  return documentedLines(ROOT, /^npx projen teardown(?=\s|$)(.*)$/).map((line) => ({ ...line, args: shellWords(line.match[1]) }));
}

interface Run {
  readonly code: number;
  readonly output: string;
  readonly terraform: TerraformCallRecord[];
  readonly kube: FakeKubernetes;
}

describe('documented teardown commands (real projen task and cdktf CLI, stub terraform, loopback AWS and Kubernetes)', function () {
  this.timeout(300_000);
  let ws: ReturnType<typeof workspace>;
  let work: string;
  let stubDir: string;
  let runs = 0;

  before(() => {
    ws = workspace();
    work = mkdtempSync(join(tmpdir(), 'teardown-task-'));
    stubDir = installStubTerraform(join(work, 'bin'));
  });
  after(() => {
    ws.remove();
    rmSync(work, { recursive: true, force: true });
  });

  async function run(command: string): Promise<Run> {
    const kube = new FakeKubernetes();
    const kubeEndpoint = await kube.start();
    try {
      return await runAgainst(kube, kubeEndpoint, command);
    } finally {
      await kube.stop();
    }
  }

  async function runAgainst(kube: FakeKubernetes, kubeEndpoint: string, command: string): Promise<Run> {
    clusterObjects(kube);
    const account = accountWithCluster(kubeEndpoint, kube.caData);
    // The add-ons stack's state is what the stub leaves it: the platform's pre-flight finds it empty.
    const bucket = account.buckets.find((b) => b.name === STATE_BUCKET)!;
    Object.assign(bucket, { objects: { ...bucket.objects, 'addons-dev/terraform.tfstate': stateObjects(0)['addons-dev/terraform.tfstate'] } });
    const fake = new FakeAws(account);
    leftovers(fake, { instances: 1, loadBalancers: 2, securityGroups: 1, records: 1 });
    const endpoint = await fake.start();
    const log = join(work, `terraform-calls-${++runs}.log`);
    const env: NodeJS.ProcessEnv = { ...process.env, ...awsTestEnv({ endpoints: { AWS_ENDPOINT_URL: endpoint } }) };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    Object.assign(env, { PATH: `${stubDir}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, STUB_TERRAFORM_LOG: log, PLATFORM_CONFIG_DIR: ws.configDir, FORCE_COLOR: '0' });
    try {
      return await new Promise<Run>((done) => {
        const child = spawn('bash', ['-c', `${command} --skip-synth --output '${ws.outdir}' --poll-seconds 0.05`], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
        child.on('close', (code) => done({ code: code ?? 1, output, terraform: readTerraformCalls(log), kube }));
      });
    } finally {
      await fake.stop();
    }
  }

  it('SIGINT during the drain stops waiting at once: exit 130, nothing destroyed, what to do next', async () => {
    const kube = new FakeKubernetes();
    const kubeEndpoint = await kube.start();
    clusterObjects(kube);
    const account = accountWithCluster(kubeEndpoint, kube.caData);
    const fake = new FakeAws(account);
    const never = Number.POSITIVE_INFINITY;
    leftovers(fake, { instances: 0, loadBalancers: never, securityGroups: 0, records: 0 });
    const endpoint = await fake.start();
    const env: NodeJS.ProcessEnv = { ...process.env, ...awsTestEnv({ endpoints: { AWS_ENDPOINT_URL: endpoint } }) };
    for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
    Object.assign(env, { PATH: `${stubDir}:${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`, STUB_TERRAFORM_LOG: join(work, 'sigint.log'), PLATFORM_CONFIG_DIR: ws.configDir });
    try {
      const result = await new Promise<{ code: number | null; output: string }>((done) => {
        const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['tools/teardown/src/cli.ts', 'dev', '--auto-approve', '--skip-synth', '--output', ws.outdir, '--poll-seconds', '1'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        let sent = false;
        const collect = (chunk: Buffer) => {
          output += chunk.toString();
          if (!sent && output.includes('waiting up to 10m for load balancers')) {
            sent = true;
            child.kill('SIGINT');
          }
        };
        child.stdout.on('data', collect);
        child.stderr.on('data', collect);
        child.on('close', (code) => done({ code, output }));
      });
      expect(result.code, result.output).to.equal(130);
      expect(result.output).to.contain('interrupted during the drain; nothing was destroyed by terraform');
      expect(readTerraformCalls(join(work, 'sigint.log'))).to.deep.equal([]);
    } finally {
      await fake.stop();
      await kube.stop();
    }
  });

  it('the README documents the interactive and the CI form', () => {
    expect(documentedTeardowns().map((d) => d.command)).to.include.members(['npx projen teardown dev', 'npx projen teardown dev --auto-approve']);
  });

  it('each documented command, as written: --auto-approve drains, destroys add-ons then platform and reports clean; without it, off a terminal, nothing happens', async () => {
    const commands = [...new Map(documentedTeardowns().map((d) => [d.command, d])).values()];
    expect(commands).to.not.be.empty;
    for (const doc of commands) {
      const result = await run(doc.command);
      const what = `${doc.where}: ${doc.command}\n${result.output}`;
      const destroyed = result.terraform.filter((c) => c.args.split(' ')[0] === 'destroy').map((c) => c.stack);
      if (doc.args.includes('--auto-approve')) {
        expect(result.code, what).to.equal(0);
        expect(destroyed, what).to.deep.equal(['addons-dev', 'platform-dev']);
        expect(result.kube.calls('DELETE', '/applications/root-dev'), what).to.have.length(1);
        expect(result.output, what).to.contain('teardown: drained cluster qa-dev');
        expect(result.output, what).to.contain('Result: clean.');
        expect(result.output, what).to.not.match(/Usage Error/);
      } else {
        // projen reports any failed task as exit 1 (the tool itself exits 2: bad usage).
        expect(result.code, what).to.not.equal(0);
        expect(result.output, what).to.contain('pass --auto-approve');
        expect(destroyed, what).to.deep.equal([]);
        expect(result.kube.requests, what).to.deep.equal([]);
      }
    }
  });
});
