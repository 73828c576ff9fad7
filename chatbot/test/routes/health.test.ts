import { expect } from 'chai';
import { Readiness } from '../../src/readiness';
import { AppHarness, startApp } from '../support/app-harness';

describe('probes and unknown routes', () => {
  let app: AppHarness;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('/healthz and /readyz answer 200 and are never cached', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).to.equal(200);
    expect(await health.json()).to.deep.equal({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).to.equal(200);
    expect(await ready.json()).to.deep.equal({ status: 'ready' });
    expect(ready.headers.get('cache-control')).to.equal('no-store');
  });

  it('/readyz is 503 with the reason until the provider can answer; /healthz stays 200; draining wins', async () => {
    const reason = 'no AWS credentials found: Could not load credentials from any providers; set AWS_PROFILE (see chatbot/README.md)';
    const readiness = new Readiness(reason);
    const waiting = await startApp({ readiness });
    try {
      const notReady = await fetch(`${waiting.url}/readyz`);
      expect(notReady.status).to.equal(503);
      expect(await notReady.json()).to.deep.equal({ status: 'not-ready', reason });
      expect(notReady.headers.get('cache-control')).to.equal('no-store');
      expect((await fetch(`${waiting.url}/healthz`)).status).to.equal(200, 'alive: the kubelet must not restart it');

      readiness.markReady();
      expect((await fetch(`${waiting.url}/readyz`)).status).to.equal(200);

      readiness.markNotReady(reason);
      waiting.lifecycle.startDraining();
      const draining = await fetch(`${waiting.url}/readyz`);
      expect(draining.status).to.equal(503);
      expect(await draining.json()).to.deep.equal({ status: 'draining' });
    } finally {
      await waiting.close();
    }
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await fetch(`${app.url}/api/nothing`);
    expect(response.status).to.equal(404);
    expect((await response.json()).error).to.include({ code: 'not_found', message: 'Nothing at GET /api/nothing' });
  });

  it('answers a wrong method with a JSON 405 naming the allowed ones', async () => {
    const response = await fetch(`${app.url}/api/chat`);
    expect(response.status).to.equal(405);
    expect(response.headers.get('allow')).to.equal('POST');
    expect((await response.json()).error.code).to.equal('method_not_allowed');
  });
});
