/**
 * One line for a failed CloudWatch call, naming the problem and the fix: no credentials, an
 * expired session, a missing permission (named), throttling that outlasted the SDK's retries, an
 * endpoint that cannot be reached. Anything else keeps CloudWatch's own code and message.
 */
import { SloReportError } from './report-errors';

export type CloudWatchOperation = 'GetMetricData' | 'DescribeAlarms';

export interface CallContext {
  readonly operation: CloudWatchOperation;
  /** What the call was for, e.g. "read the SLO window of prod". */
  readonly purpose: string;
  readonly accountId: string;
  readonly region: string;
  /** Attempts the SDK makes per call (retries with backoff on throttling and 5xx). */
  readonly maxAttempts: number;
}

/** Every permission the report needs, for the access-denied fix. */
export const REQUIRED_PERMISSIONS = ['cloudwatch:GetMetricData', 'cloudwatch:DescribeAlarms'] as const;

const THROTTLING = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);
const BAD_CREDENTIALS = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'IncompleteSignature']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

interface SdkError {
  name?: string;
  message?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

export function describeCloudWatchError(error: unknown, call: CallContext): SloReportError {
  const e = (error ?? {}) as SdkError;
  const name = e.name ?? 'Error';
  const permission = `cloudwatch:${call.operation}`;
  const where = `account ${call.accountId} (${call.region})`;
  const status = e.$metadata?.httpStatusCode;
  const message = oneLine(e.message ?? '');
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError') {
    return new SloReportError(
      `no AWS credentials to read CloudWatch in ${where}: sign in first (aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) with a role of that account`,
    );
  }
  if (EXPIRED.has(name)) return new SloReportError(`the AWS session has expired (${name}); sign in again (aws sso login) and rerun`);
  if (BAD_CREDENTIALS.has(name)) {
    return new SloReportError(`AWS rejected the credentials (${name}: ${message}); check AWS_PROFILE or the AWS_ACCESS_KEY_ID variables for ${where}`);
  }
  if (DENIED.has(name) || status === 403) {
    const principal = /User: (\S+) is not authorized/.exec(message)?.[1];
    return new SloReportError(
      `access denied: ${principal ?? 'the current AWS credentials'} may not call ${permission} (to ${call.purpose}); ` +
        `use a role of ${where} allowed ${REQUIRED_PERMISSIONS.join(' and ')}`,
    );
  }
  if (THROTTLING.has(name) || status === 429) {
    const attempts = e.$metadata?.attempts ?? call.maxAttempts;
    return new SloReportError(
      `CloudWatch kept throttling ${call.operation} (${name}) after ${attempts} attempts with backoff by the AWS SDK; wait a minute and rerun, ` +
        'or check what else calls CloudWatch in this account',
    );
  }
  const code = e.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new SloReportError(`could not reach CloudWatch in ${call.region} to ${call.purpose} (${code}); check the network, proxy or AWS_ENDPOINT_URL_CLOUDWATCH`);
  }
  return new SloReportError(`could not ${call.purpose}: ${call.operation} failed${status ? ` with HTTP ${status}` : ''} (${name}${message ? `: ${message}` : ''})`);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
