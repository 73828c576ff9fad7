/**
 * The metric contract, end to end on the chatbot's side: the real app answers through the real
 * Bedrock client against the loopback ConverseStream fake, and the real telemetry SDK exports over
 * OTLP/HTTP to a loopback receiver. One answer of each kind the SLOs count (success, fallback,
 * error) and one the user stops; then every metric the contract says the chatbot emits must have
 * arrived with its name, description, unit, OTLP type, temporality and exactly its attributes, and
 * the counts must be those of the four answers (the stopped one is no request).
 *
 * The contract is the chatbot's generated copy (the image is built from chatbot/ alone);
 * test/observability/ in the root checks that the copy equals the source, and that the collector
 * publishes these metrics under the same names, units and dimensions.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'chai';
import { BedrockProvider } from '../../src/providers/bedrock-provider';
import { CHATBOT_METRICS, GEN_AI_SYSTEMS, contractMetrics, type ContractMetric } from '../../src/telemetry/metric-contract.generated';
import type { Telemetry } from '../../src/telemetry/sdk';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { FakeBedrock } from '../support/fake-bedrock';
import { FALLBACK_MODEL as FALLBACK, PRIMARY_MODEL as PRIMARY, fakeBedrockClient, fakeBedrockConfig } from '../support/fake-bedrock-client';
import { answer, serverError } from '../support/fake-bedrock-scenarios';
import { contractViolations } from '../support/metric-contract-check';
import { OtlpReceiver, type ReceivedDataPoint } from '../support/otlp-receiver';
import { parseSse, readSse } from '../support/sse';
import { startTestTelemetry } from '../support/test-telemetry';
import { waitFor } from '../support/wait-for';

const { requests, requestDuration, timeToFirstToken, tokenUsage } = CHATBOT_METRICS;

/** Token usage the fake reports for the two completed answers. */
const SUCCESS_USAGE = { inputTokens: 17, outputTokens: 4 };
const FALLBACK_USAGE = { inputTokens: 19, outputTokens: 6 };

describe('metric contract end to end (the app on the Bedrock fake, exporting to a loopback OTLP receiver)', () => {
  let fake: FakeBedrock;
  let client: BedrockRuntimeClient;
  let receiver: OtlpReceiver;
  let telemetry: Telemetry;
  let app: AppHarness;
  /** The last event (`done` or `error`) of each answer the client read to its end. */
  const endings: Record<string, string> = {};

  before(async () => {
    fake = await FakeBedrock.start();
    client = fakeBedrockClient(fake);
    receiver = await OtlpReceiver.start();
    // Telemetry first, then the app: the chat instruments are taken from the global meter.
    telemetry = await startTestTelemetry(receiver.url);
    const provider = new BedrockProvider(fakeBedrockConfig(fake), { client, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    app = await startApp({ provider });

    // Exports between the answers too, so the totals below add up deltas of several exports.
    fake.script(PRIMARY, answer(['Paris', ' is the capital', ' of France.'], { usage: SUCCESS_USAGE }));
    endings.success = await lastEvent();
    await telemetry.forceFlush();

    fake.script(PRIMARY, serverError(500), serverError(503), serverError(500));
    fake.script(FALLBACK, answer(['Rome', ' is the capital.'], { usage: FALLBACK_USAGE }));
    endings.fallback = await lastEvent();

    // The user presses Stop after the first text: slow frames keep the answer streaming meanwhile.
    fake.script(PRIMARY, answer(Array.from({ length: 40 }, (_, i) => `word${i} `), { frameDelayMs: 50 }));
    const stop = new AbortController();
    const events = readSse(await postChat(app.url, ask('Tell me a long story'), {}, stop.signal));
    expect((await events.next()).value?.event).to.equal('delta');
    stop.abort();
    await waitFor(() => app.lifecycle.openAnswers === 0 && fake.requests[fake.requests.length - 1]!.closed, 5000);
    await telemetry.forceFlush();

    fake.always(PRIMARY, serverError(500));
    fake.always(FALLBACK, serverError(503));
    endings.error = await lastEvent();
    await telemetry.forceFlush();
  });

  after(async () => {
    await app.close();
    await telemetry.shutdown();
    await receiver.close();
    client.destroy();
    await fake.close();
  });

  /** Asks one question, reads the whole answer, and returns the name of its last event. */
  async function lastEvent(): Promise<string> {
    const events = parseSse(await (await postChat(app.url, ask('What is the capital?'))).text());
    await waitFor(() => app.lifecycle.openAnswers === 0, 5000);
    return events[events.length - 1]!.event;
  }

  /** `metric`'s totals over every export, keyed by the values of `attributes` joined with `|`. */
  function totalsBy(metric: ContractMetric, attributes: readonly string[], field: keyof ReceivedDataPoint = 'value'): Record<string, unknown> {
    return Object.fromEntries(receiver.totals(metric.otelName).map((point) => [attributes.map((key) => point.attributes[key]).join('|'), point[field]]));
  }

  it('drove the four answers it meant to: success, fallback, error, and one the user stopped', () => {
    expect(endings).to.deep.equal({ success: 'done', fallback: 'done', error: 'error' });
    expect(fake.requests.filter((request) => request.closedByClient)).to.have.length(1);
  });

  it('emits every chatbot metric of the contract with its name, description, unit, OTLP type, temporality and exactly its attributes', () => {
    const chatbotMetrics = contractMetrics('chatbot');
    const expected = [requests, requestDuration, timeToFirstToken, tokenUsage];
    expect(chatbotMetrics.map((metric) => metric.otelName)).to.have.members(expected.map((metric) => metric.otelName));
    expect(contractViolations(receiver, chatbotMetrics)).to.deep.equal([]);
  });

  it('fails the same check for a renamed metric, a changed unit or an attribute the contract lacks', () => {
    const renamed: ContractMetric = { ...requests, otelName: 'chat.request.count' };
    const otherUnit: ContractMetric = { ...requestDuration, otelUnit: 'ms' };
    const fewerAttributes: ContractMetric = { ...timeToFirstToken, attributes: ['gen_ai.system'] };
    const narrowerValues: ContractMetric = { ...requests, attributeValues: { outcome: ['success', 'error'] } };
    expect(contractViolations(receiver, [renamed])).to.deep.equal(['chat.request.count: never exported']);
    expect(contractViolations(receiver, [otherUnit])).to.deep.equal(['chat.request.duration: unit is "s", the contract says "ms"']);
    expect(contractViolations(receiver, [fewerAttributes]).join('\n')).to.contain('the contract says exactly ["gen_ai.system"]');
    expect(contractViolations(receiver, [narrowerValues])).to.deep.equal(['chat.requests: attribute outcome = "fallback" is not one of ["success","error"]']);
  });

  it('counts each finished answer once by outcome, and the stopped answer not at all', () => {
    expect(totalsBy(requests, ['outcome'])).to.deep.equal({ success: 1, fallback: 1, error: 1 });
    // SampleCount of the duration by outcome is chat.requests (the dashboard may use either).
    expect(totalsBy(requestDuration, ['outcome'], 'count')).to.deep.equal({ success: 1, fallback: 1, error: 1 });
    for (const point of receiver.totals(requestDuration.otelName)) {
      expect(point.sum, JSON.stringify(point.attributes)).to.be.greaterThan(0).and.lessThan(10);
    }
  });

  it('measures time to first token for every answer that streamed text, the stopped one included', () => {
    const firstTokens = totalsBy(timeToFirstToken, ['gen_ai.system', 'gen_ai.response.model'], 'count');
    // The success and the stopped answer came from the primary, the fallback answer from the fallback; the error streamed nothing.
    expect(firstTokens).to.deep.equal({ [`aws.bedrock|${PRIMARY}`]: 2, [`aws.bedrock|${FALLBACK}`]: 1 });
    expect(GEN_AI_SYSTEMS).to.include('aws.bedrock');
  });

  it('counts the tokens of the completed answers by the model that answered', () => {
    expect(totalsBy(tokenUsage, ['gen_ai.response.model', 'gen_ai.token.type'])).to.deep.equal({
      [`${PRIMARY}|input`]: SUCCESS_USAGE.inputTokens,
      [`${PRIMARY}|output`]: SUCCESS_USAGE.outputTokens,
      [`${FALLBACK}|input`]: FALLBACK_USAGE.inputTokens,
      [`${FALLBACK}|output`]: FALLBACK_USAGE.outputTokens,
    });
  });
});
