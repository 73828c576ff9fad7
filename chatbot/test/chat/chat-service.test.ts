import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { ClientDisconnected } from '../../src/chat/abort-reasons';
import { ChatAnswer, ChatService, ChatTurn } from '../../src/chat/chat-service';
import { ChatProviderError, ChatRequest } from '../../src/providers/chat-provider';
import { ChatMetrics } from '../../src/telemetry/chat-metrics';
import { ChatEvent, ScriptedProvider } from '../support/fake-providers';
import { TelemetryCapture } from '../support/telemetry-capture';

const USAGE = { inputTokens: 12, outputTokens: 7, totalTokens: 19 };

/** A clock that advances 100 ms on every read. */
function steppingClock(): () => number {
  let now = 0;
  return () => (now += 100);
}

function setup(script: (request: ChatRequest) => AsyncIterable<ChatEvent>) {
  const telemetry = new TelemetryCapture();
  const provider = new ScriptedProvider(script);
  const service = new ChatService({ provider, metrics: new ChatMetrics(telemetry.meter), tracer: telemetry.tracer, clock: steppingClock() });
  return { telemetry, service, provider };
}

type Collected = { readonly type: 'delta'; readonly text: string } | ({ readonly type: 'done' } & ChatAnswer);

/** The text the service hands over, then the answer it resolves with. */
async function collect(service: ChatService, chatTurn: ChatTurn): Promise<Collected[]> {
  const events: Collected[] = [];
  const answer = await service.answer(chatTurn, (text) => {
    events.push({ type: 'delta', text });
  });
  events.push({ type: 'done', ...answer });
  return events;
}

const turn = (signal = new AbortController().signal) => ({ messages: [{ role: 'user' as const, content: 'hi' }], requestId: 'req-1', signal });

describe('ChatService', () => {
  it('records a GenAI client span with the request and response attributes', async () => {
    const { telemetry, service } = setup(async function* () {
      yield { type: 'delta', text: 'Hel' };
      yield { type: 'delta', text: 'lo' };
      yield { type: 'done', model: 'primary-model', fallback: false, usage: USAGE, finishReason: 'end_turn' };
    });
    const events = await collect(service, (turn()));
    expect(events.map((event) => event.type)).to.deep.equal(['delta', 'delta', 'done']);
    // Clock reads: start (100), first token (200), done (300).
    expect(events[2]).to.include({ model: 'primary-model', fallback: false, latencyMs: 200 });
    const [span] = telemetry.spans;
    expect(span!.name).to.equal('chat primary-model');
    expect(span!.kind).to.equal(SpanKind.CLIENT);
    expect(span!.attributes).to.deep.equal({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'aws.bedrock',
      'gen_ai.request.model': 'primary-model',
      'gen_ai.response.model': 'primary-model',
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 7,
      'gen_ai.response.finish_reasons': ['end_turn'],
    });
    expect(span!.status.code).to.equal(SpanStatusCode.UNSET);
  });

  it('turns retries and the fallback into span events and counts a fallback outcome', async () => {
    const { telemetry, service } = setup(async function* (request) {
      request.observer.onRetry({ model: 'primary-model', attempt: 1, reason: 'ThrottlingException', delayMs: 50 });
      request.observer.onFallback({ from: 'primary-model', to: 'fallback-model', reason: 'ThrottlingException' });
      yield { type: 'delta', text: 'ok' };
      yield { type: 'done', model: 'fallback-model', fallback: true, usage: USAGE, finishReason: 'end_turn' };
    });
    await collect(service, (turn()));
    const [span] = telemetry.spans;
    expect(span!.events.map((event) => [event.name, event.attributes])).to.deep.equal([
      ['gen_ai.retry', { model: 'primary-model', attempt: 1, reason: 'ThrottlingException', delay_ms: 50 }],
      ['gen_ai.fallback', { from: 'primary-model', to: 'fallback-model', reason: 'ThrottlingException' }],
    ]);
    expect(span!.attributes['gen_ai.response.model']).to.equal('fallback-model');
    const requests = await telemetry.points('chat.requests');
    expect(requests.map((point) => [point.attributes, point.value])).to.deep.equal([[{ outcome: 'fallback' }, 1]]);
    const firstToken = await telemetry.points('gen_ai.server.time_to_first_token');
    expect(firstToken[0]!.attributes).to.deep.equal({ 'gen_ai.system': 'aws.bedrock', 'gen_ai.response.model': 'fallback-model' });
  });

  it('records duration, time to first token (seconds) and tokens by type', async () => {
    const { telemetry, service } = setup(async function* () {
      yield { type: 'delta', text: 'x' };
      yield { type: 'done', model: 'primary-model', fallback: false, usage: USAGE, finishReason: 'end_turn' };
    });
    await collect(service, (turn()));
    const [duration] = await telemetry.points('chat.request.duration');
    expect(duration!.attributes).to.deep.equal({ outcome: 'success' });
    expect((duration!.value as { sum: number }).sum).to.be.closeTo(0.3, 1e-9);
    const [firstToken] = await telemetry.points('gen_ai.server.time_to_first_token');
    expect((firstToken!.value as { sum: number }).sum).to.be.closeTo(0.1, 1e-9);
    const tokens = await telemetry.points('gen_ai.client.token.usage');
    expect(tokens.map((point) => [point.attributes['gen_ai.token.type'], point.attributes['gen_ai.response.model'], point.value])).to.deep.equal([
      ['input', 'primary-model', 12],
      ['output', 'primary-model', 7],
    ]);
  });

  it('marks the span as an error, records the exception and counts an error outcome', async () => {
    const { telemetry, service } = setup(async function* () {
      yield { type: 'delta', text: 'partial' };
      throw new ChatProviderError('upstream_unavailable', 'both models failed', true);
    });
    let caught: unknown;
    try {
      await collect(service, (turn()));
    } catch (err) {
      caught = err;
    }
    expect(caught).to.be.instanceOf(ChatProviderError);
    const [span] = telemetry.spans;
    expect(span!.status).to.deep.equal({ code: SpanStatusCode.ERROR, message: 'both models failed' });
    expect(span!.attributes['error.type']).to.equal('upstream_unavailable');
    expect(span!.events.map((event) => event.name)).to.deep.equal(['exception']);
    const requests = await telemetry.points('chat.requests');
    expect(requests.map((point) => point.attributes)).to.deep.equal([{ outcome: 'error' }]);
  });

  it('does not count an answer the client abandoned as a failure', async () => {
    const client = new AbortController();
    const { telemetry, service } = setup(async function* (request) {
      yield { type: 'delta', text: 'x' };
      client.abort(new ClientDisconnected());
      if (request.signal.aborted) throw new ChatProviderError('aborted', 'aborted', false);
    });
    try {
      await collect(service, (turn(client.signal)));
    } catch {
      // expected
    }
    const [span] = telemetry.spans;
    expect(span!.status.code).to.equal(SpanStatusCode.UNSET);
    expect(span!.events.map((event) => event.name)).to.deep.equal(['chat.client_disconnected']);
    expect(await telemetry.points('chat.requests')).to.deep.equal([]);
  });

  it('waits for a slow consumer before it reads more from the provider', async () => {
    let read = 0;
    const { service } = setup(async function* () {
      read++;
      yield { type: 'delta', text: 'a' };
      read++;
      yield { type: 'delta', text: 'b' };
      yield { type: 'done', model: 'primary-model', fallback: false, usage: USAGE, finishReason: 'end_turn' };
    });
    let release!: () => void;
    const texts: string[] = [];
    const answered = service.answer(turn(), (text) => {
      texts.push(text);
      if (text === 'a') return new Promise<void>((resolve) => { release = resolve; });
      return undefined;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect({ texts, read }).to.deep.equal({ texts: ['a'], read: 1 });
    release();
    expect((await answered).model).to.equal('primary-model');
    expect(texts).to.deep.equal(['a', 'b']);
  });

  it('stops reading once the turn aborts, even from a provider that ignores the signal', async () => {
    const client = new AbortController();
    let afterAbort = 0;
    const { telemetry, service } = setup(async function* () {
      yield { type: 'delta', text: 'x' };
      for (;;) {
        afterAbort++;
        yield { type: 'delta', text: 'y' };
      }
    });
    const texts: string[] = [];
    const failure = await service.answer(turn(client.signal), (text) => {
      texts.push(text);
      client.abort(new ClientDisconnected());
    }).then(() => undefined, (err: unknown) => err);
    expect(failure).to.be.instanceOf(ClientDisconnected);
    expect(texts).to.deep.equal(['x']);
    expect(afterAbort).to.equal(0);
    expect(telemetry.spans[0]!.events.map((event) => event.name)).to.deep.equal(['chat.client_disconnected']);
  });

  it('treats a provider that ends without done as a model error', async () => {
    const { service } = setup(async function* () {
      yield { type: 'delta', text: 'x' };
    });
    try {
      await collect(service, (turn()));
      expect.fail('should have thrown');
    } catch (err) {
      expect((err as ChatProviderError).code).to.equal('model_error');
    }
  });

  it('passes a normalised conversation (alternating, starting with the user) to the provider', async () => {
    let seen: ChatRequest | undefined;
    const { service } = setup(async function* (request) {
      seen = request;
      yield { type: 'done', model: 'primary-model', fallback: false, usage: USAGE, finishReason: 'end_turn' };
    });
    await collect(service, ({
      ...turn(),
      model: 'fallback-model',
      messages: [
        { role: 'assistant', content: 'Hi! Ask me anything.' },
        { role: 'user', content: 'first try' },
        { role: 'user', content: 'second try' },
      ],
    }));
    expect(seen!.messages).to.deep.equal([{ role: 'user', content: 'first try\n\nsecond try' }]);
    expect(seen!.model).to.equal('fallback-model');
    expect(seen!.requestId).to.equal('req-1');
  });
});
