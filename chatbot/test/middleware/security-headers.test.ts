import { expect } from 'chai';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';

describe('security headers', () => {
  let app: AppHarness;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  for (const [what, request] of [
    ['a probe', (url: string) => fetch(`${url}/healthz`)],
    ['an error', (url: string) => fetch(`${url}/missing`)],
    ['a streamed answer', (url: string) => postChat(url, ask('hi'))],
  ] as const) {
    it(`are on ${what}`, async () => {
      const response = await request(app.url);
      await response.text();
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).to.contain("default-src 'self'");
      expect(csp).to.contain("script-src 'self'");
      expect(csp).not.to.contain('unsafe-inline');
      expect(csp).to.contain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
      expect(response.headers.get('x-frame-options')).to.equal('DENY');
      expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
      expect(response.headers.get('strict-transport-security')).to.match(/^max-age=\d+/);
    });
  }
});
