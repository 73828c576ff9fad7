/**
 * `POST /api/chat`: validates the conversation, then streams the answer as Server-Sent Events
 * (`delta`..., then `done` or `error`) or, for `Accept: application/json`, sends one JSON answer.
 * The answer's AbortController fires when the client disconnects (the upstream call stops) or
 * when shutdown gives up waiting (the stream ends with `error` `shutting_down`).
 *
 * With a daily token budget (src/spend/), the guard is asked before the model is called: once
 * the day's budget is used up the stream is one `error` event `daily_budget_exhausted` with the
 * reset time (`resetAt`, the next 00:00 UTC), and a JSON caller gets 429 with `Retry-After`; each
 * answer's usage is then counted: the tokens the model reported, or, for an answer that ended
 * without that report (stopped, cut, timed out, broken after text streamed), an estimate from the
 * prompt and the streamed text (src/spend/usage-estimate.ts), so stopping answers early does not
 * spend past the budget.
 */
import { ClientDisconnected, ServerShuttingDown } from '../chat/abort-reasons';
import { toClientError } from '../chat/chat-errors';
import type { ChatAnswer, ChatService, ChatTurn } from '../chat/chat-service';
import { validateChatRequest } from '../chat/validate-chat-request';
import type { ChatLimits } from '../config';
import type { AppContext, AppMiddleware } from '../http/app-state';
import { EventStream } from '../http/event-stream';
import type { Lifecycle } from '../lifecycle';
import { ChatProviderError } from '../providers/chat-provider';
import { BudgetExhausted, SpendGuardUnavailable } from '../spend/spend-errors';
import type { SpendGuard } from '../spend/spend-guard';
import { estimateUsage, promptChars } from '../spend/usage-estimate';

/** Options of {@link chatHandler}. */
export interface ChatRouteOptions {
  readonly service: ChatService;
  readonly limits: ChatLimits;
  readonly lifecycle: Lifecycle;
  /** Milliseconds between SSE keep-alive comments. */
  readonly heartbeatMs: number;
  /** The daily token budget; undefined without one. */
  readonly spend?: SpendGuard;
}

export function chatHandler(options: ChatRouteOptions): AppMiddleware {
  return async (ctx) => {
    const request = validateChatRequest(ctx.state.body, options.limits, options.service.models);
    if (options.spend && !(await withinBudget(ctx, options.spend))) return;
    const controller = new AbortController();
    const release = options.lifecycle.track(controller);
    // The response's `close` (not the request's: that fires once the body is read) tells us
    // the client left; after a complete answer `writableFinished` is true and nothing aborts.
    const onClose = (): void => {
      if (!ctx.res.writableFinished) controller.abort(new ClientDisconnected());
    };
    ctx.res.once('close', onClose);
    const turn: ChatTurn = { ...request, requestId: ctx.state.requestId, signal: controller.signal };
    try {
      if (wantsJson(ctx)) {
        await answerJson(ctx, options, turn);
      } else {
        await answerStream(ctx, options, turn);
      }
    } finally {
      ctx.res.off('close', onClose);
      release();
    }
  };
}

/**
 * Whether the client prefers one JSON answer to the event stream (content negotiation on
 * `Accept`). Negotiator parses the header anew on every call, on the path to the first token;
 * clients send a handful of distinct Accept values, so each verdict is kept (a bounded map).
 */
function wantsJson(ctx: AppContext): boolean {
  const accept = ctx.get('Accept');
  let json = negotiated.get(accept);
  if (json === undefined) {
    json = ctx.accepts('text/event-stream', 'application/json') === 'application/json';
    if (negotiated.size >= NEGOTIATED_MAX) negotiated.clear();
    negotiated.set(accept, json);
  }
  return json;
}
const negotiated = new Map<string, boolean>();
const NEGOTIATED_MAX = 256;

async function answerStream(ctx: AppContext, options: ChatRouteOptions, turn: ChatTurn): Promise<void> {
  // From here on we write the raw response ourselves; Koa must not touch it.
  ctx.respond = false;
  const stream = new EventStream(ctx.res, options.heartbeatMs);
  stream.start();
  let streamedChars = 0;
  try {
    // send() returns a promise only when the client is slow: the service waits for it.
    const answer = await options.service.answer(turn, (text) => {
      streamedChars += text.length;
      return stream.sendText(text);
    });
    options.spend?.record(answer.usage);
    await stream.send('done', doneFields(answer));
  } catch (err) {
    chargeUnreported(ctx, options, turn, err, streamedChars);
    const clientError = failure(ctx, turn, err);
    if (clientError) await stream.send('error', { code: clientError.code, message: clientError.message, retryable: clientError.retryable });
  } finally {
    stream.end();
  }
}

async function answerJson(ctx: AppContext, options: ChatRouteOptions, turn: ChatTurn): Promise<void> {
  let text = '';
  let answer: ChatAnswer;
  try {
    answer = await options.service.answer(turn, (delta) => {
      text += delta;
    });
    options.spend?.record(answer.usage);
  } catch (err) {
    chargeUnreported(ctx, options, turn, err, text.length);
    const clientError = failure(ctx, turn, err);
    if (!clientError) {
      ctx.respond = false; // nobody is listening any more
      return;
    }
    ctx.status = clientError.status;
    ctx.body = { error: { code: clientError.code, message: clientError.message, retryable: clientError.retryable, requestId: turn.requestId } };
    return;
  }
  ctx.body = { text, ...doneFields(answer) };
}

/**
 * Asks the spend guard; when it refuses, answers the refusal (an SSE `error` event, or a JSON
 * 429/503) and returns false. The model is not called.
 */
async function withinBudget(ctx: AppContext, spend: SpendGuard): Promise<boolean> {
  try {
    await spend.check();
    return true;
  } catch (err) {
    if (!(err instanceof BudgetExhausted) && !(err instanceof SpendGuardUnavailable)) throw err;
    const exhausted = err instanceof BudgetExhausted;
    const fields = {
      code: err.code,
      message: err.message,
      retryable: !exhausted,
      ...(exhausted ? { resetAt: err.resetAt.toISOString(), dailyTokenBudget: spend.dailyTokenBudget } : {}),
    };
    ctx.state.log.warn({ code: err.code, ...(exhausted ? { resetAt: fields.resetAt } : {}) }, 'chat refused before calling the model');
    ctx.set('Retry-After', String(err.retryAfterSeconds));
    if (wantsJson(ctx)) {
      ctx.status = exhausted ? 429 : 503;
      ctx.body = { error: { ...fields, requestId: ctx.state.requestId } };
      return false;
    }
    // The page reads errors from the stream, so the refusal is one, like any failed answer.
    ctx.respond = false;
    const stream = new EventStream(ctx.res, 60_000);
    stream.start();
    await stream.send('error', fields);
    stream.end();
    return false;
  }
}

/**
 * Counts an answer that ended without the model's usage report against the daily budget, when the
 * model may have worked on it: the turn was aborted (the user stopped, the client left, shutdown),
 * text had streamed, or the model timed out. Refusals before any text (throttling, 4xx, 5xx) cost
 * nothing and are not counted.
 */
function chargeUnreported(ctx: AppContext, options: ChatRouteOptions, turn: ChatTurn, err: unknown, streamedChars: number): void {
  if (!options.spend) return;
  const timedOut = err instanceof ChatProviderError && err.code === 'upstream_timeout';
  if (!turn.signal.aborted && streamedChars === 0 && !timedOut) return;
  const usage = estimateUsage(promptChars(options.service.systemPromptChars, turn.messages), streamedChars);
  options.spend.record(usage);
  ctx.state.log.info({ estimatedUsage: usage }, 'answer ended without a usage report; its estimated tokens count against the daily budget');
}

/** Logs a failed answer and says what the client gets, or undefined when the client left. */
function failure(ctx: AppContext, turn: ChatTurn, err: unknown): ReturnType<typeof toClientError> | undefined {
  const reason: unknown = turn.signal.reason;
  if (reason instanceof ClientDisconnected) {
    ctx.state.log.info('client disconnected; answer aborted');
    return undefined;
  }
  const clientError = toClientError(err, reason instanceof ServerShuttingDown);
  const level = clientError.code === 'internal' ? 'error' : 'warn';
  ctx.state.log[level]({ err, code: clientError.code }, 'chat answer failed');
  return clientError;
}

/** The `done` event / JSON answer fields (the contract's four, plus why the model stopped). */
function doneFields(event: ChatAnswer): Record<string, unknown> {
  return {
    model: event.model,
    fallback: event.fallback,
    usage: event.usage,
    latencyMs: event.latencyMs,
    finishReason: event.finishReason,
  };
}
