/**
 * Talks to `POST /api/chat` and turns every way an answer can end into one event the page can
 * show: the streamed `delta`s, then exactly one `done` or `error`. A 4xx/5xx JSON refusal, a
 * network failure and a stream cut off before `done` all become `error` with a message for the
 * user; only the user's own Stop (the abort signal) ends it by throwing. The daily budget's
 * refusal (`daily_budget_exhausted`, as an event or a 429) says when it resets, in UTC.
 */
import { readEventStream } from './sse';
import { BUDGET_EXHAUSTED_CODE as BUDGET_EXHAUSTED } from '../src/spend/spend-errors';

export type ChatStreamEvent =
  | { readonly type: 'delta'; readonly text: string }
  | { readonly type: 'done'; readonly model: string; readonly fallback: boolean }
  | { readonly type: 'error'; readonly message: string; readonly retryable: boolean; readonly code?: typeof BUDGET_EXHAUSTED };

/** The server's code for "the day's token budget is used up": the server's own constant, bundled in. */
export { BUDGET_EXHAUSTED };

export interface ChatMessageBody {
  readonly role: 'user' | 'assistant';
  readonly content: string;
}

/** Streams the answer to `messages`; throws only when `signal` aborts. */
export async function* streamChat(apiBase: string, messages: readonly ChatMessageBody[], signal: AbortSignal): AsyncGenerator<ChatStreamEvent> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}/api/chat`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream' },
      body: JSON.stringify({ messages }),
      signal,
    });
  } catch (err) {
    if (signal.aborted) throw err;
    yield { type: 'error', message: 'Could not reach the chatbot service. Check your connection and try again.', retryable: true };
    return;
  }
  if (!response.ok) {
    yield await refusal(response);
    return;
  }
  if (!response.body || !(response.headers.get('Content-Type') ?? '').startsWith('text/event-stream')) {
    yield { type: 'error', message: `Unexpected answer from the server (${response.status}, ${response.headers.get('Content-Type') ?? 'no content type'}).`, retryable: true };
    return;
  }
  try {
    for await (const message of readEventStream(response.body)) {
      const event = toEvent(message.event, message.data);
      if (!event) continue;
      yield event;
      if (event.type !== 'delta') return;
    }
  } catch (err) {
    if (signal.aborted) throw err;
  }
  yield { type: 'error', message: 'The connection closed before the answer was complete.', retryable: true };
}

function toEvent(name: string, data: string): ChatStreamEvent | undefined {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(data) as Record<string, unknown>;
  } catch {
    return undefined; // not ours to interpret
  }
  if (name === 'delta' && typeof payload.text === 'string') return { type: 'delta', text: payload.text };
  if (name === 'done') {
    return { type: 'done', model: typeof payload.model === 'string' ? payload.model : 'unknown model', fallback: payload.fallback === true };
  }
  if (name === 'error') return errorEvent(payload, 'The answer failed.', true);
  return undefined;
}

/** An `error` event or JSON error body as the page shows it. */
function errorEvent(payload: Record<string, unknown>, fallbackMessage: string, fallbackRetryable: boolean): ChatStreamEvent {
  const code = typeof payload.code === 'string' ? payload.code : undefined;
  if (code === BUDGET_EXHAUSTED) return { type: 'error', code, message: budgetMessage(payload.resetAt), retryable: false };
  return {
    type: 'error',
    message: typeof payload.message === 'string' ? payload.message : fallbackMessage,
    retryable: typeof payload.retryable === 'boolean' ? payload.retryable : fallbackRetryable,
  };
}

/** "Daily budget reached, resets at HH:MM UTC." from the server's `resetAt` (ISO 8601). */
export function budgetMessage(resetAt: unknown): string {
  const reset = typeof resetAt === 'string' ? new Date(resetAt) : undefined;
  if (!reset || Number.isNaN(reset.getTime())) return 'Daily budget reached; it resets at midnight UTC.';
  const time = `${String(reset.getUTCHours()).padStart(2, '0')}:${String(reset.getUTCMinutes()).padStart(2, '0')}`;
  return `Daily budget reached, resets at ${time} UTC.`;
}

/** A 4xx/5xx answer `{ error: { code, message } }` as an error event. */
async function refusal(response: Response): Promise<ChatStreamEvent> {
  // Rate limits and server-side failures may pass; a refused conversation stays refused.
  const retryable = response.status === 429 || response.status >= 500;
  const message = `The server refused the request (${response.status}${response.statusText ? ` ${response.statusText}` : ''}).`;
  try {
    const body = await response.json() as { error?: unknown };
    if (typeof body.error === 'object' && body.error !== null) return errorEvent(body.error as Record<string, unknown>, message, retryable);
  } catch {
    // not JSON (a proxy's error page): keep the status line
  }
  return { type: 'error', message, retryable };
}
