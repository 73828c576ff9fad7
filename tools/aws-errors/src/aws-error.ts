/**
 * What kind of failure an AWS SDK v3 call ended with, read from the error the SDK throws: no
 * credentials, expired or rejected credentials, a denied permission, throttling that outlasted
 * the SDK's retries, an endpoint that could not be reached, or the service's own error. The tools
 * (leak-report, teardown, slo-report, stack-lifecycle) word their messages from this one reading,
 * each with its own fix; none of them matches SDK error names by itself.
 */

export type AwsErrorKind = 'no-credentials' | 'expired-credentials' | 'rejected-credentials' | 'access-denied' | 'throttled' | 'unreachable' | 'service';

export interface AwsErrorFacts {
  readonly kind: AwsErrorKind;
  /** The SDK's error name (the service's error code), e.g. `AccessDeniedException`. */
  readonly name: string;
  /** The message on one line. */
  readonly message: string;
  readonly httpStatus?: number;
  /** Attempts the SDK made (more than one: it retried). */
  readonly attempts?: number;
  /** The network error code when the endpoint could not be reached (ECONNREFUSED...). */
  readonly networkCode?: string;
  /** The principal an access-denied message names (`User: <arn> is not authorized`). */
  readonly principal?: string;
}

const NO_CREDENTIALS = new Set(['CredentialsProviderError', 'TokenProviderError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const REJECTED = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError', 'Forbidden']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException', 'SlowDown']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SdkErrorLike {
  name?: string;
  message?: string;
  /** Query-protocol services (EC2) also carry the code here. */
  Code?: string;
  code?: string;
  cause?: { code?: string };
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function classifyAwsError(error: unknown): AwsErrorFacts {
  const e = (error ?? {}) as SdkErrorLike;
  const name = e.name ?? 'Error';
  const code = e.Code ?? '';
  const message = oneLine(e.message ?? (error instanceof Error ? '' : String(error)));
  const httpStatus = e.$metadata?.httpStatusCode;
  const attempts = e.$metadata?.attempts;
  const networkCode = [e.code, e.cause?.code].find((c) => c !== undefined && UNREACHABLE.has(c));
  const facts = { name, message, ...(httpStatus === undefined ? {} : { httpStatus }), ...(attempts === undefined ? {} : { attempts }) };
  const is = (names: ReadonlySet<string>) => names.has(name) || names.has(code);
  if (is(NO_CREDENTIALS)) return { kind: 'no-credentials', ...facts };
  if (is(EXPIRED)) return { kind: 'expired-credentials', ...facts };
  if (is(REJECTED)) return { kind: 'rejected-credentials', ...facts };
  if (is(DENIED) || httpStatus === 403) {
    const principal = /User: (\S+) is not authorized/.exec(message)?.[1];
    return { kind: 'access-denied', ...facts, ...(principal === undefined ? {} : { principal }) };
  }
  if (is(THROTTLED) || httpStatus === 429) return { kind: 'throttled', ...facts };
  if (networkCode !== undefined) return { kind: 'unreachable', ...facts, networkCode };
  return { kind: 'service', ...facts };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
