import { expect } from 'chai';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';

const UI = 'https://chat.example.com';
const OTHER = 'https://evil.example.net';

describe('CORS', () => {
  let app: AppHarness;
  before(async () => {
    app = await startApp({ env: { CORS_ORIGIN: UI } });
  });
  after(() => app.close());

  const preflight = (origin: string): Promise<Response> => fetch(`${app.url}/api/chat`, {
    method: 'OPTIONS',
    headers: { 'Origin': origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  });

  it('lets the configured UI origin call the API', async () => {
    const response = await preflight(UI);
    expect(response.status).to.equal(204);
    expect(response.headers.get('access-control-allow-origin')).to.equal(UI);
    expect(response.headers.get('access-control-allow-methods')).to.contain('POST');
    expect(response.headers.get('access-control-allow-headers')).to.contain('Content-Type');
    expect(response.headers.get('access-control-allow-credentials')).to.equal(null);
    const answer = await postChat(app.url, ask('hi'), { Origin: UI, Accept: 'application/json' });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('access-control-allow-origin')).to.equal(UI);
    expect(answer.headers.get('access-control-expose-headers')).to.contain('X-Request-Id');
    expect(answer.headers.get('vary')).to.contain('Origin');
  });

  it('refuses the preflight of any other origin and gives it no CORS headers', async () => {
    const response = await preflight(OTHER);
    expect(response.status).to.equal(403);
    expect(response.headers.get('access-control-allow-origin')).to.equal(null);
    expect((await response.json()).error.code).to.equal('cors_forbidden');
    const answer = await postChat(app.url, ask('hi'), { Origin: OTHER, Accept: 'application/json' });
    expect(answer.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('is same-origin only when no origin is configured', async () => {
    const sameOrigin = await startApp();
    try {
      const response = await fetch(`${sameOrigin.url}/api/chat`, {
        method: 'OPTIONS', headers: { 'Origin': UI, 'Access-Control-Request-Method': 'POST' },
      });
      expect(response.status).to.equal(403);
      expect(response.headers.get('access-control-allow-origin')).to.equal(null);
    } finally {
      await sameOrigin.close();
    }
  });
});
