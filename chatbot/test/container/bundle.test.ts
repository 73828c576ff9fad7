/**
 * The container's process: the esbuild bundle (scripts/bundle-server.ts, the `bundle` task) run
 * by plain node, from a folder with no node_modules anywhere above it, as in the runtime image.
 * It must start, serve the UI and a chat, send its telemetry (the HTTP instrumentation still
 * patches `http` inside a bundle), and exit 0 on SIGTERM.
 *
 * It runs on this Node and, when IMAGE_NODE names one (.ci/run fetches the image's release from
 * the npm registry), exactly as the image starts it: the Dockerfile's Node with the ENTRYPOINT's
 * flags. Node releases differ where it matters here (an `end()` of a corked response lost the
 * streamed events on 22 but not on 20; a flag 22 needed stops 26 from starting), and the image's
 * Node carries OpenTelemetry's context in async context frames instead of async_hooks, so trace
 * parenting and log correlation are checked here, on the runtime that ships.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { bundleServer, duplicatePackages } from '../../scripts/bundle-server';
import { readImageRuntime } from '../../scripts/image-runtime';
import { freePort, waitUntilReady } from '../../scripts/server-process';
import { warmCompileCache } from '../../scripts/warm-compile-cache';
import { ask, postChat } from '../support/app-harness';
import { OtlpReceiver } from '../support/otlp-receiver';
import { parseSse } from '../support/sse';

const CHATBOT_DIR = join(__dirname, '..', '..');

interface Runtime {
  readonly label: string;
  readonly node: string;
  readonly nodeFlags: readonly string[];
  /** The image's Node: it also starts from the compile cache the image build makes. */
  readonly image?: boolean;
}

const image = readImageRuntime();
// This Node runs the bundle without the image's flags: they are for the image's Node release.
const runtimes: Runtime[] = [{ label: `this Node (${process.version})`, node: process.execPath, nodeFlags: [] }];
// The image's Node: IMAGE_NODE (.ci/run), or this Node when it is that release (npm scripts run on
// the repository's pinned Node, which the image uses too: test/projenrc/node-runtime.test.ts).
const imageNode = process.env.IMAGE_NODE ?? (process.version === `v${image.nodeVersion}` ? process.execPath : undefined);
if (!imageNode) {
  describe('IMAGE_NODE', () => {
    it(`names the image's Node ${image.nodeVersion}, so the bundle is tested as the image runs it`, () => {
      expect.fail(`this Node is ${process.version}; run the tests through npm (it uses the pinned Node) or set IMAGE_NODE=$(node_modules/.bin/tsx scripts/image-runtime.ts)`);
    });
  });
}
if (imageNode) {
  const version = execFileSync(imageNode, ['--version'], { encoding: 'utf8' }).trim();
  runtimes.push({ label: `the image's Node (${version} ${image.nodeFlags.join(' ')})`, node: imageNode, nodeFlags: image.nodeFlags, image: true });
  describe('IMAGE_NODE', () => {
    it('is the Node release the Dockerfile pins', () => {
      expect(version).to.equal(`v${image.nodeVersion}`);
    });
  });
}
for (const runtime of runtimes) describeBundle(runtime);

/**
 * Packages the bundle may hold twice, and why: small, and merging them would mean overriding a
 * major version a dependency pins.
 */
const KNOWN_DUPLICATES: Record<string, string> = {
  'http-errors': 'koa 3 pins http-assert 1.5, which wants http-errors 1.8; @koa/router wants 2.x',
  'depd': 'with http-errors 1.8',
  'statuses': 'with http-errors 1.8',
  'content-type': 'koa 3 wants 1.x, its type-is 2 wants 2.x',
  '@aws-sdk/token-providers': 'the SDK pins one release in client-bedrock-runtime and another in credential-provider-sso',
};

describe('server bundle contents', function () {
  this.timeout(60000);
  let duplicates: Map<string, string[]>;

  before(async () => {
    const out = mkdtempSync(join(tmpdir(), 'chatbot-bundle-'));
    try {
      duplicates = duplicatePackages(await bundleServer(join(out, 'server.js')));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('holds one copy of each package (OpenTelemetry, mime-db...), but for a few small known ones', () => {
    const unexpected = [...duplicates].filter(([name]) => !(name in KNOWN_DUPLICATES)).map(([name, folders]) => `${name}: ${folders.join(', ')}`);
    expect(unexpected, 'packages bundled from more than one folder').to.deep.equal([]);
  });
});

describe('duplicatePackages', () => {
  const metafile = (...paths: string[]) => ({ inputs: Object.fromEntries(paths.map((path) => [path, { bytes: 1, imports: [] }])), outputs: {} });

  it('finds a package installed in two folders, scoped or not, by its innermost node_modules', () => {
    expect(duplicatePackages(metafile(
      'node_modules/@opentelemetry/core/build/src/index.js',
      'node_modules/@opentelemetry/resources/node_modules/@opentelemetry/core/build/src/index.js',
      'node_modules/mime-db/index.js',
      'node_modules/koa/node_modules/mime-db/db.json',
      'node_modules/koa/lib/application.js',
      'src/app.ts',
    ))).to.deep.equal(new Map([
      ['@opentelemetry/core', ['node_modules/@opentelemetry/core', 'node_modules/@opentelemetry/resources/node_modules/@opentelemetry/core']],
      ['mime-db', ['node_modules/koa/node_modules/mime-db', 'node_modules/mime-db']],
    ]));
  });

  it('does not count two files of one copy twice', () => {
    expect(duplicatePackages(metafile(
      'node_modules/@opentelemetry/semantic-conventions/dist/index.cjs',
      'node_modules/@opentelemetry/semantic-conventions/dist/index.mjs',
    )).size).to.equal(0);
  });
});

function describeBundle(runtime: Runtime): void {
  describe(`server bundle (node dist/server.js, as the image runs it) on ${runtime.label}`, function () {
    this.timeout(60000);
    let root: string;
    let child: ChildProcess | undefined;
    let receiver: OtlpReceiver;
    let output = '';
    /** What the image's process sees (production, the offline provider), listening on loopback `port`. */
    const imageEnv = (port: number): NodeJS.ProcessEnv => ({
      PATH: process.env.PATH ?? '',
      HOME: root,
      NODE_ENV: 'production',
      NODE_NO_WARNINGS: '1',
      CHAT_PROVIDER: 'local',
      PORT: String(port),
      HOST: '127.0.0.1',
    });

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
          ...imageEnv(port),
          LOCAL_PROVIDER_DELAY_MS: '0',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_BSP_SCHEDULE_DELAY: '100',
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

    if (runtime.image) {
      it('starts from the compile cache the image build makes (scripts/warm-compile-cache.ts) with the ENTRYPOINT\'s flags, and V8 refuses it under other code flags', async () => {
        const app = join(root, 'app');
        const script = join(app, image.script);
        const cacheDir = join(app, '.node-compile-cache');
        const made = await warmCompileCache({ node: runtime.node, nodeFlags: runtime.nodeFlags, script, cacheDir, cwd: app });
        expect(made.files).to.be.at.least(1);
        expect(made.bytes).to.be.greaterThan(100 * 1024);
        // Node's own debug output says whether V8 took the cache for the bundle.
        const cacheLog = async (nodeFlags: readonly string[]): Promise<string> => {
          const port = await freePort();
          let log = '';
          const server = spawn(runtime.node, [...nodeFlags, image.script], {
            cwd: app,
            env: {
              ...imageEnv(port),
              OTEL_SDK_DISABLED: 'true',
              NODE_COMPILE_CACHE: cacheDir,
              NODE_DEBUG_NATIVE: 'COMPILE_CACHE',
            },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          server.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
          try {
            await waitUntilReady(`http://127.0.0.1:${port}`, server, () => log);
          } finally {
            const exited = once(server, 'exit');
            server.kill('SIGTERM');
            await exited;
          }
          return log;
        };
        // "[compile cache] V8 code cache for CommonJS <file> was accepted" (Node 26; 22 names no module type).
        const accepted = new RegExp(`cache for (CommonJS )?${script.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was accepted`);
        expect(await cacheLog(runtime.nodeFlags)).to.match(accepted);
        // V8 keys the cache on the flags that shape compiled code: started with one of those the
        // same bundle misses it. (The ENTRYPOINT's --max-semi-space-size only sizes the heap; on
        // Node 26 it leaves the key alone.)
        expect(await cacheLog([...runtime.nodeFlags, '--no-opt'])).not.to.match(accepted);
      });
    }
  });
}
