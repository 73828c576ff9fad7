/**
 * Turns what a Bedrock call threw into a ChatProviderError and the provider's next move: try the
 * same model again, go to the fallback model, or give up. The DESIGN ("Chatbot contract") falls
 * back on throttling, 5xx and timeouts only; 4xx errors (bad model id, no model access, invalid
 * request) are configuration or input faults another model would hide, so they surface at once.
 */
import { ChatErrorCode, ChatProviderError } from './chat-provider';

/** The provider's own reason for stopping an attempt: the model sent no text in time. */
export class FirstTokenTimeout extends Error {
  constructor(readonly modelId: string, readonly timeoutMs: number) {
    super(`${modelId} sent no text within ${timeoutMs} ms`);
    this.name = 'FirstTokenTimeout';
  }
}

/** The provider's own reason for stopping: the whole answer ran past its deadline. */
export class TotalTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The answer took longer than ${timeoutMs} ms`);
    this.name = 'TotalTimeout';
  }
}

/** The event stream ended without `messageStop`: the connection was cut. */
export class IncompleteStream extends Error {
  constructor(modelId: string) {
    super(`The stream from ${modelId} ended before the answer was complete`);
    this.name = 'IncompleteStream';
  }
}

/** What to do about a failed attempt. */
export interface UpstreamFailure {
  readonly error: ChatProviderError;
  /** A short machine-readable cause for retry/fallback events, e.g. `ThrottlingException`. */
  readonly reason: string;
  /** Another attempt on the same model may succeed (throttling, 5xx, a cut connection). */
  readonly retry: boolean;
  /** The fallback model may answer (throttling, 5xx, timeouts). */
  readonly fallback: boolean;
}

/** What each Bedrock exception means for the provider. */
const NAMED = new Map<string, 'throttled' | 'upstream_timeout' | 'upstream_unavailable' | 'model_error'>([
  ['ThrottlingException', 'throttled'],
  ['ServiceQuotaExceededException', 'throttled'],
  ['TooManyRequestsException', 'throttled'],
  ['ModelTimeoutException', 'upstream_timeout'],
  ['TimeoutError', 'upstream_timeout'],
  ['InternalServerException', 'upstream_unavailable'],
  ['ServiceUnavailableException', 'upstream_unavailable'],
  ['ModelNotReadyException', 'upstream_unavailable'],
  ['ModelStreamErrorException', 'upstream_unavailable'],
  ['ValidationException', 'model_error'],
  ['AccessDeniedException', 'model_error'],
  ['ResourceNotFoundException', 'model_error'],
  ['ModelErrorException', 'model_error'],
]);

/** Classifies anything a ConverseStream attempt threw (SDK exceptions, network errors, our own timeouts). */
export function classifyBedrockError(error: unknown, modelId: string): UpstreamFailure {
  if (error instanceof FirstTokenTimeout) {
    // No same-model retry: the user has already waited the whole first-token budget on this model.
    return failure('upstream_timeout', error.message, 'first_token_timeout', false, true, error);
  }
  if (error instanceof TotalTimeout) return failure('upstream_timeout', error.message, 'total_timeout', false, false, error);
  if (error instanceof IncompleteStream) return failure('upstream_unavailable', error.message, 'incomplete_stream', true, true, error);
  const name = errorName(error);
  const status = httpStatus(error);
  const fault = (error as { $fault?: unknown } | undefined)?.$fault;
  // The exception name decides first (ModelNotReadyException comes with a 429 but is an
  // unavailable model, not a quota); the status and fault cover unmodeled errors.
  const kind = NAMED.get(name)
    ?? (status === 429 ? 'throttled' : undefined)
    ?? (status === 408 ? 'upstream_timeout' : undefined)
    ?? ((status !== undefined && status >= 500) || fault === 'server' ? 'upstream_unavailable' : undefined)
    ?? ((status !== undefined && status >= 400) || fault === 'client' ? 'model_error' : undefined);
  switch (kind) {
    case 'throttled':
      return failure(kind, `Bedrock is throttling requests to ${modelId}; try again in a moment`, name, true, true, error);
    case 'upstream_timeout':
      return failure(kind, `${modelId} did not answer in time (${name})`, name, false, true, error);
    case 'upstream_unavailable':
      return failure(kind, `Bedrock could not answer with ${modelId} (${name})`, name, true, true, error);
    case 'model_error':
      // The upstream message stays in `cause` (logs, span) rather than the answer: for access
      // errors it names the IAM role and the account.
      return failure(kind, `Bedrock rejected the request to ${modelId} (${name})`, name, false, false, error);
    default:
      // No HTTP answer at all: a refused, reset or closed connection.
      return failure('upstream_unavailable', `Bedrock could not be reached for ${modelId} (${name})`, name, true, true, error);
  }
}

/** The error for text already streamed and then lost: never followed by another model's answer. */
export function cutOffError(modelId: string, cause: unknown): ChatProviderError {
  return withCause(new ChatProviderError('upstream_unavailable', `The answer from ${modelId} was cut off; try again`, true), cause);
}

/** The error for a request whose signal aborted (client gone, server draining). */
export function abortedError(cause?: unknown): ChatProviderError {
  return withCause(new ChatProviderError('aborted', 'The answer was aborted', false), cause);
}

function failure(code: ChatErrorCode, message: string, reason: string, retry: boolean, fallback: boolean, cause: unknown): UpstreamFailure {
  // `retryable` tells the client whether asking again later may help: everything but a rejection.
  return { error: withCause(new ChatProviderError(code, message, code !== 'model_error'), cause), reason, retry, fallback };
}

function withCause(error: ChatProviderError, cause: unknown): ChatProviderError {
  if (cause !== undefined) error.cause = cause;
  return error;
}

function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const { name, code } = error as { name?: unknown; code?: unknown };
  // Node network errors are all named `Error`; their code (ECONNRESET, ERR_HTTP2_STREAM_ERROR) says more.
  if (name === 'Error' && typeof code === 'string') return code;
  return typeof name === 'string' && name !== '' ? name : 'UnknownError';
}

function httpStatus(error: unknown): number | undefined {
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}
