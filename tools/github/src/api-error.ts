/**
 * Turns Octokit's HTTP errors into one line a person can act on: which operation failed, the
 * status, GitHub's own message, and the usual cause. The CLIs print `message` and nothing else,
 * so no stack trace (and no request headers, which carry the token) ever reaches a log.
 */

/** A GitHub REST call that failed; `status` is the HTTP status (0 when no response arrived). */
export class GitHubApiError extends Error {
  public readonly status: number;
  public readonly operation: string;

  constructor(operation: string, status: number, message: string) {
    super(message);
    this.name = 'GitHubApiError';
    this.operation = operation;
    this.status = status;
  }
}

interface HttpErrorLike {
  readonly status: number;
  readonly message: string;
  readonly response?: { readonly data?: unknown };
}

function isHttpError(error: unknown): error is HttpErrorLike {
  // Duck-typed: @octokit/request-error is ESM-only and its class identity differs between the
  // copies npm may install; `status` plus `message` is all we read.
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
    && typeof (error as { message?: unknown }).message === 'string';
}

interface ValidationDetail {
  readonly message?: string;
  readonly field?: string;
  readonly code?: string;
}

/** GitHub's `message`, plus the first validation details of a 422. */
function githubMessage(error: HttpErrorLike): string {
  const firstLine = error.message.split('\n')[0];
  const data = error.response?.data;
  if (typeof data !== 'object' || data === null) return firstLine;
  const { message, errors } = data as { message?: unknown; errors?: unknown };
  const text = typeof message === 'string' ? message : firstLine;
  if (!Array.isArray(errors)) return text;
  const details = errors.slice(0, 3)
    .map((e: unknown) => (typeof e === 'string' ? e : (e as ValidationDetail).message ?? [(e as ValidationDetail).field, (e as ValidationDetail).code].filter(Boolean).join(' ')))
    .filter((detail) => detail !== '');
  return details.length > 0 ? `${text} (${details.join('; ')})` : text;
}

function likelyCause(status: number): string {
  if (status === 401) return 'the token is missing, expired or invalid';
  if (status === 403) return 'the token lacks a permission this needs (check the workflow\'s `permissions:`; pull requests from forks get a read-only token), or a rate limit was hit';
  if (status === 404) return 'not found, or the token cannot see it (check --repo and the number)';
  if (status === 409) return 'it conflicts with the current state on GitHub';
  if (status === 410) return 'gone (disabled on this repository, or deleted)';
  if (status === 422) return 'GitHub rejected the request as invalid';
  if (status >= 500) return 'GitHub had an internal error; re-run the job';
  return '';
}

/** The error for a failed call, or the original error when it is not an HTTP error. */
export function describeApiFailure(operation: string, error: unknown): unknown {
  if (error instanceof GitHubApiError || !isHttpError(error)) return error;
  // Octokit reports a request that never got a response (DNS, refused connection, TLS) as a
  // status 500 without a response; saying "GitHub had an internal error" would mislead.
  if (error.response === undefined) {
    return new GitHubApiError(operation, 0, `GitHub API: ${operation} failed: no response from GitHub (${error.message.split('\n')[0]})`);
  }
  const cause = likelyCause(error.status);
  return new GitHubApiError(operation, error.status,
    `GitHub API: ${operation} failed with HTTP ${error.status}: ${githubMessage(error)}${cause ? ` — ${cause}` : ''}`);
}

/** Runs one API call and rethrows its failure as a {@link GitHubApiError} naming `operation`. */
export async function callGitHub<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describeApiFailure(operation, error);
  }
}
