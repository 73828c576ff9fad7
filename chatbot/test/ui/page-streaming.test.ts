import { expect } from 'chai';
import { LocalProvider, composeAnswer } from '../../src/providers/local-provider';
import { waitFor } from '../support/wait-for';
import { send, useChatPages, waitForAnswer } from './support/chat-page';
import { RecordingProvider } from './support/recording-provider';

describe('chat page: streaming, keyboard and Stop (Chromium)', () => {
  const openChat = useChatPages();

  it('streams the answer in steps, then shows the model and the offline badge', async () => {
    const { page } = await openChat({ provider: new LocalProvider({ delayMs: 15 }) });
    // The header says so too, from GET /api/info.
    await page.locator('#provider-badge').waitFor({ state: 'visible' });
    // Record the answer's length at every DOM change, to see it arrive piece by piece.
    await page.evaluate(() => {
      const lengths: number[] = [];
      (window as unknown as { lengths: number[] }).lengths = lengths;
      new MutationObserver(() => {
        const bodies = document.querySelectorAll('#conversation .turn-assistant .turn-body');
        const length = bodies[bodies.length - 1]?.textContent?.length ?? 0;
        if (length !== lengths[lengths.length - 1]) lengths.push(length);
      }).observe(document.getElementById('conversation')!, { childList: true, subtree: true, characterData: true });
    });

    await send(page, 'What is Koa?');
    await page.locator('#conversation .turn-assistant .turn-body p').first().waitFor();
    expect(await page.locator('#stop').isVisible()).to.equal(true, 'Stop shows while the answer streams');
    expect(await page.locator('#send').isVisible()).to.equal(false);
    expect(await page.locator('#conversation').getAttribute('aria-busy')).to.equal('true');

    const answer = await waitForAnswer(page, 'done');
    const lengths = await page.evaluate(() => (window as unknown as { lengths: number[] }).lengths);
    const growing = lengths.filter((length) => length > 0);
    expect(growing.length).to.be.greaterThan(5, `answer lengths seen: ${lengths.join(', ')}`);
    expect(growing).to.deep.equal([...growing].sort((a, b) => a - b), 'the answer only grows while streaming');
    // Markdown was rendered: the bold label and the quoted question.
    expect(await answer.locator('.turn-body strong').first().textContent()).to.equal('Offline provider');
    expect(await answer.locator('.turn-body blockquote').textContent()).to.contain('What is Koa?');
    expect(await answer.locator('.turn-meta .model').textContent()).to.equal('local-offline');
    expect(await answer.locator('.turn-meta .badge-offline').textContent()).to.equal('Offline provider');
    expect(await answer.locator('.turn-meta .fallback').count()).to.equal(0);
    expect(await page.locator('#conversation .turn-user').textContent()).to.contain('What is Koa?');
    expect(await page.locator('#conversation').getAttribute('aria-busy')).to.equal('false');
    expect(await page.locator('#send').isVisible()).to.equal(true);
    expect(await page.locator('#stop').isVisible()).to.equal(false);
    expect(await page.locator('#message').inputValue()).to.equal('');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('message');
  });

  it('sends on Enter and adds a new line on Shift+Enter', async () => {
    const provider = new RecordingProvider(new LocalProvider({ delayMs: 0 }));
    const { page } = await openChat({ provider });
    const input = page.locator('#message');
    await input.focus();
    await page.keyboard.type('line one');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('line two');
    expect(await input.inputValue()).to.equal('line one\nline two');
    expect(await page.locator('#conversation .turn').count()).to.equal(0, 'Shift+Enter must not send');

    await page.keyboard.press('Enter');
    await waitForAnswer(page, 'done');
    expect(await page.locator('#conversation .turn-user .turn-body').textContent()).to.equal('line one\nline two');
    expect(provider.requests.map((request) => request.messages)).to.deep.equal([[{ role: 'user', content: 'line one\nline two' }]]);
    expect(await input.inputValue()).to.equal('');

    // Enter on a blank message sends nothing.
    await page.keyboard.type('   ');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    expect(provider.requests).to.have.length(1);
  });

  it('Stop aborts the stream: the partial answer stays, marked stopped, and the server sees the abort', async () => {
    const provider = new RecordingProvider(new LocalProvider({ delayMs: 150 }));
    const { page } = await openChat({ provider });
    await send(page, 'Tell me a long story');
    await page.locator('#conversation .turn-assistant .turn-body p').first().waitFor();
    await page.locator('#stop').click();

    const answer = await waitForAnswer(page, 'stopped');
    await waitFor(() => provider.requests[0]?.signal.aborted === true, 5000);
    const partial = (await answer.locator('.turn-body').textContent()) ?? '';
    const full = composeAnswer([{ role: 'user', content: 'Tell me a long story' }]);
    expect(partial.length).to.be.greaterThan(0);
    expect(partial.length).to.be.lessThan(full.length / 2);
    expect(await answer.locator('.turn-meta .status-stopped').textContent()).to.equal('Stopped');
    expect(await page.locator('#stop').isVisible()).to.equal(false);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('message', 'focus returns to the message box');

    await page.waitForTimeout(400); // a few more words' time: nothing more arrives
    expect(await answer.locator('.turn-body').textContent()).to.equal(partial);
  });

  it('labels the controls for assistive technology', async () => {
    const { page } = await openChat();
    expect(await page.getByLabel('Message', { exact: true }).evaluate((element) => element.tagName)).to.equal('TEXTAREA');
    expect(await page.getByRole('button', { name: 'Send' }).isVisible()).to.equal(true);
    expect(await page.getByRole('button', { name: 'New chat' }).isVisible()).to.equal(true);
    const log = page.getByRole('log', { name: 'Conversation' });
    expect(await log.getAttribute('aria-live')).to.equal('polite');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('message', 'the message box has focus on load');
  });
});
