/**
 * The chat instruments (meter `chatbot`), made from the metric contract
 * (./metric-contract.generated.ts, a copy of modules/observability/chatbot-metric-contract.ts):
 * names, descriptions, units and attribute keys come from there, so what the chatbot emits is what
 * the collector publishes and the SLO alarms query (chatbot/TELEMETRY.md has the table).
 * - `chat.request.duration` and `chat.requests` by `outcome` = success | fallback | error. Answers
 *   the client abandoned are not counted: a user pressing Stop is no failure of the service.
 * - `gen_ai.server.time_to_first_token` by `gen_ai.system`, `gen_ai.response.model`.
 * - `gen_ai.client.token.usage` by `gen_ai.token.type` = input | output, `gen_ai.response.model`.
 * Histogram buckets are not chosen here: the SDK exports them as exponential histograms
 * (./node-telemetry.ts), which adapt their buckets to the values.
 *
 * Create it after the telemetry SDK started: `metrics.getMeter` does not proxy like
 * `trace.getTracer`, so a meter taken earlier stays a no-op forever.
 */
import { Counter, Histogram, Meter, metrics, type MetricOptions } from '@opentelemetry/api';
import { CHATBOT_METRICS, type ChatOutcomeName, type ContractMetric } from './metric-contract.generated';

export type ChatOutcome = ChatOutcomeName;

const { requests, requestDuration, timeToFirstToken, tokenUsage } = CHATBOT_METRICS;

/** Exactly the attribute keys the contract lists for a metric (a missing or extra key does not compile). */
type AttributesOf<M extends ContractMetric> = { readonly [Key in M['attributes'][number]]: string };

/** An instrument's description and unit, as the contract states them. */
function instrumentOptions(metric: ContractMetric): MetricOptions {
  return { description: metric.description, unit: metric.otelUnit };
}

export class ChatMetrics {
  private readonly requestDuration: Histogram<AttributesOf<typeof requestDuration>>;
  private readonly timeToFirstToken: Histogram<AttributesOf<typeof timeToFirstToken>>;
  private readonly requests: Counter<AttributesOf<typeof requests>>;
  private readonly tokenUsage: Counter<AttributesOf<typeof tokenUsage>>;

  constructor(meter: Meter = metrics.getMeter('chatbot')) {
    this.requestDuration = meter.createHistogram(requestDuration.otelName, instrumentOptions(requestDuration));
    this.timeToFirstToken = meter.createHistogram(timeToFirstToken.otelName, instrumentOptions(timeToFirstToken));
    this.requests = meter.createCounter(requests.otelName, instrumentOptions(requests));
    this.tokenUsage = meter.createCounter(tokenUsage.otelName, instrumentOptions(tokenUsage));
  }

  /** The first text of an answer arrived `seconds` after the request. */
  recordFirstToken(seconds: number, system: string, model: string): void {
    this.timeToFirstToken.record(seconds, { 'gen_ai.system': system, 'gen_ai.response.model': model });
  }

  /** An answer ended (not abandoned by the client). */
  recordAnswer(seconds: number, outcome: ChatOutcome): void {
    this.requestDuration.record(seconds, { outcome });
    this.requests.add(1, { outcome });
  }

  /** Tokens reported by the model that answered. */
  recordTokens(model: string, input: number, output: number): void {
    this.tokenUsage.add(input, { 'gen_ai.token.type': 'input', 'gen_ai.response.model': model });
    this.tokenUsage.add(output, { 'gen_ai.token.type': 'output', 'gen_ai.response.model': model });
  }
}
