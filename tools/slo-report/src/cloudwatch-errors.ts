/**
 * One line for a failed CloudWatch call, naming the problem and the fix: no credentials, an
 * expired session, a missing permission (named), throttling that outlasted the SDK's retries, an
 * endpoint that cannot be reached. Anything else keeps CloudWatch's own code and message.
 */
import { SloReportError } from './report-errors';
import { classifyAwsError } from '../../aws-errors/src/aws-error';

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

export function describeCloudWatchError(error: unknown, call: CallContext): SloReportError {
  const f = classifyAwsError(error);
  const permission = `cloudwatch:${call.operation}`;
  const where = `account ${call.accountId} (${call.region})`;
  switch (f.kind) {
    case 'no-credentials':
      return new SloReportError(
        `no AWS credentials to read CloudWatch in ${where}: sign in first (aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) with a role of that account`,
      );
    case 'expired-credentials':
      return new SloReportError(`the AWS session has expired (${f.name}); sign in again (aws sso login) and rerun`);
    case 'rejected-credentials':
      return new SloReportError(`AWS rejected the credentials (${f.name}: ${f.message}); check AWS_PROFILE or the AWS_ACCESS_KEY_ID variables for ${where}`);
    case 'access-denied':
      return new SloReportError(
        `access denied: ${f.principal ?? 'the current AWS credentials'} may not call ${permission} (to ${call.purpose}); ` +
          `use a role of ${where} allowed ${REQUIRED_PERMISSIONS.join(' and ')}`,
      );
    case 'throttled':
      return new SloReportError(
        `CloudWatch kept throttling ${call.operation} (${f.name}) after ${f.attempts ?? call.maxAttempts} attempts with backoff by the AWS SDK; wait a minute and rerun, ` +
          'or check what else calls CloudWatch in this account',
      );
    case 'unreachable':
      return new SloReportError(`could not reach CloudWatch in ${call.region} to ${call.purpose} (${f.networkCode}); check the network, proxy or AWS_ENDPOINT_URL_CLOUDWATCH`);
    default:
      return new SloReportError(`could not ${call.purpose}: ${call.operation} failed${f.httpStatus ? ` with HTTP ${f.httpStatus}` : ''} (${f.name}${f.message ? `: ${f.message}` : ''})`);
  }
}
