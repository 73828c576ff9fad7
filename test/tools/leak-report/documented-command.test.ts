/**
 * The leak-report commands the README and docs/ show, run as written through the real projen task (a
 * separate process, as a user or the workflow runs it) against the loopback AWS endpoint.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { cleanAccount, configFolder, leakyAccount } from './fixtures';
import { awsTestEnv } from '../../support/aws-test-env';
import { FakeAws, type FakeAccount } from '../../support/fake-aws';
import { documentedLines } from '../stack-lifecycle/documented-commands';

const ROOT = resolve(__dirname, '..', '..', '..');

/** The documented commands that run the leak report, without their comments. */
function documentedCommands(): string[] {
  return documentedLines(ROOT, /^npx projen leak-report\s/).map((line) => line.command);
}

async function runCommand(command: string, account: FakeAccount, configDir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const fake = new FakeAws(account);
  const endpoint = await fake.start();
  const env: NodeJS.ProcessEnv = { ...process.env, ...awsTestEnv({ endpoints: { AWS_ENDPOINT_URL: endpoint } }), PLATFORM_CONFIG_DIR: configDir, FORCE_COLOR: '0' };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  env.PATH = `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`;
  try {
    return await new Promise((done) => {
      const child = spawn('bash', ['-c', command], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
    });
  } finally {
    await fake.stop();
  }
}

describe('documented leak-report commands (real projen task, loopback AWS)', function () {
  this.timeout(120_000);
  let config: ReturnType<typeof configFolder>;
  before(() => {
    config = configFolder();
  });
  after(() => config.remove());

  const commands = documentedCommands();
  it('the README documents the table and the --json form', () => {
    expect(commands).to.deep.equal(['npx projen leak-report dev', 'npx projen leak-report dev --json']);
  });

  for (const command of commands) {
    it(`${command}: exit 1 with the leftovers, exit 0 on a clean account`, async () => {
      const json = command.endsWith('--json');
      const leaky = await runCommand(command, leakyAccount(), config.dir);
      expect(leaky.code, leaky.stderr).to.equal(1);
      if (json) expect(JSON.parse(leaky.stdout)).to.include({ status: 'leftovers', exitCode: 1, environment: 'dev' });
      else expect(leaky.stdout).to.match(/^\| Type +\| Id +\| Why it was found/m);
      const clean = await runCommand(command, cleanAccount(), config.dir);
      expect(clean.code, clean.stderr).to.equal(0);
      if (json) expect(JSON.parse(clean.stdout)).to.include({ status: 'clean', exitCode: 0 });
      else expect(clean.stdout).to.contain('Result: clean.');
    });
  }
});
