/** Providers for tests: slow, scripted, and recording what they were given. */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatDone, ChatProvider, ChatProviderError, ChatRequest, TextSink } from '../../src/providers/chat-provider';

/** What a scripted provider yields: text, then how the answer ended. */
export type ChatEvent = { readonly type: 'delta'; readonly text: string } | ({ readonly type: 'done' } & ChatDone);

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

  async answer(request: ChatRequest, onText: TextSink): Promise<ChatDone> {
    this.requests.push(request);
    for (let i = 0; i < this.deltas; i++) {
      try {
        await sleep(this.intervalMs, undefined, { signal: request.signal });
      } catch {
        throw new ChatProviderError('aborted', 'aborted', false);
      }
      await onText(`word${i} `);
    }
    return { model: 'slow-model', fallback: false, usage: { inputTokens: 1, outputTokens: this.deltas, totalTokens: this.deltas + 1 }, finishReason: 'end_turn' };
  }
}

/**
 * Runs a script, an async generator of events: it may call the observer or throw; each `delta`
 * goes to the text sink (the script stops there if the sink throws) and the first `done` is how
 * the answer ended. A script that ends without `done` makes the provider resolve with nothing,
 * as a broken provider would.
 */
export class ScriptedProvider implements ChatProvider {
  readonly system = 'aws.bedrock';
  readonly models = ['primary-model', 'fallback-model'];

  constructor(private readonly script: (request: ChatRequest) => AsyncIterable<ChatEvent>) {}

  async answer(request: ChatRequest, onText: TextSink): Promise<ChatDone> {
    for await (const event of this.script(request)) {
      if (event.type === 'done') {
        const { type: _type, ...done } = event;
        return done;
      }
      await onText(event.text);
    }
    return undefined as unknown as ChatDone;
  }
}
