import { once } from 'node:events';
import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { LocalProvider } from '../../src/providers/local-provider';
import { SpendGuard } from '../../src/spend/spend-guard';
import { DynamoDbTokenCounter } from '../../src/spend/token-counter';
import { AlbKeyServer } from '../support/alb-key-server';
import { AlbProxy } from '../support/alb-proxy';
import { AlbKey, TEST_ACCOUNT, TEST_ALB_NAME, TEST_REGION, TEST_USER, albKey } from '../support/alb-tokens';
import { AppHarness, HarnessOptions, startApp } from '../support/app-harness';
import { FakeDynamoDb } from '../support/fake-dynamodb';
import { captureLogs } from '../support/log-capture';
import { send, waitForAnswer, watchPageProblems } from './support/chat-page';
import { launchChromium } from './support/chromium';
import { RecordingProvider } from './support/recording-provider';
import { BuiltUi, buildUi } from './support/ui-build';

const TABLE = 'chat-dev-chatbot-spend';

/** A stand-in for the IdP's logout endpoint (Cognito's /logout): records visits, answers a page. */
async function startIdp(): Promise<{ url: string; visits: string[]; close(): Promise<void> }> {
  const visits: string[] = [];
  const server: Server = createServer((req, res) => {
    visits.push(req.url ?? '/');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<!doctype html><title>IdP</title><p id="idp">Signed out of the IdP</p>');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    visits,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('chat page behind the ALB sign-in (Chromium, loopback ALB proxy)', () => {
  let ui: BuiltUi;
  let browser: Browser;
  let key: AlbKey;
  let keyServer: AlbKeyServer;
  let idp: Awaited<ReturnType<typeof startIdp>>;
  let opened: Array<{ context: BrowserContext; app: AppHarness; proxy: AlbProxy; problems: string[] }> = [];

  before(async function () {
    this.timeout(60000);
    ui = await buildUi();
    browser = await launchChromium();
    key = albKey();
    keyServer = await AlbKeyServer.start(key);
    idp = await startIdp();
  });
  after(async () => {
    await browser?.close();
    await ui?.remove();
    await keyServer?.close();
    await idp?.close();
  });
  afterEach(async () => {
    const pages = opened;
    opened = [];
    await Promise.all(pages.map(async ({ context, app, proxy }) => {
      await context.close();
      await proxy.close();
      await app.close();
    }));
    expect(pages.flatMap((page) => page.problems), 'problems in the page').to.deep.equal([]);
  });

  /** The app behind the proxy (signing `user` in, or nobody), and a fresh browser page on the proxy. */
  async function open(
    user: Record<string, unknown> | undefined,
    options: HarnessOptions & { viewport?: { width: number; height: number } } = {},
  ): Promise<{ page: Page; proxy: AlbProxy; context: BrowserContext }> {
    const { viewport, env, ...harness } = options;
    const app = await startApp({
      ...harness,
      publicDir: ui.dir,
      env: {
        AUTH_MODE: 'alb',
        AUTH_ALB_NAME: TEST_ALB_NAME,
        AUTH_ALB_ACCOUNT: TEST_ACCOUNT,
        AUTH_ALB_REGION: TEST_REGION,
        AUTH_ALB_KEY_ENDPOINT: keyServer.url,
        AUTH_LOGOUT_URL: `${idp.url}/logout?client_id=abc&logout_uri=https://chat.example.com/`,
        ...env,
      },
    });
    const proxy = await AlbProxy.start({ target: app.url, key, user });
    const context = await browser.newContext({ viewport: viewport ?? { width: 1024, height: 768 } });
    const page = await context.newPage();
    opened.push({ context, app, proxy, problems: watchPageProblems(page) });
    return { page, proxy, context };
  }

  it('shows the signed-in user and a sign-out link, and chats through the ALB', async () => {
    const { page } = await open(TEST_USER);
    const response = await page.goto(`${opened[0]!.proxy.url}/`);
    expect(response!.status()).to.equal(200);
    const user = page.locator('#signed-in-user');
    await user.waitFor({ state: 'visible' });
    expect(await user.textContent()).to.equal(`Signed in as ${TEST_USER.name}`);
    expect(await user.getAttribute('title')).to.equal(TEST_USER.email);
    const signOut = page.getByRole('link', { name: 'Sign out' });
    expect(await signOut.isVisible()).to.equal(true);
    expect(await signOut.getAttribute('href')).to.equal('/auth/sign-out');

    await send(page, 'Hello');
    const answer = await waitForAnswer(page, 'done');
    expect(await answer.locator('.turn-body').textContent()).to.contain('Offline provider');
  });

  it('signs out: the ALB session cookies are expired and the browser goes to the IdP logout', async () => {
    const { page, proxy, context } = await open(TEST_USER);
    await context.addCookies([0, 1].map((shard) => ({
      name: `AWSELBAuthSessionCookie-${shard}`,
      value: `session-part-${shard}`,
      url: proxy.url,
      // As the ALB sets them (Chromium treats 127.0.0.1 as a secure context).
      secure: true,
      httpOnly: true,
      sameSite: 'Lax' as const,
    })));
    await page.goto(`${proxy.url}/`);
    await page.locator('#sign-out').waitFor({ state: 'visible' });
    expect((await context.cookies(proxy.url)).map((cookie) => cookie.name).sort()).to.deep.equal(['AWSELBAuthSessionCookie-0', 'AWSELBAuthSessionCookie-1']);

    await page.getByRole('link', { name: 'Sign out' }).click();
    await page.locator('#idp').waitFor();
    expect(page.url()).to.equal(`${idp.url}/logout?client_id=abc&logout_uri=https://chat.example.com/`);
    expect(idp.visits).to.include('/logout?client_id=abc&logout_uri=https://chat.example.com/');
    expect(await context.cookies(proxy.url)).to.deep.equal([], 'the ALB session cookies are gone');
  });

  it('shows the 401 page, and nothing of the chat, without a signed user header', async () => {
    const { page, proxy } = await open(undefined);
    const response = await page.goto(`${proxy.url}/`);
    expect(response!.status()).to.equal(401);
    expect(await page.locator('h1').textContent()).to.equal('Sign-in required');
    expect(await page.locator('#auth-message').textContent()).to.contain('carries no sign-in');
    expect(await page.getByRole('link', { name: 'Sign in again' }).getAttribute('href')).to.equal('/');
    expect(await page.locator('#composer').count()).to.equal(0);
    // Its inline style is allowed by the page's own CSP (a blocked style would log a CSP error).
    expect(await page.locator('body').evaluate((body) => getComputedStyle(body).maxWidth)).to.equal('544px');
    // Signed in later (the ALB now adds the header), the same address shows the chat.
    proxy.user = TEST_USER;
    await page.reload();
    await page.locator('#signed-in-user').waitFor({ state: 'visible' });
  });

  it('says "daily budget reached" with the reset time, without calling the model', async () => {
    const dynamo = await FakeDynamoDb.start({ [TABLE]: 'pk' });
    const logs = captureLogs('silent');
    const spend = new SpendGuard({
      dailyTokenBudget: 1000,
      counter: new DynamoDbTokenCounter({ table: TABLE, region: 'eu-west-1', endpoint: dynamo.url, timeoutMs: 1000, clientOverrides: { credentials: { accessKeyId: 'AKIDFAKE', secretAccessKey: 'fake' } } }),
      cacheMs: 0,
      failMode: 'open',
      readTimeoutMs: 1000,
      logger: logs.logger,
    });
    try {
      // Other pods used the day's budget already.
      dynamo.put(TABLE, { pk: { S: `tokens#${new Date().toISOString().slice(0, 10)}` }, tokens: { N: '1000' } });
      const provider = new RecordingProvider(new LocalProvider({ delayMs: 0 }));
      const { page, proxy } = await open(TEST_USER, { provider, spend });
      await page.goto(`${proxy.url}/`);
      await send(page, 'Hello');
      const failed = await waitForAnswer(page, 'error');
      expect(await failed.locator('.turn-error-message').textContent()).to.equal('Daily budget reached, resets at 00:00 UTC.');
      expect(await failed.locator('.retry').count()).to.equal(0, 'retrying before the reset cannot help');
      expect(provider.requests).to.have.length(0);
    } finally {
      await spend.close(100);
      await dynamo.close();
    }
  });

  it('keeps a long name from widening a phone-width header', async () => {
    const { page, proxy } = await open({ sub: 'u-9', name: `Dr. ${'Bartholomew-'.repeat(8)}Smith`, email: 'b@example.com' }, { viewport: { width: 360, height: 740 } });
    await page.goto(`${proxy.url}/`);
    await page.locator('#signed-in-user').waitFor({ state: 'visible' });
    const sizes = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      signOutRight: document.getElementById('sign-out')!.getBoundingClientRect().right,
    }));
    expect(sizes.document, JSON.stringify(sizes)).to.be.at.most(360);
    expect(sizes.signOutRight, 'Sign out stays on screen').to.be.at.most(360);
  });
});
