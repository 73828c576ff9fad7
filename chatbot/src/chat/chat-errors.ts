/**
 * How a failed answer is told to the client: an HTTP status (JSON mode) and a short, fixed
 * message per code. Provider messages can hold upstream details (ARNs, request ids, quotas), so
 * they go to the logs and span, never to the user.
 */
import { ChatErrorCode, ChatProviderError } from '../providers/chat-provider';

/** Codes the client can see in an `error` event or JSON error answer. */
export type ClientErrorCode = Exclude<ChatErrorCode, 'aborted'> | 'shutting_down' | 'internal';

export interface ClientError {
  readonly status: number;
  readonly code: ClientErrorCode;
  readonly message: string;
  /** Whether sending the same message again later may work (the UI offers a retry). */
  readonly retryable: boolean;
}

const ANSWERS: Readonly<Record<ClientErrorCode, Omit<ClientError, 'code'>>> = {
  throttled: { status: 503, message: 'The model is busy right now. Please try again in a moment.', retryable: true },
  upstream_timeout: { status: 504, message: 'The model took too long to answer. Please try again.', retryable: true },
  upstream_unavailable: { status: 503, message: 'The model service is unavailable. Please try again shortly.', retryable: true },
  model_error: { status: 502, message: 'The model could not answer this request.', retryable: true },
  content_filtered: { status: 422, message: 'The request or answer was blocked by the content policy.', retryable: false },
  bad_request: { status: 400, message: 'The model rejected this conversation (it may be too long for the model).', retryable: false },
  shutting_down: { status: 503, message: 'The server is restarting. Please send your message again.', retryable: true },
  internal: { status: 500, message: 'Something went wrong while answering. Please try again.', retryable: true },
};

/** The client's view of a failure; `aborted` during shutdown is `shutting_down`. */
export function toClientError(err: unknown, shuttingDown: boolean): ClientError {
  if (shuttingDown) return { code: 'shutting_down', ...ANSWERS.shutting_down };
  if (err instanceof ChatProviderError && err.code !== 'aborted') return { code: err.code, ...ANSWERS[err.code] };
  return { code: 'internal', ...ANSWERS.internal };
}
