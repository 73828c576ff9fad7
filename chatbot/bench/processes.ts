/**
 * Child processes for the load benchmark: each server runs in its own Node process, so its RSS
 * is its own and the load client does not share its event loop.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { resolve } from 'node:path';
import type { MemoryCgroups } from './memory-cgroup';

// server.ts takes PORT from the environment: give each server a port that was free a moment ago.
export { freePort } from '../scripts/server-process';

/** The chatbot package directory (cwd of every child, as in the container's WORKDIR). */
export const CHATBOT_DIR = resolve(__dirname, '..');

/** How a server process runs: which Node binary, with which flags, in which memory cgroup. */
export interface ServerRuntime {
  readonly node: string;
  readonly nodeFlags: readonly string[];
  /** Each server gets a cgroup of its own from here (the pod's memory limit), if given. */
  readonly cgroups?: MemoryCgroups;
}

/** The Node running the benchmark, without flags or limits (bench helpers, the fake model). */
export const THIS_NODE: ServerRuntime = { node: process.execPath, nodeFlags: [] };

/**
 * Spawns `node [flags] [--require preload...] script` in the chatbot dir, with an IPC channel. A
 * bundle (`.js`) runs on plain node, as in the container; TypeScript gets `--import tsx`.
 */
export function spawnNode(
  script: string,
  env: Record<string, string>,
  preloads: readonly string[] = [],
  runtime: ServerRuntime = THIS_NODE,
): ChildProcess {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const args = [...runtime.nodeFlags, ...loader, ...preloads.flatMap((file) => ['--require', file]), script];
  const cgroup = runtime.cgroups?.create();
  const { command, args: argv } = cgroup ? cgroup.wrap(runtime.node, args) : { command: runtime.node, args };
  const child = spawn(command, argv, {
    cwd: CHATBOT_DIR,
    // NODE_NO_WARNINGS: the AWS SDK's Node 20 support notice would repeat for every child.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_NO_WARNINGS: '1', ...env },
    // stdout (the JSON logs) is discarded, as a log shipper would take it; stderr shows failures.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  // Empty once the server has exited, so it can go.
  if (cgroup) child.once('exit', () => cgroup.remove());
  return child;
}

/** The first IPC message from `child` that has `key`. */
export function nextMessage<T>(child: ChildProcess, key: string, timeoutMs = 20000): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${key}" message from child ${child.pid} in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: any): void => {
      if (message && typeof message === 'object' && key in message) {
        clearTimeout(timer);
        child.off('message', onMessage);
        resolvePromise(message[key] as T);
      }
    };
    child.on('message', onMessage);
  });
}

/** The child's RSS in bytes (needs bench/rss-reporter.ts preloaded). */
export function askRss(child: ChildProcess): Promise<number> {
  const reply = nextMessage<number>(child, 'rss', 5000);
  child.send('rss');
  return reply;
}

/** Status of one GET, or 0 when the connection failed. */
function status(url: string): Promise<number> {
  return new Promise((done) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', () => done(0));
  });
}

/** Polls `url` every `everyMs` until it answers 200; resolves with the time it did (performance.now). */
export async function waitFor200(url: string, child: ChildProcess, timeoutMs = 20000, everyMs = 2): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`child exited with ${child.exitCode} before ${url} answered 200`);
    if ((await status(url)) === 200) return performance.now();
    await new Promise((done) => setTimeout(done, everyMs));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child exited. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

let clockTicksPerSecond: number | undefined;

/**
 * CPU time (user + system) the process `pid` has used so far, in milliseconds, from
 * /proc/<pid>/stat; undefined where there is no /proc (not Linux) or the process is gone.
 */
export function cpuTimeMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the command name, which is in parentheses and may hold spaces: state is the
  // first, utime the 12th and stime the 13th (fields 14 and 15 of proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicksPerSecond;
}
