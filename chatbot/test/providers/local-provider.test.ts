import { expect } from 'chai';
import { ChatMessage, ChatProviderError, ChatRequest } from '../../src/providers/chat-provider';
import { LOCAL_MODEL_ID, LocalProvider, composeAnswer } from '../../src/providers/local-provider';
import type { ChatEvent } from '../support/fake-providers';

const observer = { onRetry: () => undefined, onFallback: () => undefined };

function request(messages: ChatMessage[], signal = new AbortController().signal, model?: string): ChatRequest {
  return { messages, signal, requestId: 'r', observer, model };
}

/** The text pieces the provider hands over, then how the answer ended, as events. */
async function collect(provider: LocalProvider, chatRequest: ChatRequest): Promise<ChatEvent[]> {
  const result: ChatEvent[] = [];
  const done = await provider.answer(chatRequest, (text) => {
    result.push({ type: 'delta', text });
  });
  result.push({ type: 'done', ...done });
  return result;
}

describe('LocalProvider', () => {
  it('is labelled as the offline provider', () => {
    const provider = new LocalProvider({ delayMs: 0 });
    expect(provider.system).to.equal('local');
    expect(provider.models).to.deep.equal([LOCAL_MODEL_ID]);
    expect(LOCAL_MODEL_ID).to.equal('local-offline');
    expect(composeAnswer([{ role: 'user', content: 'x' }])).to.contain('**Offline provider**');
  });

  it('streams the answer word by word, then done', async () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'What is a token bucket?' }];
    const events = await collect(new LocalProvider({ delayMs: 0 }), request(messages));
    const deltas = events.filter((event) => event.type === 'delta');
    expect(deltas.length).to.be.greaterThan(20);
    expect(deltas.every((event) => event.text.trim().split(/\s+/).length === 1)).to.equal(true);
    expect(deltas.map((event) => event.text).join('')).to.equal(composeAnswer(messages));
    expect(events[events.length - 1]).to.deep.equal({
      type: 'done',
      model: 'local-offline',
      fallback: false,
      finishReason: 'end_turn',
      usage: { inputTokens: 5, outputTokens: deltas.length, totalTokens: 5 + deltas.length },
    });
  });

  it('is deterministic and reflects the question as a Markdown quote', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'line one\nline two' }];
    expect(composeAnswer(messages)).to.equal(composeAnswer([...messages]));
    expect(composeAnswer(messages)).to.contain('> line one\n> line two');
    expect(composeAnswer([{ role: 'user', content: 'other' }])).not.to.equal(composeAnswer(messages));
  });

  it('waits between words and stops when aborted', async () => {
    const controller = new AbortController();
    const provider = new LocalProvider({ delayMs: 20 });
    const started = Date.now();
    const seen: string[] = [];
    let error: unknown;
    try {
      await provider.answer(request([{ role: 'user', content: 'hi' }], controller.signal), (text) => {
        seen.push(text);
        if (seen.length === 3) controller.abort();
      });
    } catch (err) {
      error = err;
    }
    expect(seen).to.have.length(3);
    expect(Date.now() - started).to.be.at.least(55);
    expect(error).to.be.instanceOf(ChatProviderError);
    expect((error as ChatProviderError).code).to.equal('aborted');
  });

  it('refuses a model it does not have', async () => {
    try {
      await collect(new LocalProvider({ delayMs: 0 }), request([{ role: 'user', content: 'x' }], undefined, 'other'));
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as ChatProviderError).code).to.equal('bad_request');
    }
  });
});
