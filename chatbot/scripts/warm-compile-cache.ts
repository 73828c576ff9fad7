/**
 * Fills Node's module compile cache (V8 code cache, `NODE_COMPILE_CACHE`) for the service bundle,
 * at image build time: the build stage runs the bundle once exactly as the ENTRYPOINT does (same
 * Node, same flags, same path /app/dist/server.js), asks it for the UI and one chat on the
 * offline provider, stops it with SIGTERM, and the runtime stage ships the cache. Every pod then
 * starts from compiled code instead of parsing and compiling the 2 MB bundle again, which is most
 * of its start-up (bench/load.bench.ts measures start to /readyz with and without it).
 *
 * The cache is only used when it matches: V8 keys it by Node release, V8 flags and the file's
 * path and content, so a stale or foreign cache costs nothing but the miss. On the read-only root
 * filesystem Node cannot update it, and it does not try to unless something new was compiled.
 *
 * `tsx scripts/warm-compile-cache.ts [cacheDir]` (the Dockerfile's build stage) reads the
 * ENTRYPOINT from ./Dockerfile and runs it with this process's Node.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { readImageRuntime } from './image-runtime';
import { freePort, waitUntilReady } from './server-process';

/** How to run the service for {@link warmCompileCache}. */
export interface WarmCompileCacheOptions {
  /** The Node binary: the image's. */
  readonly node: string;
  /** The ENTRYPOINT's flags: V8 flags are part of the cache key. */
  readonly nodeFlags: readonly string[];
  /** The bundle, at the path it has at run time (the cache is keyed by it). */
  readonly script: string;
  /** Where the cache goes; emptied first. */
  readonly cacheDir: string;
  /** @default the script's folder's parent (WORKDIR, where public/ is) */
  readonly cwd?: string;
  /** @default 30000 */
  readonly timeoutMs?: number;
}

/** What {@link warmCompileCache} wrote. */
export interface CompileCacheSummary {
  readonly files: number;
  readonly bytes: number;
}

/** Runs the service once to fill `cacheDir`; throws, with the service's stderr, when it cannot. */
export async function warmCompileCache(options: WarmCompileCacheOptions): Promise<CompileCacheSummary> {
  const { node, nodeFlags, script, cacheDir, timeoutMs = 30000 } = options;
  rmSync(cacheDir, { recursive: true, force: true });
  // Telemetry stays on, as in the pod, so its code is compiled too; this sink takes the export.
  const collector = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
  }).listen(0, '127.0.0.1');
  await once(collector, 'listening');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let stderr = '';
  const child = spawn(node, [...nodeFlags, script], {
    cwd: options.cwd ?? resolve(script, '..', '..'),
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      NODE_COMPILE_CACHE: cacheDir,
      CHAT_PROVIDER: 'local',
      HOST: '127.0.0.1',
      PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(collector.address() as AddressInfo).port}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    await waitUntilReady(url, child, () => stderr, timeoutMs);
    // The first request's code paths too: the UI, the info route and one streamed answer.
    for (const path of ['/', '/api/info']) {
      const res = await fetch(`${url}${path}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    }
    const chat = await fetch(`${url}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Warm-up: what can you do?' }] }),
    });
    const answer = await chat.text();
    if (chat.status !== 200 || !answer.includes('event: done')) throw new Error(`POST /api/chat answered ${chat.status}: ${answer.slice(0, 200)}`);
    // Node writes the cache as it exits; server.ts exits 0 on SIGTERM once drained.
    child.kill('SIGTERM');
    const [code, signal] = await withTimeout(exited, timeoutMs, 'the service did not exit after SIGTERM');
    if (code !== 0) throw new Error(`the service exited with ${code ?? signal} after SIGTERM`);
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    const message = err instanceof Error ? err.message : String(err);
    // waitUntilReady's errors already carry the service's output.
    throw new Error(message.includes(stderr.trim()) ? message : `${message}\n${stderr}`.trim());
  } finally {
    collector.close();
  }
  const summary = summarize(cacheDir);
  if (summary.files === 0) throw new Error(`${node} wrote no compile cache to ${cacheDir} (NODE_COMPILE_CACHE needs Node >= 22.1)`);
  return summary;
}

function summarize(dir: string): CompileCacheSummary {
  if (!existsSync(dir)) return { files: 0, bytes: 0 };
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((path) => statSync(join(dir, path))).filter((stat) => stat.isFile());
  return { files: files.length, bytes: files.reduce((sum, stat) => sum + stat.size, 0) };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    })]);
  } finally {
    clearTimeout(timer);
  }
}

if (require.main === module) {
  const workdir = resolve(__dirname, '..');
  const image = readImageRuntime(join(workdir, 'Dockerfile'));
  const cacheDir = resolve(workdir, process.argv[2] ?? '.node-compile-cache');
  warmCompileCache({ node: process.execPath, nodeFlags: image.nodeFlags, script: resolve(workdir, image.script), cacheDir, cwd: workdir })
    .then(({ files, bytes }) => console.log(`compile cache: ${files} file(s), ${Math.round(bytes / 1024)} KB in ${cacheDir}`))
    .catch((err: unknown) => {
      console.error(`warm-compile-cache: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
}
