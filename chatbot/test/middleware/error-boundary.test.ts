import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import Koa from 'koa';
import type { AppState } from '../../src/http/app-state';
import { RequestError } from '../../src/http/request-error';
import { createLogger } from '../../src/logger';
import { errorBoundary } from '../../src/middleware/error-boundary';

/** Serves a Koa app whose only middleware after the boundary throws `error`. */
async function serveThrowing(error: unknown, logs: string[]): Promise<{ url: string; close: () => void }> {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString());
      callback();
    },
  });
  const app = new Koa<AppState>();
  app.use(errorBoundary(createLogger({ destination })));
  app.use(async (ctx) => {
    ctx.set('X-Kept', 'yes');
    throw error;
  });
  const server = createServer(app.callback()).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('error boundary', () => {
  it('answers a RequestError with its status, code, message and headers', async () => {
    const server = await serveThrowing(new RequestError(429, 'rate_limited', 'slow down', { 'Retry-After': '3' }), []);
    try {
      const response = await fetch(server.url);
      expect(response.status).to.equal(429);
      expect(response.headers.get('retry-after')).to.equal('3');
      expect(response.headers.get('x-kept')).to.equal('yes');
      expect(await response.json()).to.deep.equal({ error: { code: 'rate_limited', message: 'slow down' } });
    } finally {
      server.close();
    }
  });

  it('answers a bug with a generic 500 and logs the stack, leaking nothing', async () => {
    const logs: string[] = [];
    const server = await serveThrowing(new Error('database password is hunter2'), logs);
    try {
      const response = await fetch(server.url);
      expect(response.status).to.equal(500);
      const text = await response.text();
      expect(text).not.to.contain('hunter2');
      expect(JSON.parse(text).error.code).to.equal('internal');
      const line = JSON.parse(logs.find((entry) => entry.includes('unhandled error'))!);
      expect(line.level).to.equal('error');
      expect(line.err.stack).to.contain('hunter2');
    } finally {
      server.close();
    }
  });

  it('keeps the status of Koa client errors', async () => {
    const server = await serveThrowing(Object.assign(new Error('Bad thing'), { status: 400, expose: true }), []);
    try {
      const response = await fetch(server.url);
      expect(response.status).to.equal(400);
      expect((await response.json()).error.message).to.equal('Bad thing');
    } finally {
      server.close();
    }
  });
});
