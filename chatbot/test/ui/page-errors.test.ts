import { expect } from 'chai';
import { send, useChatPages, waitForAnswer } from './support/chat-page';
import { RecordingProvider } from './support/recording-provider';
import { ChatProviderError, ChatRequest } from '../../src/providers/chat-provider';
import { LocalProvider, composeAnswer } from '../../src/providers/local-provider';
import { ChatEvent, ScriptedProvider } from '../support/fake-providers';

/** Fails the first call as throttled; the second is answered by the fallback model. */
function throttledOnce(): RecordingProvider {
  let calls = 0;
  return new RecordingProvider(new ScriptedProvider(async function* (_request: ChatRequest): AsyncIterable<ChatEvent> {
    calls += 1;
    if (calls === 1) throw new ChatProviderError('throttled', 'ThrottlingException: rate exceeded for arn:aws:bedrock:...', true);
    yield { type: 'delta', text: 'Recovered ' };
    yield { type: 'delta', text: 'answer.' };
    yield { type: 'done', model: 'eu.amazon.nova-lite-v1:0', fallback: true, usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 }, finishReason: 'end_turn' };
  }));
}

describe('chat page: errors and retry (Chromium)', () => {
  const openChat = useChatPages();

  it('shows the error event inline, and Retry sends the same conversation again', async () => {
    const provider = throttledOnce();
    const { page } = await openChat({ provider });
    await send(page, 'Hello');

    const failed = await waitForAnswer(page, 'error');
    const alert = failed.locator('.turn-error[role="alert"]');
    // The server's fixed, user-facing message; upstream details stay in the logs.
    expect(await alert.locator('.turn-error-message').textContent()).to.equal('The model is busy right now. Please try again in a moment.');
    expect(await alert.textContent()).not.to.contain('arn:aws');

    await alert.getByRole('button', { name: 'Retry' }).click();
    const answer = await waitForAnswer(page, 'done');
    expect(provider.requests).to.have.length(2);
    expect(provider.requests[1]!.messages).to.deep.equal(provider.requests[0]!.messages);
    expect(provider.requests[1]!.messages).to.deep.equal([{ role: 'user', content: 'Hello' }]);
    expect(await page.locator('#conversation .turn-assistant').count()).to.equal(1, 'the failed answer is replaced');
    expect(await page.locator('#conversation .turn-error').count()).to.equal(0);
    expect(await answer.locator('.turn-body').textContent()).to.contain('Recovered answer.');
    // Model and fallback per answer, and no offline badge for a real model.
    expect(await answer.locator('.turn-meta').textContent()).to.equal('eu.amazon.nova-lite-v1:0 · fallback');
    expect(await answer.locator('.badge-offline').count()).to.equal(0);
    expect(await page.locator('#provider-badge').isVisible()).to.equal(false);
  });

  it('shows a 4xx refusal with the server message and offers no Retry for it', async () => {
    const { page } = await openChat({ provider: new LocalProvider({ delayMs: 0 }), env: { MAX_MESSAGES: '2' } });
    await send(page, 'first');
    await waitForAnswer(page, 'done');
    await send(page, 'second'); // user, assistant, user: one message over the limit

    const refused = await waitForAnswer(page, 'error');
    expect(await refused.locator('.turn-error-message').textContent())
      .to.equal('messages has 3 items; at most 2 are allowed: start a new conversation');
    expect(await refused.locator('.retry').count()).to.equal(0, 'sending the same conversation again cannot help');

    await page.getByRole('button', { name: 'New chat' }).click();
    await send(page, 'third');
    await waitForAnswer(page, 'done');
    expect(await page.locator('#conversation .turn').count()).to.equal(2);
  });

  it('shows a rate limit (429) and Retry works once the server accepts again', async () => {
    const provider = new RecordingProvider(new LocalProvider({ delayMs: 0 }));
    let now = 0; // the rate limit's clock, moved by hand
    const { page } = await openChat({ provider, clock: () => now, env: { RATE_LIMIT_BURST: '1', RATE_LIMIT_PER_MINUTE: '1' } });
    await send(page, 'one');
    await waitForAnswer(page, 'done');
    await send(page, 'two');

    const limited = await waitForAnswer(page, 'error');
    expect(await limited.locator('.turn-error-message').textContent()).to.equal('Too many requests: try again in 60 s');
    now += 60000;
    await limited.getByRole('button', { name: 'Retry' }).click();
    await waitForAnswer(page, 'done');
    expect(provider.requests.map((request) => request.messages.map((message) => message.content))).to.deep.equal([
      ['one'],
      ['one', composeAnswer([{ role: 'user', content: 'one' }]), 'two'],
    ]);
  });

  it('keeps the text that arrived when the answer fails part-way, and offers Retry', async () => {
    const failing = new ScriptedProvider(async function* (): AsyncIterable<ChatEvent> {
      yield { type: 'delta', text: 'Half an ' };
      throw new Error('a provider bug'); // not a ChatProviderError: the server says `internal`
    });
    const { page } = await openChat({ provider: failing });
    await send(page, 'Hi');
    const failed = await waitForAnswer(page, 'error');
    expect(await failed.locator('.turn-body').textContent()).to.contain('Half an');
    expect(await failed.locator('.turn-error-message').textContent()).to.equal('Something went wrong while answering. Please try again.');
    expect(await failed.locator('.retry').count()).to.equal(1);
  });
});
