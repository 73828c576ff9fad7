/**
 * Runs one chat answer through the provider and owns what surrounds it: the GenAI CLIENT span
 * `chat <model>` (OpenTelemetry GenAI conventions), retries and fallback as span events, the
 * metrics, time to first token and `latencyMs`. The HTTP layer only writes the text it is handed
 * and the answer's end.
 *
 * The text goes from the provider to the HTTP layer through callbacks (TextSink), not async
 * generators: every token of every answer passes this point (see ChatProvider.answer).
 */
import { Context, Span, SpanKind, SpanStatusCode, Tracer, context, trace } from '@opentelemetry/api';
import { ClientDisconnected } from './abort-reasons';
import { normalizeConversation } from './conversation';
import { ChatProviderError, type ChatDone, type ChatMessage, type ChatProvider, type ModelCallObserver, type TextSink } from '../providers/chat-provider';
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

/** How an answer ended: the provider's ChatDone, with the measured latency. */
export type ChatAnswer = ChatDone & { readonly latencyMs: number };

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

  /** Characters of the system prompt sent with every turn (0 when none). */
  get systemPromptChars(): number {
    return this.options.provider.systemPromptChars ?? 0;
  }

  /** The `gen_ai.system` of the provider (`local` means the offline provider). */
  get system(): ChatProvider['system'] {
    return this.options.provider.system;
  }

  /**
   * Streams the answer's text into `onText` and resolves with how it ended; throws
   * ChatProviderError (or, for a bug, anything else), and the turn's abort reason once its signal
   * aborted, even when the provider ignores the signal.
   */
  async answer(turn: ChatTurn, onText: TextSink): Promise<ChatAnswer> {
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
    // Stops the answer once the turn aborts (the provider rejects with what this throws), even
    // when a provider ignores the signal.
    const sink: TextSink = (text) => {
      if (turn.signal.aborted) throw turn.signal.reason;
      if (text === '') return undefined;
      if (!firstToken) {
        firstToken = true;
        metrics.recordFirstToken((this.clock() - started) / 1000, provider.system, answeringModel);
      }
      const slowConsumer = onText(text);
      if (turn.signal.aborted) throw turn.signal.reason;
      return slowConsumer;
    };
    const request = {
      messages: normalizeConversation(turn.messages),
      model: turn.model,
      signal: turn.signal,
      requestId: turn.requestId,
      observer,
    };
    try {
      // The provider runs in the span's context: SDK spans of its model calls become children.
      const done = await context.with(spanContext, () => provider.answer(request, sink));
      // The abort wins over whatever a provider that ignores the signal made of the answer.
      if (turn.signal.aborted) throw turn.signal.reason;
      if (typeof done?.model !== 'string') throw new ChatProviderError('model_error', 'The provider ended without saying how the answer finished', true);
      outcome = done.fallback ? 'fallback' : 'success';
      recordDone(span, done);
      metrics.recordTokens(done.model, done.usage.inputTokens, done.usage.outputTokens);
      return { ...done, latencyMs: Math.round(this.clock() - started) };
    } catch (err) {
      if (!(turn.signal.reason instanceof ClientDisconnected)) recordError(span, err);
      throw err;
    } finally {
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

function recordDone(span: Span, event: ChatDone): void {
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
