/**
 * The chat instruments (meter `chatbot`). Their names and units are a contract with the SLO
 * alarms (documented in chatbot/README.md):
 * - `chat.request.duration` (s, histogram; attribute `outcome`): one chat answer, end to end.
 * - `gen_ai.server.time_to_first_token` (s, histogram; `gen_ai.system`, `gen_ai.response.model`).
 * - `chat.requests` ({request}, counter; `outcome` = success | fallback | error). Answers the
 *   client abandoned are not counted: a user pressing Stop is no failure of the service.
 * - `gen_ai.client.token.usage` ({token}, counter; `gen_ai.token.type` = input | output,
 *   `gen_ai.response.model`).
 *
 * Create it after the telemetry SDK started: `metrics.getMeter` does not proxy like
 * `trace.getTracer`, so a meter taken earlier stays a no-op forever.
 */
import { Counter, Histogram, Meter, metrics } from '@opentelemetry/api';

export type ChatOutcome = 'success' | 'fallback' | 'error';

/** Seconds; chat answers run from ~0.1 s to the 60 s upstream timeout. */
const DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120];
/** Seconds; the GenAI semantic conventions' advice for time to first token. */
const FIRST_TOKEN_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export class ChatMetrics {
  private readonly requestDuration: Histogram;
  private readonly timeToFirstToken: Histogram;
  private readonly requests: Counter;
  private readonly tokenUsage: Counter;

  constructor(meter: Meter = metrics.getMeter('chatbot')) {
    this.requestDuration = meter.createHistogram('chat.request.duration', {
      description: 'Duration of a chat answer, from the request to the last event',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    });
    this.timeToFirstToken = meter.createHistogram('gen_ai.server.time_to_first_token', {
      description: 'Time from the request to the first streamed text',
      unit: 's',
      advice: { explicitBucketBoundaries: FIRST_TOKEN_BUCKETS },
    });
    this.requests = meter.createCounter('chat.requests', {
      description: 'Chat answers by outcome (success, fallback, error)',
      unit: '{request}',
    });
    this.tokenUsage = meter.createCounter('gen_ai.client.token.usage', {
      description: 'Tokens used by model calls, by type (input, output)',
      unit: '{token}',
    });
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
