import { expect } from 'chai';
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
