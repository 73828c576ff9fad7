import { expect } from 'chai';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';

describe('rate limit', () => {
  describe('behind a trusted proxy (loopback plays the ALB)', () => {
    let app: AppHarness;
    before(async () => {
      // A frozen clock: no token comes back during the test, and Retry-After is exact.
      app = await startApp({ clock: () => 1000, env: { RATE_LIMIT_BURST: '3', RATE_LIMIT_PER_MINUTE: '6', TRUSTED_PROXY_CIDRS: '127.0.0.0/8' } });
    });
    after(() => app.close());

    const chatFrom = (forwardedFor: string): Promise<Response> =>
      postChat(app.url, ask('hi'), { 'X-Forwarded-For': forwardedFor, 'Accept': 'application/json' });

    it('allows a burst, then answers 429 with Retry-After, per client', async () => {
      for (let i = 0; i < 3; i++) expect((await chatFrom('203.0.113.1')).status).to.equal(200);
      const limited = await chatFrom('203.0.113.1');
      expect(limited.status).to.equal(429);
      // 6 per minute = one token every 10 s.
      expect(limited.headers.get('retry-after')).to.equal('10');
      const body = await limited.json();
      expect(body.error).to.include({ code: 'rate_limited', message: 'Too many requests: try again in 10 s' });
      // Another client has its own bucket.
      expect((await chatFrom('203.0.113.2')).status).to.equal(200);
    });

    it('uses the right-most untrusted hop, so a forged left part cannot dodge the limit', async () => {
      for (let i = 0; i < 3; i++) expect((await chatFrom(`198.51.100.${i}, 203.0.113.9`)).status).to.equal(200);
      expect((await chatFrom('198.51.100.77, 203.0.113.9')).status).to.equal(429);
      // A trusted proxy hop on the right is skipped: the client is still 203.0.113.9.
      expect((await chatFrom('203.0.113.9, 127.0.0.5')).status).to.equal(429);
    });

    it('does not limit the probes or the UI', async () => {
      for (let i = 0; i < 3; i++) await chatFrom('203.0.113.50');
      expect((await chatFrom('203.0.113.50')).status).to.equal(429);
      expect((await fetch(`${app.url}/healthz`, { headers: { 'X-Forwarded-For': '203.0.113.50' } })).status).to.equal(200);
      expect((await fetch(`${app.url}/readyz`, { headers: { 'X-Forwarded-For': '203.0.113.50' } })).status).to.equal(200);
    });
  });

  describe('from an untrusted peer', () => {
    let app: AppHarness;
    before(async () => {
      app = await startApp({ env: { RATE_LIMIT_BURST: '2', TRUSTED_PROXY_CIDRS: '10.0.0.0/8' } });
    });
    after(() => app.close());

    it('ignores X-Forwarded-For, so rotating it does not reset the limit', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await postChat(app.url, ask('hi'), { 'X-Forwarded-For': `203.0.113.${i}`, 'Accept': 'application/json' })).status);
      }
      expect(statuses).to.deep.equal([200, 200, 429, 429]);
    });
  });
});
