import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'chai';
import { ClientDisconnected } from '../../src/chat/abort-reasons';
import { ChatService, ChatServiceEvent } from '../../src/chat/chat-service';
import { ChatEvent, ChatProviderError, ChatRequest } from '../../src/providers/chat-provider';
import { ChatMetrics } from '../../src/telemetry/chat-metrics';
import { ScriptedProvider } from '../support/fake-providers';
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

async function collect(stream: AsyncIterable<ChatServiceEvent>): Promise<ChatServiceEvent[]> {
  const events: ChatServiceEvent[] = [];
  for await (const event of stream) events.push(event);
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
    const events = await collect(service.answer(turn()));
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
    await collect(service.answer(turn()));
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
    await collect(service.answer(turn()));
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
      await collect(service.answer(turn()));
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
      await collect(service.answer(turn(client.signal)));
    } catch {
      // expected
    }
    const [span] = telemetry.spans;
    expect(span!.status.code).to.equal(SpanStatusCode.UNSET);
    expect(span!.events.map((event) => event.name)).to.deep.equal(['chat.client_disconnected']);
    expect(await telemetry.points('chat.requests')).to.deep.equal([]);
  });

  it('treats a provider that ends without done as a model error', async () => {
    const { service } = setup(async function* () {
      yield { type: 'delta', text: 'x' };
    });
    try {
      await collect(service.answer(turn()));
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
    await collect(service.answer({
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
