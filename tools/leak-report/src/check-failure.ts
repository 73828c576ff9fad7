/**
 * Why a check could not run, in one line: the service's error code and message (AccessDenied names
 * the action that was denied), or what went wrong before the service answered.
 */

interface ServiceErrorLike {
  name?: string;
  message?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/** Error codes that mean "these credentials may not": said as such, with the fix. */
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError']);

export function describeFailure(error: unknown): string {
  const e = (error ?? {}) as ServiceErrorLike;
  const name = e.name ?? 'Error';
  const message = (e.message ?? String(error)).replace(/\s+/g, ' ').trim();
  const status = e.$metadata?.httpStatusCode;
  if (name === 'CredentialsProviderError') return `no AWS credentials (${message})`;
  if (name === 'PartialCheckError') return message;
  if (DENIED.has(name) || DENIED.has(e.Code ?? '')) return `access denied (${name}${status ? `, HTTP ${status}` : ''}): ${message}`;
  const attempts = e.$metadata?.attempts && e.$metadata.attempts > 1 ? ` after ${e.$metadata.attempts} attempts` : '';
  if (status) return `${name} (HTTP ${status}${attempts}): ${message}`;
  return `${name}${attempts}: ${message}`;
}

/** Is it the caller's permissions (as opposed to the service or the network)? */
export function isAccessDenied(error: unknown): boolean {
  const e = (error ?? {}) as ServiceErrorLike;
  return DENIED.has(e.name ?? '') || DENIED.has(e.Code ?? '');
}

/** A check that read most of what it looks at, but not all: its message says what was missed. */
export class PartialCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartialCheckError';
  }
}
