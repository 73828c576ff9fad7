import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'chai';
import { BedrockProvider } from '../../src/providers/bedrock-provider';
import { BedrockProviderConfig, ChatDone, ChatMessage, ChatProviderError, ModelCallObserver } from '../../src/providers/chat-provider';
import { recordedAnswer, recordedInvalidModel, replayRecordedAnswer } from '../support/bedrock-fixtures';
import { FakeBedrock } from '../support/fake-bedrock';
import { FALLBACK_MODEL as FALLBACK, PRIMARY_MODEL as PRIMARY, fakeBedrockClient, fakeBedrockConfig } from '../support/fake-bedrock-client';
import { answer, serverError, throttled } from '../support/fake-bedrock-scenarios';
import { waitFor } from '../support/wait-for';

const MESSAGES: ChatMessage[] = [
  { role: 'user', content: 'What is the capital of France?' },
  { role: 'assistant', content: 'Paris.' },
  { role: 'user', content: 'And of Italy?' },
];

type Observed = { retries: Parameters<ModelCallObserver['onRetry']>[0][]; fallbacks: Parameters<ModelCallObserver['onFallback']>[0][] };

/** What the provider handed over, in order: text pieces, then how the answer ended. */
type ChatEvent = { readonly type: 'delta'; readonly text: string } | ({ readonly type: 'done' } & ChatDone);

interface Outcome {
  readonly events: ChatEvent[];
  readonly text: string;
  readonly done?: ChatDone;
  readonly error?: ChatProviderError;
  readonly observed: Observed;
  readonly elapsedMs: number;
}

describe('BedrockProvider (real SDK client against the loopback fake)', () => {
  let fake: FakeBedrock;
  let client: BedrockRuntimeClient;

  before(async () => {
    fake = await FakeBedrock.start();
    client = fakeBedrockClient(fake);
  });
  beforeEach(() => fake.reset());
  after(async () => {
    client.destroy();
    await fake.close();
  });

  function provider(overrides: Partial<BedrockProviderConfig> = {}): BedrockProvider {
    return new BedrockProvider(fakeBedrockConfig(fake, overrides), { client, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  }

  /** Runs one answer to the end (or its error), calling `onEvent` after each event. */
  async function run(
    subject: BedrockProvider,
    options: { signal?: AbortSignal; model?: string; onEvent?: (event: ChatEvent) => void } = {},
  ): Promise<Outcome> {
    const observed: Observed = { retries: [], fallbacks: [] };
    const events: ChatEvent[] = [];
    const started = Date.now();
    let error: ChatProviderError | undefined;
    try {
      const request = {
        messages: MESSAGES,
        model: options.model,
        signal: options.signal ?? new AbortController().signal,
        requestId: 'req-1',
        observer: { onRetry: (info: Observed['retries'][0]) => observed.retries.push(info), onFallback: (info: Observed['fallbacks'][0]) => observed.fallbacks.push(info) },
      };
      const done = await subject.answer(request, (text) => {
        const event: ChatEvent = { type: 'delta', text };
        events.push(event);
        options.onEvent?.(event);
      });
      events.push({ type: 'done', ...done });
      options.onEvent?.(events[events.length - 1]!);
    } catch (err) {
      if (!(err instanceof ChatProviderError)) throw err;
      error = err;
    }
    const text = events.map((event) => (event.type === 'delta' ? event.text : '')).join('');
    const last = events[events.length - 1];
    const done = last?.type === 'done' ? (({ type: _type, ...fields }) => fields)(last) : undefined;
    return { events, text, done, error, observed, elapsedMs: Date.now() - started };
  }

  it('sends the system prompt, inference config, guardrail and conversation, signed with SigV4', async () => {
    fake.script(PRIMARY, answer(['Rome.']));
    await run(provider({ guardrail: { id: 'gr-123', version: '2' } }));
    const [request] = fake.requests;
    expect(request!.path).to.equal('/model/us.amazon.nova-micro-v1%3A0/converse-stream');
    expect(request!.body).to.deep.equal({
      messages: [
        { role: 'user', content: [{ text: 'What is the capital of France?' }] },
        { role: 'assistant', content: [{ text: 'Paris.' }] },
        { role: 'user', content: [{ text: 'And of Italy?' }] },
      ],
      system: [{ text: 'You are a concise assistant.' }],
      inferenceConfig: { maxTokens: 256, temperature: 0.2 },
      guardrailConfig: { guardrailIdentifier: 'gr-123', guardrailVersion: '2', streamProcessingMode: 'sync' },
    });
    expect(request!.headers.authorization).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/us-east-1\/bedrock\/aws4_request, /);
    // The provider owns retries: the SDK is told to make one attempt.
    expect(request!.headers['amz-sdk-request']).to.equal('attempt=1; max=1');
  });

  it('streams text deltas, then done with the serving model, usage and finish reason', async () => {
    fake.script(PRIMARY, answer(['Rome', ' is the capital', ' of Italy.'], { stopReason: 'max_tokens', usage: { inputTokens: 21, outputTokens: 9 } }));
    const outcome = await run(provider());
    expect(outcome.error).to.equal(undefined);
    expect(outcome.events).to.deep.equal([
      { type: 'delta', text: 'Rome' },
      { type: 'delta', text: ' is the capital' },
      { type: 'delta', text: ' of Italy.' },
      { type: 'done', model: PRIMARY, fallback: false, finishReason: 'max_tokens', usage: { inputTokens: 21, outputTokens: 9, totalTokens: 30 } },
    ]);
    expect(outcome.observed).to.deep.equal({ retries: [], fallbacks: [] });
  });

  it('turns the recorded Bedrock stream into the recorded text and usage', async () => {
    const recorded = recordedAnswer();
    fake.script(PRIMARY, replayRecordedAnswer());
    const outcome = await run(provider());
    expect(outcome.text).to.equal(recorded.text);
    expect(outcome.events.filter((event) => event.type === 'delta')).to.have.length(29);
    expect(outcome.done).to.deep.equal({ model: PRIMARY, fallback: false, finishReason: recorded.stopReason, usage: recorded.usage });
  });

  it('retries after throttling and then answers from the same model', async () => {
    fake.script(PRIMARY, throttled(), answer(['ok']));
    const outcome = await run(provider());
    expect(outcome.text).to.equal('ok');
    expect(outcome.done).to.include({ model: PRIMARY, fallback: false });
    expect(fake.requestsFor(PRIMARY)).to.have.length(2);
    expect(fake.requestsFor(FALLBACK)).to.have.length(0);
    expect(outcome.observed.retries).to.have.length(1);
    expect(outcome.observed.retries[0]).to.include({ model: PRIMARY, attempt: 1, reason: 'ThrottlingException' });
    expect(outcome.observed.retries[0]!.delayMs).to.be.within(0, 5);
    expect(outcome.observed.fallbacks).to.deep.equal([]);
  });

  it('falls back to the fallback model when the primary keeps failing with 5xx', async () => {
    fake.always(PRIMARY, serverError(500)).script(FALLBACK, answer(['from', ' fallback']));
    const outcome = await run(provider({ maxRetries: 1 }));
    expect(outcome.text).to.equal('from fallback');
    expect(outcome.done).to.include({ model: FALLBACK, fallback: true });
    expect(fake.requestsFor(PRIMARY)).to.have.length(2);
    expect(fake.requestsFor(FALLBACK)).to.have.length(1);
    expect(outcome.observed.retries.map((retry) => [retry.model, retry.attempt, retry.reason])).to.deep.equal([[PRIMARY, 1, 'InternalServerException']]);
    expect(outcome.observed.fallbacks).to.deep.equal([{ from: PRIMARY, to: FALLBACK, reason: 'InternalServerException' }]);
  });

  it('fails with the last error after the retries of both models', async () => {
    fake.always(PRIMARY, throttled()).always(FALLBACK, serverError(503));
    const outcome = await run(provider({ maxRetries: 2 }));
    expect(outcome.error?.code).to.equal('upstream_unavailable');
    expect(outcome.error?.retryable).to.equal(true);
    expect(outcome.done).to.equal(undefined);
    expect(fake.requestsFor(PRIMARY)).to.have.length(3);
    expect(fake.requestsFor(FALLBACK)).to.have.length(3);
    expect(outcome.observed.retries).to.have.length(4);
    expect(outcome.observed.fallbacks).to.deep.equal([{ from: PRIMARY, to: FALLBACK, reason: 'ThrottlingException' }]);

    fake.reset();
    fake.always(PRIMARY, throttled()).always(FALLBACK, throttled());
    const throttledOutcome = await run(provider({ maxRetries: 0 }));
    expect(throttledOutcome.error?.code).to.equal('throttled');
    expect(fake.requests).to.have.length(2);
  });

  it('retries a stream cut before any text was sent', async () => {
    fake.script(PRIMARY, answer(['lost'], { cutAfterFrames: 1 }), answer(['kept']));
    const outcome = await run(provider());
    expect(outcome.text).to.equal('kept');
    // The SDK either throws the reset or ends the stream without messageStop, depending on timing.
    expect(outcome.observed.retries[0]?.reason).to.be.oneOf(['ERR_HTTP2_STREAM_ERROR', 'incomplete_stream']);
    expect(fake.requestsFor(PRIMARY)).to.have.length(2);
  });

  it('ends with upstream_unavailable when the stream is cut mid-answer: no retry, no fallback', async () => {
    fake.script(PRIMARY, answer(['Rome', ' is', ' the', ' capital'], { cutAfterFrames: 3 }));
    const outcome = await run(provider());
    expect(outcome.text).to.equal('Rome is');
    expect(outcome.error?.code).to.equal('upstream_unavailable');
    expect(outcome.error?.message).to.contain('cut off');
    expect(outcome.done).to.equal(undefined);
    expect(fake.requestsFor(PRIMARY)).to.have.length(1);
    expect(fake.requestsFor(FALLBACK)).to.have.length(0);
    expect(outcome.observed).to.deep.equal({ retries: [], fallbacks: [] });

    fake.reset();
    fake.script(PRIMARY, answer(['Rome', ' is'], { exceptionAfterFrames: { frames: 2, type: 'modelStreamErrorException', message: 'boom' } }));
    const excepted = await run(provider());
    expect(excepted.text).to.equal('Rome');
    expect(excepted.error?.code).to.equal('upstream_unavailable');
    expect(fake.requests).to.have.length(1);
  });

  it('gives up on a model whose first token is too slow and falls back without retrying it', async () => {
    fake.script(PRIMARY, answer(['late'], { firstFrameDelayMs: 5000 })).script(FALLBACK, answer(['quick']));
    const outcome = await run(provider({ firstTokenTimeoutMs: 200 }));
    expect(outcome.text).to.equal('quick');
    expect(outcome.done).to.include({ model: FALLBACK, fallback: true });
    expect(outcome.observed.fallbacks).to.deep.equal([{ from: PRIMARY, to: FALLBACK, reason: 'first_token_timeout' }]);
    expect(outcome.observed.retries).to.deep.equal([]);
    expect(outcome.elapsedMs).to.be.within(190, 2000);
    expect(fake.requestsFor(PRIMARY)).to.have.length(1);
    // The slow attempt was aborted upstream, not left running.
    await waitFor(() => fake.requestsFor(PRIMARY)[0]!.closed, 1000);
    expect(fake.requestsFor(PRIMARY)[0]!.closedByClient).to.equal(true);
  });

  it('stops at the total timeout, even mid-answer', async () => {
    fake.script(PRIMARY, answer(['a', 'b', 'c', 'd', 'e', 'f'], { frameDelayMs: 100 }));
    const outcome = await run(provider({ totalTimeoutMs: 250 }));
    expect(outcome.error?.code).to.equal('upstream_timeout');
    expect(outcome.text.length).to.be.within(1, 3);
    expect(outcome.elapsedMs).to.be.below(1000);
    expect(fake.requests).to.have.length(1);
  });

  it('aborts the upstream call when the client disconnects, and tries nothing more', async () => {
    fake.script(PRIMARY, answer(Array.from({ length: 200 }, (_, i) => `word${i} `), { frameDelayMs: 20 }));
    const controller = new AbortController();
    let deltas = 0;
    const outcome = await run(provider(), {
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'delta' && ++deltas === 2) controller.abort();
      },
    });
    expect(outcome.error?.code).to.equal('aborted');
    expect(outcome.events).to.have.length(2);
    const [upstream] = fake.requests;
    await waitFor(() => upstream!.closed, 500);
    expect(upstream).to.include({ closedByClient: true, completed: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requests).to.have.length(1);
    expect(outcome.observed).to.deep.equal({ retries: [], fallbacks: [] });
  });

  it('stops waiting out a retry pause when the client disconnects', async () => {
    fake.always(PRIMARY, throttled());
    const controller = new AbortController();
    const subject = new BedrockProvider(
      { region: 'us-east-1', primaryModelId: PRIMARY, fallbackModelId: FALLBACK, systemPrompt: '', maxTokens: 10, temperature: 0, firstTokenTimeoutMs: 1000, totalTimeoutMs: 20000, maxRetries: 3 },
      { client, retry: { baseDelayMs: 10000, maxDelayMs: 10000, random: () => 0.99 } },
    );
    setTimeout(() => controller.abort(), 150);
    const outcome = await run(subject, { signal: controller.signal });
    expect(outcome.error?.code).to.equal('aborted');
    expect(outcome.elapsedMs).to.be.below(1000);
    expect(outcome.observed.retries).to.have.length(1);
    expect(fake.requests).to.have.length(1);
  });

  it('closes the upstream stream when the caller stops reading early', async () => {
    fake.script(PRIMARY, answer(Array.from({ length: 200 }, (_, i) => `word${i} `), { frameDelayMs: 20 }));
    const stopped = new Error('the caller stopped reading');
    const texts: string[] = [];
    const failure = await provider().answer(
      { messages: MESSAGES, signal: new AbortController().signal, requestId: 'r', observer: { onRetry: () => undefined, onFallback: () => undefined } },
      (text) => {
        texts.push(text);
        throw stopped;
      },
    ).then(() => undefined, (err: unknown) => err);
    // What the sink threw comes back as it is: not classified, retried or sent to the fallback.
    expect(failure).to.equal(stopped);
    expect(texts).to.deep.equal(['word0 ']);
    expect(fake.requests).to.have.length(1);
    await waitFor(() => fake.requests[0]?.closed === true, 1000);
    expect(fake.requests[0]!.closedByClient).to.equal(true);
  });

  it("rejects with what a slow consumer's wait rejected with, after text: no retry, no fallback", async () => {
    fake.script(PRIMARY, answer(['a ', 'b ', 'c ']));
    const gone = new Error('the client went away while we waited');
    const failure = await provider().answer(
      { messages: MESSAGES, signal: new AbortController().signal, requestId: 'r', observer: { onRetry: () => expect.fail('retried'), onFallback: () => expect.fail('fell back') } },
      (text) => (text === 'b ' ? Promise.reject(gone) : undefined),
    ).then(() => undefined, (err: unknown) => err);
    expect(failure).to.equal(gone);
    expect(fake.requests).to.have.length(1);
  });

  it('reports an invalid model id (recorded HTTP 400) as model_error, without retry or fallback', async () => {
    fake.always(PRIMARY, recordedInvalidModel());
    const outcome = await run(provider());
    expect(outcome.error?.code).to.equal('model_error');
    expect(outcome.error?.retryable).to.equal(false);
    expect(outcome.error?.message).to.contain(PRIMARY);
    expect((outcome.error?.cause as Error).message).to.equal('The provided model identifier is invalid.');
    expect(fake.requests).to.have.length(1);
    expect(outcome.observed).to.deep.equal({ retries: [], fallbacks: [] });

    fake.reset();
    fake.always(PRIMARY, { kind: 'error', status: 400, errorType: 'ValidationException', message: 'The provided model identifier is invalid.' });
    const named = await run(provider());
    expect(named.error?.code).to.equal('model_error');
    expect(named.error?.message).to.contain('ValidationException');
    expect(fake.requests).to.have.length(1);
  });

  it('offers the primary then the fallback model, and answers one the client names', async () => {
    expect(provider().models).to.deep.equal([PRIMARY, FALLBACK]);
    expect(provider({ fallbackModelId: undefined }).models).to.deep.equal([PRIMARY]);
    expect(provider().system).to.equal('aws.bedrock');
    fake.script(FALLBACK, answer(['lite']));
    const chosen = await run(provider(), { model: FALLBACK });
    expect(chosen.done).to.include({ model: FALLBACK, fallback: false });
    expect(fake.requestsFor(PRIMARY)).to.have.length(0);
    const unknown = await run(provider(), { model: 'anthropic.claude-v2' });
    expect(unknown.error?.code).to.equal('bad_request');
    expect(fake.requests).to.have.length(1);
  });
});
