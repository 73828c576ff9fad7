import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { AppHarness, startApp } from '../support/app-harness';

/** GET with the path sent exactly as written (fetch would normalise `..` away). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET', path }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject).end();
  });
}

describe('static UI', () => {
  let app: AppHarness;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chatbot-static-'));
    const root = join(dir, 'public');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Chat</title>');
    writeFileSync(join(root, 'styles.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'app.3f2a9c1b.js'), 'console.log(1)');
    writeFileSync(join(root, '.env'), 'SECRET=1');
    writeFileSync(join(dir, 'secret.txt'), 'outside the root');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
    app = await startApp({ publicDir: root });
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / with no-cache and an ETag', async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).to.equal('no-cache');
    expect(await response.text()).to.contain('<title>Chat</title>');
    const etag = response.headers.get('etag')!;
    const again = await fetch(`${app.url}/index.html`, { headers: { 'If-None-Match': etag } });
    expect(again.status).to.equal(304);
  });

  it('caches hashed assets for a year and revalidates the others', async () => {
    const hashed = await fetch(`${app.url}/assets/app.3f2a9c1b.js`);
    expect(hashed.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    expect(hashed.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    expect(await hashed.text()).to.equal('console.log(1)');
    expect((await fetch(`${app.url}/styles.css`)).headers.get('cache-control')).to.equal('no-cache');
  });

  it('answers HEAD with the headers only', async () => {
    const response = await fetch(`${app.url}/styles.css`, { method: 'HEAD' });
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-length')).to.equal('6');
  });

  for (const path of [
    '/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt', '/index.html%00.css', '/%E0%A4%A', '/.env', '/link.txt', '/assets',
  ]) {
    it(`refuses ${path} with 404`, async () => {
      const response = await rawGet(app.url, path);
      expect(response.status).to.equal(404);
      expect(response.body).not.to.contain('outside the root');
      expect(response.body).not.to.contain('SECRET');
    });
  }
});
