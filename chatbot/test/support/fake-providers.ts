/** Providers for tests: slow, scripted, and recording what they were given. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatEvent, ChatProvider, ChatProviderError, ChatRequest } from '../../src/providers/chat-provider';

/**
 * Streams `deltas` words, one every `intervalMs`, then `done`; honours the abort signal and
 * records every request so tests can check that it was aborted.
 */
export class SlowProvider implements ChatProvider {
  readonly system = 'local';
  readonly models = ['slow-model'];
  readonly requests: ChatRequest[] = [];

  constructor(private readonly intervalMs: number, private readonly deltas = 1000) {}

  /** Resolves once the latest request's signal has fired. */
  whenAborted(): Promise<void> {
    const signal = this.requests[this.requests.length - 1]!.signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    this.requests.push(request);
    for (let i = 0; i < this.deltas; i++) {
      try {
        await sleep(this.intervalMs, undefined, { signal: request.signal });
      } catch {
        throw new ChatProviderError('aborted', 'aborted', false);
      }
      yield { type: 'delta', text: `word${i} ` };
    }
    yield { type: 'done', model: 'slow-model', fallback: false, usage: { inputTokens: 1, outputTokens: this.deltas, totalTokens: this.deltas + 1 }, finishReason: 'end_turn' };
  }
}

/** Runs a scripted sequence: calls the observer, yields the events, or throws the error. */
export class ScriptedProvider implements ChatProvider {
  readonly system = 'aws.bedrock';
  readonly models = ['primary-model', 'fallback-model'];

  constructor(private readonly script: (request: ChatRequest) => AsyncIterable<ChatEvent>) {}

  stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    return this.script(request);
  }
}
