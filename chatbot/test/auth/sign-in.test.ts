import { expect } from 'chai';
import { AlbKeyServer } from '../support/alb-key-server';
import { AlbKey, TEST_ACCOUNT, TEST_ALB_NAME, TEST_CLIENT_ID, TEST_ISSUER, TEST_REGION, TEST_USER, albKey, mintAlbToken } from '../support/alb-tokens';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { CapturedLogs, captureLogs } from '../support/log-capture';
import { parseSse } from '../support/sse';

const LOGOUT_URL = 'https://chat-dev.auth.eu-west-1.amazoncognito.com/logout?client_id=4fmvht22tjrgd7d3k3tghttct7&logout_uri=https://chat.example.com/';

/** The environment of a pod behind the ALB's authenticate action, signer named by name + account + region. */
function albEnv(keyServer: AlbKeyServer, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AUTH_MODE: 'alb',
    AUTH_ALB_NAME: TEST_ALB_NAME,
    AUTH_ALB_ACCOUNT: TEST_ACCOUNT,
    AUTH_ALB_REGION: TEST_REGION,
    AUTH_ALB_KEY_ENDPOINT: keyServer.url,
    AUTH_ISSUER: TEST_ISSUER,
    AUTH_CLIENT_ID: TEST_CLIENT_ID,
    ...extra,
  };
}

describe('sign-in behind the ALB (AUTH_MODE=alb)', () => {
  let key: AlbKey;
  let keyServer: AlbKeyServer;
  let app: AppHarness;
  let logs: CapturedLogs;

  before(async () => {
    key = albKey();
    keyServer = await AlbKeyServer.start(key);
  });
  beforeEach(async () => {
    logs = captureLogs();
    app = await startApp({ logger: logs.logger, env: albEnv(keyServer, { AUTH_LOGOUT_URL: LOGOUT_URL, TRUSTED_PROXY_CIDRS: '127.0.0.0/8' }) });
  });
  afterEach(() => app.close());
  after(() => keyServer.close());

  const signed = (claims: Record<string, unknown> = TEST_USER): Record<string, string> => ({ 'x-amzn-oidc-data': mintAlbToken(key, { claims }) });

  it('serves a verified user: /api/info says who is signed in and where to sign out', async () => {
    const response = await fetch(`${app.url}/api/info`, { headers: signed() });
    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('private, no-cache');
    const body = await response.json();
    expect(body.user).to.deep.equal({ sub: TEST_USER.sub, name: TEST_USER.name, email: TEST_USER.email });
    expect(body.signOutUrl).to.equal('/auth/sign-out');
    // The access log names the user by id only.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const line = logs.lines().find((entry) => entry.msg === 'request' && entry.path === '/api/info')!;
    expect(line.user).to.equal(TEST_USER.sub);
    expect(JSON.stringify(logs.lines())).not.to.contain(TEST_USER.email);
  });

  it('answers chats of a verified user', async () => {
    const response = await postChat(app.url, ask('hello'), signed());
    expect(response.status).to.equal(200);
    const events = parseSse(await response.text());
    expect(events.at(-1)!.event).to.equal('done');
  });

  it('refuses an API call without the header: 401 JSON naming the problem', async () => {
    const response = await postChat(app.url, ask('hello'));
    expect(response.status).to.equal(401);
    expect(response.headers.get('www-authenticate')).to.equal('ALB-OIDC realm="chatbot"');
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const body = await response.json();
    expect(body.error.code).to.equal('unauthenticated');
    expect(body.error.message).to.contain('carries no sign-in');
    expect(body.error.requestId).to.be.a('string');
  });

  it('refuses a page without the header: a standalone HTML 401 page, and serves no UI file', async () => {
    const page = await fetch(`${app.url}/`, { headers: { Accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(page.status).to.equal(401);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).to.match(/^default-src 'none'; img-src data:; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    const html = await page.text();
    expect(html).to.contain('<h1>Sign-in required</h1>').and.to.contain('href="/"');
    expect(html).not.to.match(/<script|<link rel="stylesheet"/);
    for (const path of ['/app.js', '/styles.css', '/index.html', '/api/info']) {
      expect((await fetch(`${app.url}${path}`)).status, path).to.equal(401);
    }
  });

  it('keeps the probes and sign-out public', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
    expect((await fetch(`${app.url}/readyz`)).status).to.equal(200);
    expect((await fetch(`${app.url}/auth/sign-out`, { redirect: 'manual' })).status).to.equal(302);
  });

  for (const [name, token] of [
    ['expired', () => mintAlbToken(key, { expiresInSeconds: -60 })],
    ['tampered', () => mintAlbToken(key).replace(/\.([^.]+)\./, (_m, payload: string) => `.${payload.slice(0, 10)}${payload[10] === 'x' ? 'y' : 'x'}${payload.slice(11)}.`)],
    ['from another ALB', () => mintAlbToken(key, { header: { signer: `arn:aws:elasticloadbalancing:${TEST_REGION}:${TEST_ACCOUNT}:loadbalancer/app/other/50dc6c495c0c9188` } })],
    ['signed with an unknown key', () => mintAlbToken(albKey())],
    ['for another app client', () => mintAlbToken(key, { header: { client: 'other' } })],
  ] as const) {
    it(`refuses a token ${name} with 401, logging why but never the token`, async () => {
      const sent = token();
      const response = await fetch(`${app.url}/api/info`, { headers: { 'x-amzn-oidc-data': sent } });
      expect(response.status).to.equal(401);
      expect((await response.json()).error.code).to.equal('unauthenticated');
      const refusal = logs.lines().find((line) => line.msg === 'sign-in refused')!;
      expect(refusal.problem).to.be.a('string');
      expect(JSON.stringify(logs.lines())).not.to.contain(sent.split('.')[2]!.slice(0, 20));
    });
  }

  it('answers 503 (not 401, never served unverified) while the key server is down', async () => {
    const other = albKey();
    keyServer.answer(other.kid, { status: 500, body: 'InternalError' });
    const api = await fetch(`${app.url}/api/info`, { headers: { 'x-amzn-oidc-data': mintAlbToken(other) } });
    expect(api.status).to.equal(503);
    expect(api.headers.get('retry-after')).to.equal('5');
    expect((await api.json()).error.code).to.equal('auth_unavailable');
    const page = await fetch(`${app.url}/`, { headers: { 'Accept': 'text/html', 'x-amzn-oidc-data': mintAlbToken(other) } });
    expect(page.status).to.equal(503);
    expect(await page.text()).to.contain('Sign-in cannot be checked right now');
    keyServer.answer(other.kid, undefined);
  });

  it('signs out: expires every ALB session cookie shard and redirects to the IdP logout', async () => {
    const response = await fetch(`${app.url}/auth/sign-out`, {
      redirect: 'manual',
      headers: { ...signed(), Cookie: 'AWSELBAuthSessionCookie-0=a; AWSELBAuthSessionCookie-5=b; other=c; AWSELBAuthSessionCookie-x=d' },
    });
    expect(response.status).to.equal(302);
    expect(response.headers.get('location')).to.equal(LOGOUT_URL);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const cookies = response.headers.getSetCookie();
    expect(cookies.map((cookie) => cookie.split('=')[0])).to.deep.equal([0, 1, 2, 3, 5].map((n) => `AWSELBAuthSessionCookie-${n}`));
    for (const cookie of cookies) {
      expect(cookie).to.match(/=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; SameSite=Lax$/);
    }
  });

  it('rate-limits per signed-in user, not per address', async () => {
    await app.close();
    app = await startApp({ clock: () => 1000, env: albEnv(keyServer, { RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_MINUTE: '6', TRUSTED_PROXY_CIDRS: '127.0.0.0/8' }) });
    const chat = (sub: string, address: string): Promise<number> => postChat(app.url, ask('hi'), {
      ...signed({ sub, email: `${sub}@example.com` }),
      'X-Forwarded-For': address,
      'Accept': 'application/json',
    }).then((response) => response.status);
    // Two users behind one corporate NAT address each get their own bucket.
    expect([await chat('alice', '203.0.113.7'), await chat('alice', '203.0.113.7'), await chat('alice', '203.0.113.7')]).to.deep.equal([200, 200, 429]);
    expect([await chat('bob', '203.0.113.7'), await chat('bob', '203.0.113.7')]).to.deep.equal([200, 200]);
    // One user cannot get a fresh bucket by changing networks.
    expect(await chat('alice', '198.51.100.9')).to.equal(429);
  });
});

describe('without sign-in (AUTH_MODE unset)', () => {
  let app: AppHarness;
  before(async () => {
    app = await startApp();
  });
  after(() => app.close());

  it('has no user, no sign-out link and no sign-out route, and ignores a forged header', async () => {
    const body = await (await fetch(`${app.url}/api/info`, { headers: { 'x-amzn-oidc-data': 'forged.by.client' } })).json();
    expect(body).not.to.have.property('user');
    expect(body).not.to.have.property('signOutUrl');
    expect((await fetch(`${app.url}/auth/sign-out`, { redirect: 'manual' })).status).to.equal(404);
  });
});

describe('sign-out without an IdP logout URL', () => {
  let keyServer: AlbKeyServer;
  let app: AppHarness;
  before(async () => {
    keyServer = await AlbKeyServer.start();
    app = await startApp({ env: albEnv(keyServer, { AUTH_SESSION_COOKIE: 'ChatSession' }) });
  });
  after(async () => {
    await app.close();
    await keyServer.close();
  });

  it('expires the configured cookie and says the IdP may still remember the browser', async () => {
    const response = await fetch(`${app.url}/auth/sign-out`, { redirect: 'manual' });
    expect(response.status).to.equal(200);
    expect(response.headers.getSetCookie().map((cookie) => cookie.split('=')[0])).to.deep.equal(['ChatSession-0', 'ChatSession-1', 'ChatSession-2', 'ChatSession-3']);
    const html = await response.text();
    expect(html).to.contain('<h1>Signed out</h1>').and.to.contain('signs you in again');
  });
});
