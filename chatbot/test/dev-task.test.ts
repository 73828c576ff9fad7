/**
 * The dev loop exactly as a developer starts it: the repository root's `npm run chatbot` (the
 * README's command) and `npm run dev` here, which the root execs into. PORT and HOST come from
 * the caller; a busy port is one line and exit 1; and SIGTERM or SIGINT to the npm process (what
 * a terminal, a process manager or CI sends) stops the server, leaving no process behind.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { Server, connect, createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'chai';
import { freePort, waitUntilReady } from '../scripts/server-process';
import { awsSandbox, environmentWithoutAws } from './support/aws-sandbox-env';
import { ProcessInfo, descendants, isRunning } from './support/process-tree';

const CHATBOT_DIR = join(__dirname, '..');
const REPOSITORY_ROOT = join(CHATBOT_DIR, '..');

/** Processes that do not pass a signal on to their children: none may sit in the chain. */
const NOT_FORWARDING = /^(\/\S*\/)?(sh|dash|bash)\s+-c\b|\bprojen\b|\btsx\/dist\/cli|\/\.bin\/tsx\b/;

interface DevCommand {
  readonly label: string;
  readonly cwd: string;
  readonly script: string;
}

const COMMANDS: readonly DevCommand[] = [
  { label: 'npm run chatbot (repository root)', cwd: REPOSITORY_ROOT, script: 'chatbot' },
  { label: 'npm run dev (chatbot/)', cwd: CHATBOT_DIR, script: 'dev' },
];

/** One started npm process, its output, and every process seen under it. */
interface Started {
  readonly npm: ChildProcess;
  readonly output: { stdout: string; stderr: string };
  readonly seen: Map<number, ProcessInfo>;
}

for (const command of COMMANDS) {
  describe(`dev loop: ${command.label}`, function () {
    this.timeout(60000);
    let started: Started[] = [];
    let held: Server | undefined;
    let sandboxes: string[] = [];

    /**
     * Starts the command with `env` on top of this environment, minus the settings the dev loop
     * defaults and any AWS access (no test here may reach beyond loopback).
     */
    function start(env: Record<string, string>): Started {
      const base = environmentWithoutAws();
      for (const name of ['CHAT_PROVIDER', 'BEDROCK_PRIMARY_MODEL_ID', 'NODE_ENV', 'PORT', 'HOST']) delete base[name];
      const npm = spawn('npm', ['run', command.script], {
        cwd: command.cwd,
        env: { ...base, OTEL_SDK_DISABLED: 'true', LOCAL_PROVIDER_DELAY_MS: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = { stdout: '', stderr: '' };
      npm.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
      npm.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
      const run = { npm, output, seen: new Map<number, ProcessInfo>() };
      started.push(run);
      return run;
    }

    /** Notes every process under npm now, so cleanup can reach them even if npm is gone. */
    function chain(run: Started): ProcessInfo[] {
      const below = descendants(run.npm.pid!);
      for (const info of below) run.seen.set(info.pid, info);
      return below;
    }

    async function ready(run: Started, port: number): Promise<ProcessInfo> {
      await waitUntilReady(`http://127.0.0.1:${port}`, run.npm, () => run.output.stdout + run.output.stderr, 30000);
      const server = chain(run).find((info) => info.command.includes('scripts/dev-server.ts'));
      expect(server, `the dev server under npm: ${JSON.stringify(chain(run))}`).not.to.equal(undefined);
      return server!;
    }

    afterEach(async () => {
      // By pid, only what this test started: npm and whatever ran under it, even if orphaned.
      for (const run of started) {
        chain(run);
        for (const pid of [run.npm.pid!, ...run.seen.keys()]) {
          if (isRunning(pid)) process.kill(pid, 'SIGKILL');
        }
      }
      started = [];
      if (held) await new Promise((resolve) => held!.close(resolve));
      held = undefined;
      for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
      sandboxes = [];
    });

    it('listens on PORT and HOST from the caller\'s environment, on the offline provider', async () => {
      const port = await freePort();
      const run = start({ PORT: String(port), HOST: '127.0.0.1' });
      await ready(run, port);
      const info = await (await fetch(`http://127.0.0.1:${port}/api/info`)).json() as { provider: string; status: string };
      expect(info).to.deep.include({ provider: 'local', status: 'ready' });
      expect(run.output.stdout).to.contain(`"port":${port},"host":"127.0.0.1"`);
    });

    it('keeps a CHAT_PROVIDER the caller set', async () => {
      const port = await freePort();
      // Bedrock with no way to find credentials (no network: instance metadata is off): the
      // service starts, not ready, and says why.
      const sandbox = awsSandbox();
      sandboxes.push(sandbox.dir);
      const run = start({ ...sandbox.env, PORT: String(port), HOST: '127.0.0.1', CHAT_PROVIDER: 'bedrock', BEDROCK_PRIMARY_MODEL_ID: 'm', AWS_REGION: 'eu-west-1' });
      const deadline = Date.now() + 30000;
      let info: { provider?: string; reason?: string } = {};
      while (Date.now() < deadline && !info.reason?.startsWith('no AWS')) {
        info = await fetch(`http://127.0.0.1:${port}/api/info`).then((response) => response.json(), () => ({}));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(info.provider).to.equal('bedrock', run.output.stdout + run.output.stderr);
      expect(info.reason).to.match(/^no AWS credentials found: /);
    });

    it('reports a busy port in one line on stderr and exits 1, without a stack trace', async () => {
      held = createServer();
      held.listen(0, '127.0.0.1');
      await once(held, 'listening');
      const { port } = held.address() as { port: number };
      const run = start({ PORT: String(port), HOST: '127.0.0.1' });
      const [code] = await once(run.npm, 'exit');
      expect(code).to.equal(1);
      expect(run.output.stderr).to.equal(`chatbot: port ${port} is already in use; stop the other process or choose another port, e.g. PORT=${port + 1} npm run chatbot\n`);
    });

    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      it(`stops the server on ${signal} to the npm process: the port closes and no process is left`, async () => {
        const port = await freePort();
        const run = start({ PORT: String(port), HOST: '127.0.0.1' });
        const server = await ready(run, port);
        const below = chain(run);
        const exited = once(run.npm, 'exit');
        run.npm.kill(signal);
        // Bounded: a chain that swallows the signal can keep npm waiting for ever.
        const [code] = await Promise.race([exited, new Promise<[null]>((resolve) => setTimeout(() => resolve([null]), 10000))]);
        const deadline = Date.now() + 5000;
        while (below.some((info) => isRunning(info.pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(below.filter((info) => isRunning(info.pid)), 'processes left running').to.deep.equal([]);
        expect(isRunning(server.pid)).to.equal(false);
        expect(await portOpen(port)).to.equal(false);
        // The server drained and closed (it was not killed), and npm reports its exit 0.
        expect(run.output.stdout).to.contain('"msg":"server closed"');
        expect(code, run.output.stdout + run.output.stderr).to.equal(0);
        // Why it works: every process between npm and the server passes signals on (npm does;
        // a `sh -c`, projen's task runner or the tsx CLI would not, or not reliably).
        expect(below.filter((info) => NOT_FORWARDING.test(info.command)), 'processes that do not forward signals').to.deep.equal([]);
      });
    }
  });
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
