/**
 * End to end: the real telemetry SDK (src/telemetry/sdk.ts) exports over OTLP/HTTP to a loopback
 * receiver while the real app answers chats on the offline provider. What arrives is what the
 * collector, X-Ray and the SLO alarms get.
 */
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '../../src/logger';
import { ChatProviderError } from '../../src/providers/chat-provider';
import { LocalProvider } from '../../src/providers/local-provider';
import type { Telemetry } from '../../src/telemetry/sdk';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { ScriptedProvider } from '../support/fake-providers';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND } from '../support/otlp-receiver';
import { parseSse } from '../support/sse';
import { startTestTelemetry } from '../support/test-telemetry';
import { waitFor } from '../support/wait-for';

describe('telemetry end to end (offline provider)', () => {
  let receiver: OtlpReceiver;
  let telemetry: Telemetry;
  let app: AppHarness;

  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
    // Telemetry first, then the app: the chat instruments are taken from the global meter.
    telemetry = await startTestTelemetry(receiver.url);
    app = await startApp();
  });

  afterEach(async () => {
    await app.close();
    await telemetry.shutdown();
    await receiver.close();
  });

  /** Flushes until `name` arrived (the server span ends a moment after the client has read the answer). */
  async function spanArrives(name: string, count = 1): Promise<ReceivedSpan[]> {
    await waitFor(() => {
      void telemetry.forceFlush();
      return receiver.spansNamed(name).length >= count;
    }, 5000);
    return receiver.spansNamed(name);
  }

  function serverSpanFor(path: string): ReceivedSpan | undefined {
    return receiver.spans.find((span) => span.kind === SPAN_KIND.server && span.attributes['url.path'] === path);
  }

  it('traces a chat as an HTTP server span with the GenAI client span `chat local-offline` under it', async () => {
    const response = await postChat(app.url, ask('What is OpenTelemetry?'));
    const done = parseSse(await response.text()).find((event) => event.event === 'done')!;
    expect(done.data.model).to.equal('local-offline');

    const [chat] = await spanArrives('chat local-offline');
    await waitFor(() => serverSpanFor('/api/chat') !== undefined, 5000);
    const server = serverSpanFor('/api/chat')!;

    expect(server.attributes['http.request.method']).to.equal('POST');
    expect(server.attributes['http.response.status_code']).to.equal(200);
    expect(chat!.kind).to.equal(SPAN_KIND.client);
    expect(chat!.traceId).to.equal(server.traceId);
    expect(chat!.parentSpanId).to.equal(server.spanId);
    expect(chat!.attributes).to.deep.include({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'local',
      'gen_ai.request.model': 'local-offline',
      'gen_ai.response.model': 'local-offline',
      'gen_ai.usage.input_tokens': done.data.usage.inputTokens,
      'gen_ai.usage.output_tokens': done.data.usage.outputTokens,
    });
    expect(chat!.attributes['gen_ai.usage.output_tokens']).to.be.greaterThan(0);
    expect(chat!.attributes['gen_ai.response.finish_reasons']).to.deep.equal(['end_turn']);
    expect(chat!.resource).to.include({
      'service.name': 'chatbot-test',
      'service.version': '0.0.0',
      'deployment.environment.name': 'test',
    });
  });

  it('names the server span by method and route, continues the caller\'s W3C trace and measures http.server.request.duration', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const response = await postChat(app.url, ask('hi'), { 'Accept': 'application/json', 'traceparent': `00-${traceId}-${callerSpanId}-01`, 'User-Agent': 'telemetry-test' });
    expect(response.status).to.equal(200);
    await response.arrayBuffer();
    const [server] = await spanArrives('POST /api/chat');
    expect(server!.kind).to.equal(SPAN_KIND.server);
    expect(server!).to.deep.include({ traceId, parentSpanId: callerSpanId });
    expect(server!.attributes).to.deep.include({
      'http.request.method': 'POST',
      'http.route': '/api/chat',
      'http.response.status_code': 200,
      'url.scheme': 'http',
      'url.path': '/api/chat',
      'network.protocol.version': '1.1',
      'user_agent.original': 'telemetry-test',
    });
    expect(server!.status.code ?? 0).to.equal(0);
    const [chat] = receiver.spansNamed('chat local-offline');
    expect(chat).to.deep.include({ traceId, parentSpanId: server!.spanId });

    await telemetry.forceFlush();
    const duration = receiver.latest('http.server.request.duration');
    expect(duration, 'http.server.request.duration').to.include({ unit: 's', type: 'exponential_histogram', temporality: 'delta' });
    const points = receiver.totals('http.server.request.duration');
    expect(points).to.have.length(1);
    expect(points[0]).to.deep.include({
      attributes: { 'http.request.method': 'POST', 'http.route': '/api/chat', 'http.response.status_code': 200, 'url.scheme': 'http' },
      count: 1,
    });
  });

  it('names requests outside the routes by method only, folds unknown methods into _OTHER, and marks only 5xx as errors', async () => {
    const broken = await startApp({
      provider: new ScriptedProvider(async function* () {
        yield* [];
        throw new TypeError('a bug in the provider');
      }),
    });
    try {
      expect((await fetch(`${app.url}/no-such-page`)).status).to.equal(404);
      // @koa/router answers a method it does not know with 501 Not Implemented.
      expect((await fetch(`${app.url}/api/chat`, { method: 'PROPFIND' })).status).to.equal(501);
      const failed = await postChat(broken.url, ask('hi'), { Accept: 'application/json' });
      expect(failed.status).to.equal(500);
      await failed.arrayBuffer();
    } finally {
      await broken.close();
    }
    await waitFor(() => {
      void telemetry.forceFlush();
      return receiver.spans.filter((span) => span.kind === SPAN_KIND.server).length >= 3;
    }, 5000);
    const byPath = (path: string, status: number): ReceivedSpan => receiver.spans.find((span) => span.kind === SPAN_KIND.server
      && span.attributes['url.path'] === path && span.attributes['http.response.status_code'] === status)!;

    const notFound = byPath('/no-such-page', 404);
    expect(notFound.name).to.equal('GET');
    expect(notFound.attributes).not.to.have.property('http.route');
    expect(notFound.status.code ?? 0, 'a 404 is the client\'s error').to.equal(0);

    const other = receiver.spans.find((span) => span.kind === SPAN_KIND.server && span.attributes['http.request.method'] === '_OTHER')!;
    expect(other.attributes['http.request.method_original']).to.equal('PROPFIND');
    expect(other.name.startsWith('HTTP')).to.equal(true);
    expect(other.attributes['http.response.status_code']).to.equal(501);

    const bug = byPath('/api/chat', 500);
    expect(bug.name).to.equal('POST /api/chat');
    expect(bug.status.code).to.equal(2); // STATUS_CODE_ERROR
    expect(bug.attributes['error.type']).to.equal('500');
  });

  it('writes the access log line inside the request\'s trace', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    // Slow enough that the second client can leave mid-answer.
    const logged = await startApp({ logger: createLogger({ level: 'info', destination }), provider: new LocalProvider({ delayMs: 30 }) });
    try {
      await (await postChat(logged.url, ask('hi'))).text();
      // A client that leaves: the response's `close` then comes from the socket, outside the request.
      const leaving = new AbortController();
      const response = await postChat(logged.url, ask('bye'), {}, leaving.signal);
      await response.body!.getReader().read();
      leaving.abort();
      await waitFor(() => lines.filter((line) => line.msg === 'request').length === 2, 5000);
    } finally {
      await logged.close();
    }
    const servers = await spanArrives('POST /api/chat', 2);
    const access = lines.filter((line) => line.msg === 'request' && line.path === '/api/chat');
    expect(access.map((line) => line.completed)).to.deep.equal([true, false]);
    for (const line of access) {
      const server = servers.find((span) => span.traceId === line.trace_id);
      expect(server, `the trace of ${JSON.stringify(line)}`).not.to.equal(undefined);
      expect(line.span_id).to.equal(server!.spanId);
    }
  });

  it('exports the SLO metrics with their names, units and attributes', async () => {
    for (const question of ['one', 'two', 'three']) {
      const response = await postChat(app.url, ask(question), { Accept: 'application/json' });
      expect(response.status).to.equal(200);
      await response.arrayBuffer();
    }
    await telemetry.forceFlush();

    // Deltas (the metric contract's temporality: the collector's awsemf publishes them as they are).
    const requests = receiver.latest('chat.requests');
    expect(requests, 'chat.requests').to.include({ unit: '{request}', type: 'sum', temporality: 'delta', monotonic: true, scope: 'chatbot' });
    expect(receiver.totals('chat.requests')).to.deep.equal([{ attributes: { outcome: 'success' }, value: 3, count: undefined, sum: undefined }]);

    const duration = receiver.latest('chat.request.duration');
    // Exponential, so CloudWatch can compute the p95 the latency alarm watches.
    expect(duration, 'chat.request.duration').to.include({ unit: 's', type: 'exponential_histogram', temporality: 'delta' });
    const [durationTotal] = receiver.totals('chat.request.duration');
    expect(durationTotal).to.deep.include({ attributes: { outcome: 'success' }, count: 3 });
    expect(durationTotal!.sum).to.be.greaterThan(0).and.lessThan(3);

    const firstToken = receiver.latest('gen_ai.server.time_to_first_token');
    expect(firstToken, 'gen_ai.server.time_to_first_token').to.include({ unit: 's', type: 'exponential_histogram', temporality: 'delta' });
    const [firstTokenTotal] = receiver.totals('gen_ai.server.time_to_first_token');
    expect(firstTokenTotal!.attributes).to.deep.equal({ 'gen_ai.system': 'local', 'gen_ai.response.model': 'local-offline' });
    expect(firstTokenTotal!.count).to.equal(3);

    const tokens = receiver.latest('gen_ai.client.token.usage');
    expect(tokens, 'gen_ai.client.token.usage').to.include({ unit: '{token}', type: 'sum', temporality: 'delta', monotonic: true });
    const byType = Object.fromEntries(receiver.totals('gen_ai.client.token.usage').map((point) => [point.attributes['gen_ai.token.type'], point]));
    expect(byType.input!.attributes['gen_ai.response.model']).to.equal('local-offline');
    expect(byType.input!.value).to.equal(3); // one word per question
    expect(byType.output!.value).to.be.greaterThan(0);
  });

  it('gives probes no server span and keeps the exporter out of the HTTP client metrics', async () => {
    for (const path of ['/healthz', '/readyz']) expect((await fetch(`${app.url}${path}`)).status).to.equal(200);
    await (await postChat(app.url, ask('hi'), { Accept: 'application/json' })).arrayBuffer();
    await spanArrives('chat local-offline');
    await telemetry.forceFlush();

    const paths = receiver.spans.filter((span) => span.kind === SPAN_KIND.server).map((span) => span.attributes['url.path']);
    expect(paths).to.include('/api/chat');
    expect(paths).not.to.include.members(['/healthz']);
    expect(paths).not.to.include.members(['/readyz']);
    // Exports run with tracing suppressed and are ignored by the instrumentation: no client spans or metrics of their own.
    expect(receiver.spans.filter((span) => span.kind === SPAN_KIND.client).map((span) => span.name)).to.deep.equal(['chat local-offline']);
    expect(receiver.latest('http.client.request.duration')).to.equal(undefined);
  });

  it('records retries and fallback as span events and counts the answer as outcome fallback', async () => {
    const scripted = await startApp({
      provider: new ScriptedProvider(async function* (request) {
        request.observer.onRetry({ model: 'primary-model', attempt: 1, reason: 'throttled', delayMs: 0 });
        request.observer.onFallback({ from: 'primary-model', to: 'fallback-model', reason: 'upstream_unavailable' });
        yield { type: 'delta', text: 'from the fallback' };
        yield { type: 'done', model: 'fallback-model', fallback: true, usage: { inputTokens: 4, outputTokens: 3, totalTokens: 7 }, finishReason: 'end_turn' };
      }),
    });
    try {
      await (await postChat(scripted.url, ask('hi'), { Accept: 'application/json' })).arrayBuffer();
    } finally {
      await scripted.close();
    }
    const [chat] = await spanArrives('chat primary-model');
    expect(chat!.attributes).to.deep.include({ 'gen_ai.system': 'aws.bedrock', 'gen_ai.request.model': 'primary-model', 'gen_ai.response.model': 'fallback-model' });
    expect(chat!.events.map((event) => event.name)).to.deep.equal(['gen_ai.retry', 'gen_ai.fallback']);
    expect(chat!.events[0]!.attributes).to.deep.include({ model: 'primary-model', attempt: 1, reason: 'throttled' });
    expect(chat!.events[1]!.attributes).to.deep.equal({ from: 'primary-model', to: 'fallback-model', reason: 'upstream_unavailable' });
    await telemetry.forceFlush();
    expect(receiver.totals('chat.requests').map((point) => point.attributes.outcome)).to.deep.equal(['fallback']);
  });

  it('marks a failed answer: span status ERROR with error.type, outcome error in chat.requests', async () => {
    const failing = await startApp({
      provider: new ScriptedProvider(async function* () {
        yield { type: 'delta', text: 'partial ' };
        throw new ChatProviderError('upstream_unavailable', 'both models failed', true);
      }),
    });
    try {
      const events = parseSse(await (await postChat(failing.url, ask('hi'))).text());
      expect(events.map((event) => event.event)).to.include('error');
    } finally {
      await failing.close();
    }
    const [chat] = await spanArrives('chat primary-model');
    expect(chat!.status.code).to.equal(2); // STATUS_CODE_ERROR
    expect(chat!.attributes['error.type']).to.equal('upstream_unavailable');
    expect(chat!.events.map((event) => event.name)).to.include('exception');
    await telemetry.forceFlush();
    expect(receiver.totals('chat.requests').map((point) => point.attributes.outcome)).to.deep.equal(['error']);
  });
});
