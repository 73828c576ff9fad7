/**
 * The container's process: the esbuild bundle (scripts/bundle-server.ts, the `bundle` task) run
 * by plain node, from a folder with no node_modules anywhere above it, as in the runtime image.
 * It must start, serve the UI and a chat, send its telemetry (the HTTP instrumentation still
 * patches `http` inside a bundle), and exit 0 on SIGTERM.
 *
 * It runs on this Node and, when IMAGE_NODE names one (.ci/run fetches the image's release from
 * the npm registry), exactly as the image starts it: the Dockerfile's Node with the ENTRYPOINT's
 * flags. The code is tested on Node 20 but ships on 22, and the two differ (an `end()` of a
 * corked response lost the streamed events on 22); the flags change how OpenTelemetry's context
 * travels (async context frames instead of async_hooks), so trace parenting and log correlation
 * are checked here, on the runtime that ships.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { bundleServer } from '../../scripts/bundle-server';
import { readImageRuntime } from '../../scripts/image-runtime';
import { ask, postChat } from '../support/app-harness';
import { OtlpReceiver } from '../support/otlp-receiver';
import { freePort, waitUntilReady } from '../support/server-process';
import { parseSse } from '../support/sse';

const CHATBOT_DIR = join(__dirname, '..', '..');

interface Runtime {
  readonly label: string;
  readonly node: string;
  readonly nodeFlags: readonly string[];
}

const image = readImageRuntime();
// This Node runs the bundle without the image's flags: they are for the image's Node release.
const runtimes: Runtime[] = [{ label: `this Node (${process.version})`, node: process.execPath, nodeFlags: [] }];
const imageNode = process.env.IMAGE_NODE;
if (imageNode) {
  const version = execFileSync(imageNode, ['--version'], { encoding: 'utf8' }).trim();
  runtimes.push({ label: `the image's Node (${version} ${image.nodeFlags.join(' ')})`, node: imageNode, nodeFlags: image.nodeFlags });
  describe('IMAGE_NODE', () => {
    it('is the Node release the Dockerfile pins', () => {
      expect(version).to.equal(`v${image.nodeVersion}`);
    });
  });
}
for (const runtime of runtimes) describeBundle(runtime);

function describeBundle(runtime: Runtime): void {
describe(`server bundle (node dist/server.js, as the image runs it) on ${runtime.label}`, function () {
  this.timeout(60000);
  let root: string;
  let child: ChildProcess | undefined;
  let receiver: OtlpReceiver;
  let output = '';

  before(async () => {
    // Under the OS temp dir: no node_modules in any parent, so a module left out of the bundle fails.
    root = mkdtempSync(join(tmpdir(), 'chatbot-image-'));
    await bundleServer(join(root, 'app', 'dist', 'server.js'));
    cpSync(join(CHATBOT_DIR, 'public'), join(root, 'app', 'public'), { recursive: true });
    receiver = await OtlpReceiver.start();
  });

  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await receiver.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('is self-contained: one file, no node_modules needed', () => {
    expect(existsSync(join(root, 'app', 'dist', 'server.js'))).to.equal(true);
    expect(existsSync(join(root, 'node_modules'))).to.equal(false);
    expect(existsSync(join(root, 'app', 'node_modules'))).to.equal(false);
  });

  it('starts, serves the UI and a streamed chat, exports spans, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(runtime.node, [...runtime.nodeFlags, image.script], {
      cwd: join(root, 'app'),
      env: {
        PATH: process.env.PATH ?? '', HOME: root, NODE_ENV: 'production', NODE_NO_WARNINGS: '1',
        CHAT_PROVIDER: 'local', LOCAL_PROVIDER_DELAY_MS: '0', PORT: String(port), HOST: '127.0.0.1',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '100',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url, child, () => output);

    const page = await fetch(`${url}/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.contain('<html');

    const events = parseSse(await (await postChat(url, ask('hello'))).text());
    expect(events.filter((e) => e.event === 'delta').length).to.be.greaterThan(0);
    expect(events[events.length - 1]!.event).to.equal('done');

    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code, signal] = await exited;
    expect({ code, signal }).to.deep.equal({ code: 0, signal: null }, output);
    // Shutdown flushes the spans: the chat span, a child of the HTTP server span of the request
    // (the context reached the route through Koa's middleware and the answer's promises).
    const chat = receiver.spansNamed('chat local-offline');
    expect(chat).to.have.length(1);
    const names = receiver.spans.map((span) => span.name);
    const server = receiver.spans.filter((span) => /^POST\b/.test(span.name));
    expect(server, names.join(', ')).to.have.length(1);
    expect(chat[0]).to.deep.include({ traceId: server[0]!.traceId, parentSpanId: server[0]!.spanId });
    // The request's log line carries the same trace (pino's mixin reads the active context).
    const requestLog = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.msg === 'request' && line.path === '/api/chat');
    expect(requestLog, output).to.deep.include({ trace_id: server[0]!.traceId });
  });
});
}
