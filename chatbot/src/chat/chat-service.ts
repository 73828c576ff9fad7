/**
 * Runs one chat answer through the provider and owns what surrounds it: the GenAI CLIENT span
 * `chat <model>` (OpenTelemetry GenAI conventions), retries and fallback as span events, the
 * metrics, time to first token and `latencyMs`. The HTTP layer only writes what it yields.
 */
import { Context, Span, SpanKind, SpanStatusCode, Tracer, context, trace } from '@opentelemetry/api';
import { ClientDisconnected } from './abort-reasons';
import { normalizeConversation } from './conversation';
import { ChatProviderError, type ChatEvent, type ChatMessage, type ChatProvider, type ModelCallObserver } from '../providers/chat-provider';
import type { ChatMetrics } from '../telemetry/chat-metrics';

/** Options of {@link ChatService}. */
export interface ChatServiceOptions {
  readonly provider: ChatProvider;
  readonly metrics: ChatMetrics;
  /** @default trace.getTracer('chatbot') */
  readonly tracer?: Tracer;
  /** Milliseconds, monotonic. @default performance.now */
  readonly clock?: () => number;
}

/** One turn to answer. */
export interface ChatTurn {
  readonly messages: readonly ChatMessage[];
  readonly model?: string;
  readonly requestId: string;
  /** Aborted with a reason from ./abort-reasons when the client leaves or the server drains. */
  readonly signal: AbortSignal;
}

type DoneEvent = Extract<ChatEvent, { type: 'done' }>;

/** What the service yields: the provider's deltas, then `done` with the measured latency. */
export type ChatServiceEvent =
  | { readonly type: 'delta'; readonly text: string }
  | (DoneEvent & { readonly latencyMs: number });

export class ChatService {
  private readonly tracer: Tracer;
  private readonly clock: () => number;

  constructor(private readonly options: ChatServiceOptions) {
    this.tracer = options.tracer ?? trace.getTracer('chatbot');
    this.clock = options.clock ?? (() => performance.now());
  }

  /** The models a request may name; the first is the default. */
  get models(): readonly string[] {
    return this.options.provider.models;
  }

  /** The `gen_ai.system` of the provider (`local` means the offline provider). */
  get system(): ChatProvider['system'] {
    return this.options.provider.system;
  }

  /** Streams the answer; throws ChatProviderError (or, for a bug, anything else). */
  async *answer(turn: ChatTurn): AsyncGenerator<ChatServiceEvent, void, undefined> {
    const { provider, metrics } = this.options;
    const started = this.clock();
    const requestModel = turn.model ?? provider.models[0] ?? 'unknown';
    const span = this.tracer.startSpan(`chat ${requestModel}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': provider.system,
        'gen_ai.request.model': requestModel,
      },
    });
    const spanContext: Context = trace.setSpan(context.active(), span);
    let answeringModel = requestModel;
    let firstToken = false;
    let outcome: 'success' | 'fallback' | 'error' = 'error';
    const observer = spanObserver(span, (to) => {
      answeringModel = to;
    });
    const iterator = provider.stream({
      messages: normalizeConversation(turn.messages),
      model: turn.model,
      signal: turn.signal,
      requestId: turn.requestId,
      observer,
    })[Symbol.asyncIterator]();
    try {
      for (;;) {
        // Until the first token the provider may call the model (retries, the fallback), so it runs
        // in the span's context and SDK spans become its children; after that it only reads the
        // stream, and skipping the context switch saves work on every token.
        const result = firstToken ? await iterator.next() : await context.with(spanContext, () => iterator.next());
        if (result.done) throw new ChatProviderError('model_error', 'The provider ended without a done event', true);
        const event = result.value;
        if (event.type === 'delta') {
          if (event.text === '') continue;
          if (!firstToken) {
            firstToken = true;
            metrics.recordFirstToken((this.clock() - started) / 1000, provider.system, answeringModel);
          }
          yield event;
          continue;
        }
        outcome = event.fallback ? 'fallback' : 'success';
        recordDone(span, event);
        metrics.recordTokens(event.model, event.usage.inputTokens, event.usage.outputTokens);
        yield { ...event, latencyMs: Math.round(this.clock() - started) };
        return;
      }
    } catch (err) {
      if (!(turn.signal.reason instanceof ClientDisconnected)) recordError(span, err);
      throw err;
    } finally {
      // Ends the provider's generator too when we stop early (done, error, or our consumer left).
      await iterator.return?.().catch(() => undefined);
      if (outcome === 'error' && turn.signal.reason instanceof ClientDisconnected) {
        span.addEvent('chat.client_disconnected');
      } else {
        metrics.recordAnswer((this.clock() - started) / 1000, outcome);
      }
      span.end();
    }
  }
}

/** Retries and fallback become span events (names from the lead's telemetry contract). */
function spanObserver(span: Span, onFallback: (to: string) => void): ModelCallObserver {
  return {
    onRetry: ({ model, attempt, reason, delayMs }) => {
      span.addEvent('gen_ai.retry', { model, attempt, reason, delay_ms: delayMs });
    },
    onFallback: ({ from, to, reason }) => {
      span.addEvent('gen_ai.fallback', { from, to, reason });
      onFallback(to);
    },
  };
}

function recordDone(span: Span, event: DoneEvent): void {
  span.setAttributes({
    'gen_ai.response.model': event.model,
    'gen_ai.usage.input_tokens': event.usage.inputTokens,
    'gen_ai.usage.output_tokens': event.usage.outputTokens,
    'gen_ai.response.finish_reasons': [event.finishReason],
  });
}

function recordError(span: Span, err: unknown): void {
  const code = err instanceof ChatProviderError ? err.code : err instanceof Error ? err.name : 'unknown';
  span.setAttribute('error.type', code);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  if (err instanceof Error) span.recordException(err);
}
