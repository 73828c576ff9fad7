/**
 * scripts/warm-compile-cache.ts against stand-in services (plain Node scripts), on this Node:
 * what it asks the service for, and that every way it can fail names the cause. The real bundle
 * on the image's Node is covered by test/container/bundle.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { warmCompileCache } from '../../scripts/warm-compile-cache';

/** A service that answers the warm-up's requests, notes them in dist/asked.log and exits 0 on SIGTERM. */
const GOOD_SERVICE = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  require('node:fs').appendFileSync(require('node:path').join(__dirname, 'asked.log'),
    [req.method, req.url, process.env.CHAT_PROVIDER, process.env.NODE_ENV, process.env.NODE_COMPILE_CACHE].join(' ') + '\\n');
  if (req.url === '/api/chat') return res.writeHead(200, { 'Content-Type': 'text/event-stream' }).end('event: done\\ndata: {}\\n\\n');
  res.writeHead(200).end('ok');
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

describe('warmCompileCache', function () {
  this.timeout(30000);
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'warm-cache-'));
    mkdirSync(join(root, 'dist'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  function service(source: string): string {
    const script = join(root, 'dist', 'server.js');
    writeFileSync(script, source);
    return script;
  }

  const warm = (script: string, timeoutMs = 10000) => warmCompileCache({ node: process.execPath, nodeFlags: [], script, cacheDir: join(root, 'cache'), timeoutMs });

  it('fills the cache after the UI, the info route and one offline chat, where Node has a compile cache', async () => {
    const warming = warm(service(GOOD_SERVICE));
    if (typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function') {
      const made = await warming;
      expect(made.files).to.be.at.least(1);
      const asked = readFileSync(join(root, 'dist', 'asked.log'), 'utf8').trim().split('\n').filter((line) => !line.startsWith('GET /readyz'));
      const cache = join(root, 'cache');
      expect(asked).to.deep.equal([`GET / local production ${cache}`, `GET /api/info local production ${cache}`, `POST /api/chat local production ${cache}`]);
    } else {
      // Node 20 has no NODE_COMPILE_CACHE: the warm-up says so instead of shipping an empty folder.
      const err = await warming.then(() => undefined, (error: unknown) => error as Error);
      expect(err?.message).to.match(/wrote no compile cache .*needs Node >= 22\.1/);
    }
  });

  it('fails with the service\'s own output when it cannot start', async () => {
    const err = await warm(service('console.error("bad configuration: BEDROCK_REGION"); process.exit(3);'))
      .then(() => undefined, (error: unknown) => error as Error);
    expect(err?.message).to.contain('bad configuration: BEDROCK_REGION');
  });

  it('fails when a route does not answer 200, and stops the service', async () => {
    const err = await warm(service(GOOD_SERVICE.replace("res.writeHead(200).end('ok');", "res.writeHead(req.url === '/' ? 500 : 200).end('?');")))
      .then(() => undefined, (error: unknown) => error as Error);
    expect(err?.message).to.contain('GET / answered 500');
  });

  it('fails when the service does not exit 0 on SIGTERM', async () => {
    const err = await warm(service(GOOD_SERVICE.replace('process.exit(0)', 'process.exit(4)')))
      .then(() => undefined, (error: unknown) => error as Error);
    expect(err?.message).to.contain('exited with 4 after SIGTERM');
  });
});
