/**
 * End to end with the Bedrock provider: the real SDK client against the loopback fake Bedrock,
 * the real app, and the real telemetry SDK exporting to a loopback OTLP receiver. Retries and the
 * fallback must reach the trace as span events and the metrics as outcome `fallback`.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'chai';
import { BedrockProvider } from '../../src/providers/bedrock-provider';
import type { Telemetry } from '../../src/telemetry/sdk';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { FakeBedrock } from '../support/fake-bedrock';
import { FALLBACK_MODEL as FALLBACK, PRIMARY_MODEL as PRIMARY, fakeBedrockClient, fakeBedrockConfig } from '../support/fake-bedrock-client';
import { answer, serverError, throttled } from '../support/fake-bedrock-scenarios';
import { OtlpReceiver, ReceivedSpan, SPAN_KIND } from '../support/otlp-receiver';
import { parseSse } from '../support/sse';
import { startTestTelemetry } from '../support/test-telemetry';
import { waitFor } from '../support/wait-for';


describe('telemetry end to end (Bedrock provider against the fake)', () => {
  let fake: FakeBedrock;
  let client: BedrockRuntimeClient;
  let receiver: OtlpReceiver;
  let telemetry: Telemetry;
  let app: AppHarness;

  before(async () => {
    fake = await FakeBedrock.start();
    client = fakeBedrockClient(fake);
  });

  after(async () => {
    client.destroy();
    await fake.close();
  });

  beforeEach(async () => {
    fake.reset();
    receiver = await OtlpReceiver.start();
    telemetry = await startTestTelemetry(receiver.url);
    const provider = new BedrockProvider(fakeBedrockConfig(fake), { client, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    app = await startApp({ provider });
  });

  afterEach(async () => {
    await app.close();
    await telemetry.shutdown();
    await receiver.close();
  });

  /** Sends one chat; returns its `done` or `error` event and the exported `chat <primary>` span. */
  async function chat(): Promise<{ last: { event: string; data: any }; span: ReceivedSpan }> {
    const events = parseSse(await (await postChat(app.url, ask('And of Italy?'))).text());
    await waitFor(() => {
      void telemetry.forceFlush();
      return receiver.spansNamed(`chat ${PRIMARY}`).length === 1;
    }, 5000);
    await telemetry.forceFlush();
    return { last: events[events.length - 1]!, span: receiver.spansNamed(`chat ${PRIMARY}`)[0]! };
  }

  function outcomes(): unknown[] {
    return receiver.totals('chat.requests').map((point) => point.attributes.outcome);
  }

  it('5xx on the primary: gen_ai.retry events, then gen_ai.fallback, response model = fallback, outcome fallback', async () => {
    fake.script(PRIMARY, serverError(500), serverError(503), serverError(500));
    fake.script(FALLBACK, answer(['Rome', ' is the capital.'], { usage: { inputTokens: 21, outputTokens: 5 } }));

    const { last, span } = await chat();

    expect(last.event).to.equal('done');
    expect(last.data).to.include({ model: FALLBACK, fallback: true });
    expect(span.kind).to.equal(SPAN_KIND.client);
    expect(span.attributes).to.deep.include({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'aws.bedrock',
      'gen_ai.request.model': PRIMARY,
      'gen_ai.response.model': FALLBACK,
      'gen_ai.usage.input_tokens': 21,
      'gen_ai.usage.output_tokens': 5,
    });
    expect(span.attributes['gen_ai.response.finish_reasons']).to.deep.equal(['end_turn']);
    expect(span.events.map((event) => event.name)).to.deep.equal(['gen_ai.retry', 'gen_ai.retry', 'gen_ai.fallback']);
    expect(span.events.slice(0, 2).map(({ attributes }) => [attributes.model, attributes.attempt, attributes.reason])).to.deep.equal([
      [PRIMARY, 1, 'InternalServerException'],
      [PRIMARY, 2, 'ServiceUnavailableException'],
    ]);
    expect(span.events[0]!.attributes.delay_ms).to.be.a('number');
    expect(span.events[2]!.attributes).to.deep.equal({ from: PRIMARY, to: FALLBACK, reason: 'InternalServerException' });
    // The HTTP server span of POST /api/chat is the parent: one trace from the ALB to the model.
    const server = receiver.spans.find((candidate) => candidate.spanId === span.parentSpanId);
    expect(server?.kind).to.equal(SPAN_KIND.server);
    expect(server?.traceId).to.equal(span.traceId);

    expect(outcomes()).to.deep.equal(['fallback']);
    const tokens = receiver.totals('gen_ai.client.token.usage');
    expect(tokens.map((point) => point.attributes['gen_ai.response.model'])).to.deep.equal([FALLBACK, FALLBACK]);
  });

  it('throttling then success: a gen_ai.retry event, no fallback, outcome success', async () => {
    fake.script(PRIMARY, throttled(), answer(['Rome.']));

    const { last, span } = await chat();

    expect(last.data).to.include({ model: PRIMARY, fallback: false });
    expect(span.events.map((event) => event.name)).to.deep.equal(['gen_ai.retry']);
    expect(span.events[0]!.attributes).to.include({ model: PRIMARY, attempt: 1, reason: 'ThrottlingException' });
    expect(span.attributes['gen_ai.response.model']).to.equal(PRIMARY);
    expect(outcomes()).to.deep.equal(['success']);
  });

  it('both models failing: span status ERROR with error.type, outcome error', async () => {
    fake.always(PRIMARY, serverError(500));
    fake.always(FALLBACK, serverError(503));

    const { last, span } = await chat();

    expect(last.event).to.equal('error');
    expect(span.status.code).to.equal(2); // STATUS_CODE_ERROR
    expect(span.attributes['error.type']).to.equal(last.data.code);
    expect(span.attributes).not.to.have.property('gen_ai.response.model');
    expect(span.events.map((event) => event.name)).to.include.members(['gen_ai.retry', 'gen_ai.fallback', 'exception']);
    expect(outcomes()).to.deep.equal(['error']);
  });
});
