/**
 * Load benchmark on loopback (`npm run bench`, not part of the test suite): the chatbot app
 * (dist/server.js exactly as the container starts it: the Dockerfile's Node release and
 * ENTRYPOINT flags, the compile cache the image build makes, in a memory cgroup with the pod's
 * limit when the machine allows; Bedrock provider, telemetry on) against a raw Node `http` proxy
 * of the same fake model (bench/baseline-proxy.ts, same runtime), one after the other in one run,
 * with the same client.
 * Prints the figures next to the targets.
 *
 * The fake model is FakeBedrock (real event-stream frames over h2c) in this process; both
 * servers reach it through the real SDK client, so the only difference is the app itself.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { MemoryCgroups, podMemoryLimitBytes } from './memory-cgroup';
import { CHATBOT_DIR, ServerRuntime, askRss, cpuTimeMs, freePort, nextMessage, spawnNode, stopChild, waitFor200 } from './processes';
import { LoadResult, closeClient, quantile, runLoad, streamOnce } from './sse-client';
import { SERVER_BUNDLE, bundleServer } from '../scripts/bundle-server';
import { imageNodeBinary, readImageRuntime } from '../scripts/image-runtime';
import { warmCompileCache } from '../scripts/warm-compile-cache';
import { FakeBedrock } from '../test/support/fake-bedrock';
import { answer } from '../test/support/fake-bedrock-scenarios';

const MODEL = 'bench-model';
const CHUNKS = Array.from({ length: 20 }, (_, i) => `tok${i} `);
/**
 * The fake model, paced like a Bedrock chat model: the first chunk after 400 ms (Claude-class
 * models on Bedrock take roughly 0.3-1 s to the first token), then 100 chunks 20 ms apart
 * (50 chunks/s, i.e. about 50-150 tokens/s), a 2.4 s answer. 100 such streams make 5,000 chunks/s
 * through each server, which keeps even the baseline's core 60-70 % busy on a 2-core machine.
 */
const REALISTIC = answer(Array.from({ length: 100 }, (_, i) => `tok${i} `), { firstFrameDelayMs: 400, frameDelayMs: 20 });
/** How long one REALISTIC answer takes: the streams open evenly over it (runLoad's ramp). */
const REALISTIC_ANSWER_MS = 400 + 100 * 20;
/** No model delay at all: the servers' own CPU cost decides the rate. */
const INSTANT = answer(CHUNKS);
/** Long enough (50 ms + 20 x 150 ms) that 500 streams are all open at once. */
const SLOW = answer(CHUNKS, { firstFrameDelayMs: 50, frameDelayMs: 150 });

const APP_BUNDLE = SERVER_BUNDLE;
const BASELINE_BUNDLE = resolve(CHATBOT_DIR, 'dist', 'bench', 'baseline-proxy.js');
const RSS_REPORTER = './bench/rss-reporter.cjs';
/** V8's code cache of the app bundle, made as the image build makes it (scripts/warm-compile-cache.ts). */
const COMPILE_CACHE = resolve(CHATBOT_DIR, 'dist', '.node-compile-cache');
const CONCURRENCY = 100;
const REQUESTS = 1000;
/** The paced runs take turns in this many rounds of REQUESTS / ROUNDS answers per server. */
const ROUNDS = 4;
const OPEN_STREAMS = 500;
const START_RUNS = 9;
const MB = 1024 * 1024;

interface Server { readonly name: string; readonly url: string; readonly child: ChildProcess }

async function main(): Promise<void> {
  const fake = await FakeBedrock.start();
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}'));
  }).listen(0, '127.0.0.1');
  await once(sink, 'listening');
  const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const env = (port: number): Record<string, string> => ({
    NODE_ENV: 'production',
    CHAT_PROVIDER: 'bedrock',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    BEDROCK_PRIMARY_MODEL_ID: MODEL,
    BEDROCK_ENDPOINT: fake.url,
    HOST: '127.0.0.1',
    PORT: String(port),
    DRAIN_TIMEOUT_MS: '1000',
    // One client address sends everything here; the limiter still runs, it just never refuses.
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_BURST: '100000000',
    OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
  });
  const lines: string[] = [];
  const servers: Server[] = [];
  try {
    const image = readImageRuntime();
    const cgroups = MemoryCgroups.open(podMemoryLimitBytes());
    const runtime: ServerRuntime = {
      node: imageNodeBinary(image.nodeVersion),
      nodeFlags: image.nodeFlags,
      ...(typeof cgroups === 'string' ? {} : { cgroups }),
    };
    lines.push(`Servers: Node ${image.nodeVersion} ${image.nodeFlags.join(' ')} (the image's ENTRYPOINT), `
      + (typeof cgroups === 'string'
        ? `NOT memory-limited (no cgroup: ${cgroups}), so V8 sizes its heap for this machine, not the pod`
        : `each in a memory cgroup with the pod's limit (${cgroups.limitBytes / MB} MiB, gitops/apps/chatbot)`));
    const appPort = await freePort();
    // Both servers run as esbuild bundles on plain node, as the container runs the app.
    await bundleServer(APP_BUNDLE);
    await bundleServer(BASELINE_BUNDLE, resolve(CHATBOT_DIR, 'bench', 'baseline-proxy.ts'));
    // The app starts from the compile cache, as in the image (ENV NODE_COMPILE_CACHE).
    const cache = await warmCompileCache({
      node: runtime.node,
      nodeFlags: runtime.nodeFlags,
      script: APP_BUNDLE,
      cacheDir: COMPILE_CACHE,
      cwd: CHATBOT_DIR,
    });
    lines.push(`App bundle: ${(statSync(APP_BUNDLE).size / MB).toFixed(2)} MB; its compile cache ${(cache.bytes / MB).toFixed(2)} MB, made as the image build makes it.`);
    const appEnv = (port: number): Record<string, string> => ({ ...env(port), NODE_COMPILE_CACHE: COMPILE_CACHE });
    const appChild = spawnNode(APP_BUNDLE, appEnv(appPort), [RSS_REPORTER], runtime);
    const app: Server = { name: 'app', url: `http://127.0.0.1:${appPort}`, child: appChild };
    servers.push(app);
    const baseChild = spawnNode(BASELINE_BUNDLE, env(0), [RSS_REPORTER], runtime);
    const base: Server = { name: 'baseline', url: `http://127.0.0.1:${await nextMessage<number>(baseChild, 'port')}`, child: baseChild };
    servers.push(base);
    // The app once more with OTEL_SDK_DISABLED=true: what telemetry itself costs.
    const quietPort = await freePort();
    const quietChild = spawnNode(APP_BUNDLE, { ...appEnv(quietPort), OTEL_SDK_DISABLED: 'true' }, [RSS_REPORTER], runtime);
    const quiet: Server = { name: 'app-otel-off', url: `http://127.0.0.1:${quietPort}`, child: quietChild };
    servers.push(quiet);
    await waitFor200(`${app.url}/readyz`, appChild);
    await waitFor200(`${quiet.url}/readyz`, quietChild);
    const measured = [base, app, quiet];

    // Warm every server (JIT, SDK and HTTP/2 sessions) before anything is measured.
    fake.always(MODEL, REALISTIC);
    for (const server of measured) await runLoad(server.url, 300, CONCURRENCY, REALISTIC_ANSWER_MS);

    // 1 + 2: TTFT and throughput at 100 concurrent streams; ROUNDS alternating rounds each, so
    // a hiccup of the machine hits both sides alike.
    const paced: Record<string, LoadResult[]> = { 'app': [], 'baseline': [], 'app-otel-off': [] };
    // CPU time each server used for its paced answers: the steadiest measure of what the app adds.
    const cpu: Record<string, number | undefined> = { 'app': 0, 'baseline': 0, 'app-otel-off': 0 };
    for (let round = 0; round < ROUNDS; round++) {
      for (const server of measured) {
        fake.reset();
        fake.always(MODEL, REALISTIC);
        const cpuBefore = cpuTimeMs(server.child.pid);
        paced[server.name]!.push(await runLoad(server.url, 2 * REQUESTS / ROUNDS, CONCURRENCY, REALISTIC_ANSWER_MS));
        const cpuAfter = cpuTimeMs(server.child.pid);
        cpu[server.name] = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpu[server.name]! + cpuAfter - cpuBefore;
      }
    }
    const instant: Record<string, LoadResult> = {};
    fake.reset(); fake.always(MODEL, INSTANT);
    for (const server of measured) instant[server.name] = await runLoad(server.url, REQUESTS * 2, CONCURRENCY);

    const okTtft = (result: LoadResult): number[] => result.timings.filter((t) => t.ok).map((t) => t.ttftMs);
    const ttft = (name: string): number[] => paced[name]!.flatMap(okTtft);
    const failed = (results: LoadResult[]): number => results.reduce((n, r) => n + r.timings.filter((t) => !t.ok).length, 0);
    const rate = (results: LoadResult[]): number => results.reduce((n, r) => n + r.timings.filter((t) => t.ok).length, 0)
      / (results.reduce((ms, r) => ms + r.wallMs, 0) / 1000);
    const [appTtft, baseTtft, quietTtft] = [ttft('app'), ttft('baseline'), ttft('app-otel-off')];
    lines.push(`Fake model: first chunk after 400 ms, then 100 chunks 20 ms apart (${REALISTIC_ANSWER_MS} ms answers; streams opened evenly over one answer).`);
    lines.push(`TTFT at ${CONCURRENCY} concurrent streams, ${2 * REQUESTS} answers per side (ms):`);
    lines.push('             p50      p95      p99');
    const row = (label: string, f: (q: number) => number): string => `  ${label.padEnd(9)}${[0.5, 0.95, 0.99].map((q) => f(q).toFixed(2).padStart(9)).join('')}`;
    lines.push(row('baseline', (q) => quantile(baseTtft, q)));
    lines.push(row('app', (q) => quantile(appTtft, q)));
    lines.push(row('added', (q) => quantile(appTtft, q) - quantile(baseTtft, q)));
    lines.push(row('otel off', (q) => quantile(quietTtft, q)));
    lines.push(row('added', (q) => quantile(quietTtft, q) - quantile(baseTtft, q)));
    // The tail of one run is a few dozen answers: each round's own added p95 shows how far the
    // figure above moves from one minute to the next on this machine.
    const roundAdded = (name: string): string => paced[name]!
      .map((result, round) => (quantile(okTtft(result), 0.95) - quantile(okTtft(paced.baseline![round]!), 0.95)).toFixed(2))
      .join(', ');
    lines.push(`  added p95 of each round (${2 * REQUESTS / ROUNDS} answers per side): app ${roundAdded('app')}; otel off ${roundAdded('app-otel-off')}`);
    lines.push(`  failed answers: app ${failed(paced.app!)}, app-otel-off ${failed(paced['app-otel-off']!)}, baseline ${failed(paced.baseline!)}`);
    const [appRate, baseRate] = [rate(paced.app!), rate(paced.baseline!)];
    const [appMax, baseMax, quietMax] = [rate([instant.app!]), rate([instant.baseline!]), rate([instant['app-otel-off']!])];
    const cpuPerAnswer = (name: string): number | undefined => (cpu[name] === undefined
      ? undefined
      : cpu[name]! / paced[name]!.reduce((n, r) => n + r.timings.length, 0));
    const [appCpu, baseCpu, quietCpu] = [cpuPerAnswer('app'), cpuPerAnswer('baseline'), cpuPerAnswer('app-otel-off')];
    lines.push(appCpu === undefined || baseCpu === undefined || quietCpu === undefined
      ? 'CPU per answer: not measured (no /proc on this machine)'
      : `CPU per paced answer (the process's user + system time): baseline ${baseCpu.toFixed(1)} ms, app ${appCpu.toFixed(1)} ms `
        + `(+${(100 * (appCpu / baseCpu - 1)).toFixed(0)} %), app with telemetry off ${quietCpu.toFixed(1)} ms (+${(100 * (quietCpu / baseCpu - 1)).toFixed(0)} %)`);
    lines.push(`Throughput (answers/s): paced app ${appRate.toFixed(0)} / otel off ${rate(paced['app-otel-off']!).toFixed(0)} / baseline ${baseRate.toFixed(0)}; `
      + `no model delay app ${appMax.toFixed(0)} / otel off ${quietMax.toFixed(0)} / baseline ${baseMax.toFixed(0)} `
      + `(failed: app ${failed([instant.app!])}, otel off ${failed([instant['app-otel-off']!])}, baseline ${failed([instant.baseline!])})`);

    // 3: RSS of each server with 500 streams open at once (all past their first token).
    fake.reset(); fake.always(MODEL, SLOW);
    const rss: Record<string, { idle: number; open: number; reached: number }> = {};
    for (const server of [base, app]) {
      const idle = await askRss(server.child);
      let reached = 0;
      let allOpen!: () => void;
      const opened = new Promise<void>((done) => { allOpen = done; });
      const streams = Array.from({ length: OPEN_STREAMS }, () => streamOnce(server.url, () => { if (++reached === OPEN_STREAMS) allOpen(); }));
      await Promise.race([opened, new Promise((done) => setTimeout(done, 10000))]);
      rss[server.name] = { idle, open: await askRss(server.child), reached };
      await Promise.all(streams);
    }
    const rssLine = (name: string): string => `${name} ${(rss[name]!.open / MB).toFixed(1)} MB (before ${(rss[name]!.idle / MB).toFixed(1)} MB, ${rss[name]!.reached}/${OPEN_STREAMS} streams open)`;
    lines.push(`RSS at ${OPEN_STREAMS} concurrent open streams, after the runs above: ${rssLine('app')}; ${rssLine('baseline')}; `
      + `the app adds ${((rss.app!.open - rss.baseline!.open) / MB).toFixed(1)} MB`);
    for (const server of servers.splice(0)) await stopChild(server.child);

    // 4: process start -> first /readyz 200, started as the container does (compile cache
    // included), telemetry on; and once more without the cache, to show what it saves.
    const startTimes = async (withCache: boolean): Promise<number[]> => {
      const starts: number[] = [];
      for (let run = 0; run < START_RUNS; run++) {
        const port = await freePort();
        const spawnedAt = performance.now();
        const child = spawnNode(APP_BUNDLE, withCache ? appEnv(port) : env(port), [], runtime);
        try {
          starts.push((await waitFor200(`http://127.0.0.1:${port}/readyz`, child)) - spawnedAt);
        } finally {
          await stopChild(child);
        }
      }
      return starts;
    };
    const starts = await startTimes(true);
    const uncached = await startTimes(false);
    lines.push(`Start to /readyz 200 (as the image starts it, OTLP on), ${START_RUNS} runs (ms): ${starts.map((ms) => ms.toFixed(0)).join(', ')}; `
      + `without the compile cache: median ${quantile(uncached, 0.5).toFixed(0)} ms`);

    const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
    const addedP95 = quantile(appTtft, 0.95) - quantile(baseTtft, 0.95);
    const startMedian = quantile(starts, 0.5);
    lines.push('');
    const table = (title: string, rows: Array<[figure: string, value: string, goal: string, ok: boolean]>): void => {
      lines.push(`${title.padEnd(46)}${'Value'.padEnd(13)}${'Target'.padEnd(11)}Verdict`);
      for (const [figure, value, goal, ok] of rows) lines.push(`  ${figure.padEnd(44)}${value.padEnd(13)}${goal.padEnd(11)}${verdict(ok)}`);
    };
    // The targets, on the paced model it describes.
    table('Targets', [
      ['Added TTFT p95 (100 streams)', `${addedP95.toFixed(2)} ms`, '<= 5 ms', addedP95 <= 5],
      ['Throughput app/baseline (paced model)', `${(100 * appRate / baseRate).toFixed(1)} %`, '>= 80 %', appRate / baseRate >= 0.8],
      [`App RSS at ${OPEN_STREAMS} open streams`, `${(rss.app!.open / MB).toFixed(1)} MB`, '<= 150 MB', rss.app!.open <= 150 * MB && rss.app!.reached === OPEN_STREAMS],
      ['Start to /readyz 200 (median)', `${startMedian.toFixed(0)} ms`, '<= 400 ms', startMedian <= 400],
    ]);
    // Beyond the issue: the same bars for the app without telemetry, and for a model with no
    // delay at all, where the servers' own CPU decides the rate (a stress test: no real model
    // answers that fast, so the app's per-request cost shows undiluted).
    const quietAddedP95 = quantile(quietTtft, 0.95) - quantile(baseTtft, 0.95);
    table('Stress and telemetry-off figures, same bars', [
      ['Telemetry off: added TTFT p95', `${quietAddedP95.toFixed(2)} ms`, '<= 5 ms', quietAddedP95 <= 5],
      ['No model delay: throughput app/baseline', `${(100 * appMax / baseMax).toFixed(1)} %`, '>= 80 %', appMax / baseMax >= 0.8],
      ['No model delay, telemetry off: same', `${(100 * quietMax / baseMax).toFixed(1)} %`, '>= 80 %', quietMax / baseMax >= 0.8],
    ]);
  } finally {
    for (const server of servers) await stopChild(server.child);
    closeClient();
    sink.close();
    await fake.close();
    console.log(lines.join('\n'));
  }
}

main().catch((err: unknown) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
