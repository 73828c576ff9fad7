import { expect } from 'chai';
import { LocalProvider } from '../../src/providers/local-provider';
import { ChatEvent, ScriptedProvider } from '../support/fake-providers';
import { send, useChatPages, waitForAnswer } from './support/chat-page';

/** What a prompt-injected model might write: every line tries to run script or load something. */
const HOSTILE_ANSWER = [
  'Plain <img src=x onerror=alert(1)> text',
  '',
  '<script>alert(2)</script>',
  '',
  '<iframe src="javascript:alert(3)"></iframe> <svg onload=alert(4)></svg>',
  '',
  '[click me](javascript:alert(5)) and [data](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)',
  '',
  '[upper](JaVaScRiPt:alert(7)) [spaced](java\tscript:alert(8)) <javascript:alert(9)> [ref][r]',
  '',
  '[r]: javascript:alert(10)',
  '',
  '![pixel](https://tracker.example/p.png) [safe](https://example.com/docs) mail@example.com https://bare.example/path javascript:alert(11)',
].join('\n');

describe('chat page: Markdown cannot inject HTML (Chromium)', () => {
  const openChat = useChatPages();

  it('shows hostile Markdown from the model as text and keeps only http(s)/mailto links', async () => {
    const provider = new ScriptedProvider(async function* (): AsyncIterable<ChatEvent> {
      // Split mid-tag, as a model's tokens would be: the page must not be fooled by the pieces.
      for (const piece of HOSTILE_ANSWER.match(/[\s\S]{1,7}/g)!) yield { type: 'delta', text: piece };
      yield { type: 'done', model: 'primary-model', fallback: false, usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 }, finishReason: 'end_turn' };
    });
    const { page, problems } = await openChat({ provider });
    await send(page, 'Say something nasty');
    const answer = await waitForAnswer(page, 'done');
    await page.waitForTimeout(200); // time for an injected handler to fire, if one got in

    const conversation = page.locator('#conversation');
    for (const tag of ['img', 'script', 'iframe', 'svg', 'object', 'embed']) {
      expect(await conversation.locator(tag).count()).to.equal(0, `no <${tag}> in the conversation`);
    }
    expect(await conversation.locator('[onerror], [onload], [style]').count()).to.equal(0);
    const text = (await answer.locator('.turn-body').textContent()) ?? '';
    expect(text).to.contain('Plain <img src=x onerror=alert(1)> text');
    expect(text).to.contain('<script>alert(2)</script>');
    expect(text).to.contain('[click me](javascript:alert(5))');

    const links = await answer.locator('a').evaluateAll((anchors) => anchors.map((anchor) => ({
      href: anchor.getAttribute('href'),
      target: anchor.getAttribute('target'),
      rel: anchor.getAttribute('rel'),
    })));
    expect(links.map((link) => link.href)).to.deep.equal([
      'https://tracker.example/p.png', // the image became a plain link: images are off
      'https://example.com/docs',
      'mailto:mail@example.com',
      'https://bare.example/path', // linkify: bare URLs with a scheme become links
    ]);
    for (const link of links) expect(link).to.include({ target: '_blank', rel: 'noopener noreferrer' });
    expect(problems).to.deep.equal([], 'no dialog, no error, no CSP violation');
  });

  it('shows the user’s own HTML as text', async () => {
    const { page } = await openChat({ provider: new LocalProvider({ delayMs: 0 }) });
    await send(page, '<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    await waitForAnswer(page, 'done');
    expect(await page.locator('#conversation .turn-user .turn-body').textContent()).to.equal('<img src=x onerror=alert(1)> [x](javascript:alert(1))');
    // The offline provider quotes the question back as Markdown: still text, no live link.
    expect(await page.locator('#conversation img').count()).to.equal(0);
    expect(await page.locator('#conversation a').count()).to.equal(0);
    expect(await page.locator('#conversation .turn-assistant blockquote').textContent()).to.contain('<img src=x onerror=alert(1)>');
  });
});
