/**
 * A problem with the request that the client can fix: the error boundary answers it with its
 * status and `{ error: { code, message } }`, never a 5xx.
 */
export class RequestError extends Error {
  constructor(
    /** A 4xx status (or 503 for draining). */
    readonly status: number,
    /** Stable, machine-readable code, e.g. `invalid_json`. */
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly requestId?: string };
}
