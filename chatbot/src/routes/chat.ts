/**
 * `POST /api/chat`: validates the conversation, then streams the answer as Server-Sent Events
 * (`delta`..., then `done` or `error`) or, for `Accept: application/json`, sends one JSON answer.
 * The answer's AbortController fires when the client disconnects (the upstream call stops) or
 * when shutdown gives up waiting (the stream ends with `error` `shutting_down`).
 */
import { ClientDisconnected, ServerShuttingDown } from '../chat/abort-reasons';
import { toClientError } from '../chat/chat-errors';
import type { ChatAnswer, ChatService, ChatTurn } from '../chat/chat-service';
import { validateChatRequest } from '../chat/validate-chat-request';
import type { ChatLimits } from '../config';
import type { AppContext, AppMiddleware } from '../http/app-state';
import { EventStream } from '../http/event-stream';
import type { Lifecycle } from '../lifecycle';

/** Options of {@link chatHandler}. */
export interface ChatRouteOptions {
  readonly service: ChatService;
  readonly limits: ChatLimits;
  readonly lifecycle: Lifecycle;
  /** Milliseconds between SSE keep-alive comments. */
  readonly heartbeatMs: number;
}

export function chatHandler(options: ChatRouteOptions): AppMiddleware {
  return async (ctx) => {
    const request = validateChatRequest(ctx.state.body, options.limits, options.service.models);
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
        await answerJson(ctx, options.service, turn);
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
  try {
    // send() returns a promise only when the client is slow: the service waits for it.
    const answer = await options.service.answer(turn, (text) => stream.sendText(text));
    await stream.send('done', doneFields(answer));
  } catch (err) {
    const clientError = failure(ctx, turn, err);
    if (clientError) await stream.send('error', { code: clientError.code, message: clientError.message, retryable: clientError.retryable });
  } finally {
    stream.end();
  }
}

async function answerJson(ctx: AppContext, service: ChatService, turn: ChatTurn): Promise<void> {
  let text = '';
  let answer: ChatAnswer;
  try {
    answer = await service.answer(turn, (delta) => {
      text += delta;
    });
  } catch (err) {
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
