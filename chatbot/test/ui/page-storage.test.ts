import { expect } from 'chai';
import { send, useChatPages, waitForAnswer } from './support/chat-page';
import { RecordingProvider } from './support/recording-provider';
import { LocalProvider, composeAnswer } from '../../src/providers/local-provider';
import { STORAGE_KEY } from '../../ui/conversation-store';

describe('chat page: conversation kept in the browser (Chromium)', () => {
  const openChat = useChatPages();

  it('survives a reload and is sent whole with the next turn; New chat clears it', async () => {
    const provider = new RecordingProvider(new LocalProvider({ delayMs: 0 }));
    const { page } = await openChat({ provider });
    await send(page, 'remember me');
    await waitForAnswer(page, 'done');

    await page.reload();
    expect(await page.locator('#conversation .turn').count()).to.equal(2);
    expect(await page.locator('#conversation .turn-user').textContent()).to.contain('remember me');
    const restored = await waitForAnswer(page, 'done');
    expect(await restored.locator('.turn-meta .model').textContent()).to.equal('local-offline');
    expect(await page.locator('#empty-state').isVisible()).to.equal(false);

    // The server keeps nothing: the next turn carries the whole conversation from the browser.
    await send(page, 'and me');
    await waitForAnswer(page, 'done');
    expect(provider.requests[1]!.messages).to.deep.equal([
      { role: 'user', content: 'remember me' },
      { role: 'assistant', content: composeAnswer([{ role: 'user', content: 'remember me' }]) },
      { role: 'user', content: 'and me' },
    ]);

    await page.getByRole('button', { name: 'New chat' }).click();
    expect(await page.locator('#conversation .turn').count()).to.equal(0);
    expect(await page.locator('#empty-state').isVisible()).to.equal(true);
    expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).to.equal(null);
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('message');
    await page.reload();
    expect(await page.locator('#conversation .turn').count()).to.equal(0);
  });

  it('keeps a stopped answer as stopped across a reload, and New chat during an answer stops it', async () => {
    const provider = new RecordingProvider(new LocalProvider({ delayMs: 100 }));
    const { page } = await openChat({ provider });
    await send(page, 'first');
    await page.locator('#conversation .turn-assistant .turn-body p').first().waitFor();
    await page.locator('#stop').click();
    await waitForAnswer(page, 'stopped');
    await page.reload();
    const restored = await waitForAnswer(page, 'stopped');
    expect(await restored.locator('.status-stopped').textContent()).to.equal('Stopped');

    await send(page, 'second');
    await page.locator('#conversation .turn-assistant[data-status="streaming"]').waitFor();
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.waitForTimeout(300);
    expect(provider.requests[1]!.signal.aborted).to.equal(true, 'the abandoned answer was aborted upstream');
    expect(await page.locator('#conversation .turn').count()).to.equal(0);
    expect(await page.locator('#send').isVisible()).to.equal(true);
    expect(await page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY)).to.equal(null);
  });

  it('starts empty instead of failing when the stored conversation is corrupt', async () => {
    const { page } = await openChat();
    await page.evaluate((key) => localStorage.setItem(key, '{not json'), STORAGE_KEY);
    await page.reload();
    expect(await page.locator('#conversation .turn').count()).to.equal(0);
    await send(page, 'still works');
    await waitForAnswer(page, 'done');
  });
});
