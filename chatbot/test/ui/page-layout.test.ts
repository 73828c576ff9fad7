import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { ChatEvent, ScriptedProvider } from '../support/fake-providers';
import { send, useChatPages, waitForAnswer } from './support/chat-page';

/** An answer built to overflow a phone: unbroken words, a long URL, wide code and a wide table. */
const WIDE_ANSWER = [
  `A${'verylongword'.repeat(30)}`,
  '',
  `See https://example.com/${'segment/'.repeat(30)}end`,
  '',
  '```',
  `const x = "${'x'.repeat(300)}";`,
  '```',
  '',
  `| ${Array.from({ length: 12 }, (_, i) => `column ${i}`).join(' | ')} |`,
  `|${' --- |'.repeat(12)}`,
  `| ${Array.from({ length: 12 }, (_, i) => `value ${i}`).join(' | ')} |`,
].join('\n');

async function horizontalOverflow(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => ({
    viewport: window.innerWidth,
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    widestTurnRight: Math.max(...Array.from(document.querySelectorAll('.turn')).map((turn) => turn.getBoundingClientRect().right)),
    widestTurnOverflow: Math.max(...Array.from(document.querySelectorAll('.turn')).map((turn) => turn.scrollWidth - turn.clientWidth)),
    sendRight: document.getElementById('send')!.getBoundingClientRect().right,
  }));
}

describe('chat page: phone width (Chromium)', () => {
  const openChat = useChatPages();

  it('has no horizontal scroll at 360 px, even with wide answers', async () => {
    const provider = new ScriptedProvider(async function* (): AsyncIterable<ChatEvent> {
      yield { type: 'delta', text: WIDE_ANSWER };
      yield { type: 'done', model: 'eu.amazon.nova-lite-v1:0-with-a-long-inference-profile-name', fallback: true, usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, finishReason: 'end_turn' };
    });
    const { page } = await openChat({ provider, viewport: { width: 360, height: 740 } });
    await send(page, `Unbroken: ${'q'.repeat(200)}`);
    await waitForAnswer(page, 'done');

    const sizes = await horizontalOverflow(page);
    expect(sizes.viewport).to.equal(360);
    expect(sizes.document, JSON.stringify(sizes)).to.be.at.most(360);
    expect(sizes.body, JSON.stringify(sizes)).to.be.at.most(360);
    expect(sizes.widestTurnRight, JSON.stringify(sizes)).to.be.at.most(360);
    expect(sizes.widestTurnOverflow, 'turns wrap their text; code and tables scroll inside').to.be.at.most(0);
    expect(sizes.sendRight, 'Send stays on screen').to.be.at.most(360);
    // The wide code block scrolls inside itself instead of widening the page.
    expect(await page.locator('.turn-assistant pre').evaluate((pre) => pre.scrollWidth > pre.clientWidth)).to.equal(true);
  });
});
