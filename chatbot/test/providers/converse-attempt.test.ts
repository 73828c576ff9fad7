import { getEventListeners } from 'node:events';
import type { BedrockRuntimeClient, ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'chai';
import { FirstTokenTimeout } from '../../src/providers/bedrock-errors';
import { ConverseAttempt } from '../../src/providers/converse-attempt';

const INPUT: ConverseStreamCommandInput = { modelId: 'm', messages: [{ role: 'user', content: [{ text: 'hi' }] }] };

/** A client whose call never answers; it rejects with the abort reason once its signal aborts, and keeps the signal. */
function hangingClient(): { client: BedrockRuntimeClient; signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  const client = {
    send: (_command: unknown, options: { abortSignal: AbortSignal }) => {
      signals.push(options.abortSignal);
      return new Promise((_resolve, reject) => {
        if (options.abortSignal.aborted) reject(options.abortSignal.reason);
        options.abortSignal.addEventListener('abort', () => reject(options.abortSignal.reason), { once: true });
      });
    },
  } as unknown as BedrockRuntimeClient;
  return { client, signals };
}

async function failure(attempt: ConverseAttempt, client: BedrockRuntimeClient): Promise<unknown> {
  try {
    await attempt.open(client, INPUT);
  } catch (err) {
    return attempt.cause(err);
  }
  throw new Error('open() should have failed');
}

describe('ConverseAttempt', () => {
  it('stops the call on the first-token timeout, and names that timeout as the cause', async () => {
    const { client, signals } = hangingClient();
    const deadline = new AbortController();
    const attempt = new ConverseAttempt('m', 20, deadline.signal);
    const cause = await failure(attempt, client);
    attempt.close();
    expect(cause).to.be.instanceOf(FirstTokenTimeout);
    expect(signals[0]!.reason).to.equal(cause);
    expect(deadline.signal.aborted).to.equal(false);
  });

  it("stops the call when the answer's deadline aborts, with the deadline's reason", async () => {
    const { client, signals } = hangingClient();
    const deadline = new AbortController();
    const attempt = new ConverseAttempt('m', 60000, deadline.signal);
    const reason = new Error('client left');
    setTimeout(() => deadline.abort(reason), 10);
    expect(await failure(attempt, client)).to.equal(reason);
    expect(signals[0]!.reason).to.equal(reason);
    attempt.close();
  });

  it('never starts a call whose deadline already passed', async () => {
    const { client, signals } = hangingClient();
    const deadline = new AbortController();
    const reason = new Error('too late');
    deadline.abort(reason);
    const attempt = new ConverseAttempt('m', 60000, deadline.signal);
    expect(await failure(attempt, client)).to.equal(reason);
    expect(signals[0]!.aborted).to.equal(true);
    attempt.close();
  });

  it('leaves no listener on the deadline once closed, however many attempts an answer makes', async () => {
    const { client, signals } = hangingClient();
    const deadline = new AbortController();
    for (let i = 0; i < 5; i++) {
      const attempt = new ConverseAttempt('m', 60000, deadline.signal);
      const pending = attempt.open(client, INPUT).catch((err: unknown) => err);
      expect(getEventListeners(deadline.signal, 'abort')).to.have.length(1);
      attempt.close();
      // close() stops the call it leaves behind.
      expect(signals[i]!.aborted).to.equal(true);
      await pending;
      expect(getEventListeners(deadline.signal, 'abort')).to.have.length(0);
    }
    // A deadline that fires after the attempts ended reaches none of them.
    deadline.abort(new Error('later'));
    expect(signals.every((signal) => (signal.reason as Error).message === 'the attempt is over')).to.equal(true);
  });
});
