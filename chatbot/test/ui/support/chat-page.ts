/**
 * A fixture for browser tests: builds the UI and launches Chromium once per suite, then opens the
 * chat page of a fresh app (real createApp, any provider) in a fresh browser context per test.
 * After each test it closes them and fails the test if the page threw, logged an error (CSP
 * violations are logged errors) or opened a dialog (an injected `alert` would).
 */
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { BuiltUi, buildUi } from './ui-build';
import { AppHarness, HarnessOptions, startApp } from '../../support/app-harness';

export interface ChatPageOptions extends HarnessOptions {
  /** @default 1024 x 768 */
  readonly viewport?: { readonly width: number; readonly height: number };
}

export interface ChatPage {
  readonly app: AppHarness;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors, console errors and dialogs seen so far. */
  readonly problems: string[];
}

/** The browser logs every 4xx/5xx fetch like this; the tests provoke some on purpose. */
const HTTP_STATUS_LOG = /^Failed to load resource: the server responded with a status of \d+/;

/** Registers the suite's hooks; returns the function that opens a chat page. */
export function useChatPages(): (options?: ChatPageOptions) => Promise<ChatPage> {
  let browser: Browser | undefined;
  let ui: BuiltUi | undefined;
  let opened: ChatPage[] = [];

  before(async function () {
    this.timeout(60000);
    ui = await buildUi();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await ui?.remove();
  });
  afterEach(async () => {
    const pages = opened;
    opened = [];
    await Promise.all(pages.map(async ({ context, app }) => {
      await context.close();
      await app.close();
    }));
    expect(pages.flatMap((page) => page.problems), 'problems in the page').to.deep.equal([]);
  });

  return async (options = {}) => {
    const { viewport, ...harness } = options;
    const app = await startApp({ ...harness, publicDir: ui!.dir });
    const context = await browser!.newContext({ viewport: viewport ?? { width: 1024, height: 768 } });
    const page = await context.newPage();
    const chatPage = { app, context, page, problems: watchPageProblems(page) };
    opened.push(chatPage);
    await page.goto(`${app.url}/`);
    return chatPage;
  };
}

/**
 * Records what should fail a test: uncaught errors, console errors other than the browser's own
 * line for a 4xx/5xx fetch (CSP violations are console errors), and dialogs (dismissed).
 */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !HTTP_STATUS_LOG.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

/** Types `text` into the message box and presses Enter. */
export async function send(page: Page, text: string): Promise<void> {
  await page.locator('#message').fill(text);
  await page.locator('#message').press('Enter');
}

/** The latest answer. */
export function lastAnswer(page: Page): Locator {
  return page.locator('#conversation .turn-assistant').last();
}

/** Waits until the latest answer has `status` (done, stopped, error) and returns it. */
export async function waitForAnswer(page: Page, status: string, timeout = 10000): Promise<Locator> {
  await page.waitForFunction((wanted) => {
    const answers = document.querySelectorAll('#conversation .turn-assistant');
    return answers[answers.length - 1]?.getAttribute('data-status') === wanted;
  }, status, { timeout });
  return lastAnswer(page);
}
