/**
 * Runs every check against one environment and puts the results together. A check that fails
 * (access denied, throttled past its retries, a timeout) is listed as "not checked" with the
 * reason, and the report is then incomplete: never clean, whatever the other checks found.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './aws-clients';
import { describeFailure } from './check-failure';
import type { Check, CheckContext } from './checks/check';
import { ec2Check } from './checks/ec2';
import { ecrCheck } from './checks/ecr';
import { kmsCheck } from './checks/kms';
import { loadBalancersCheck } from './checks/load-balancers';
import { logGroupsCheck } from './checks/log-groups';
import { route53Check } from './checks/route53';
import { s3Check } from './checks/s3';
import { taggedResourcesCheck } from './checks/tagged-resources';
import { FindingSet, type Finding } from './finding';
import type { EnvironmentScope } from './scope';

export type ReportStatus = 'clean' | 'leftovers' | 'incomplete';

export interface CheckResult {
  readonly name: string;
  readonly calls: readonly string[];
  readonly status: 'checked' | 'not checked';
  /** Why it could not run (with `not checked`). */
  readonly reason?: string;
}

export interface LeakReport {
  readonly scope: EnvironmentScope;
  /** The caller the report ran as (from STS). */
  readonly caller: string;
  readonly findings: readonly Finding[];
  readonly checks: readonly CheckResult[];
  /** Tag-index entries of resources that a listing of their own service shows gone or pending deletion. */
  readonly staleTagIndexEntries: readonly string[];
  readonly status: ReportStatus;
}

/** Stops the report before any check runs (wrong account, no credentials): exit 2 with this message. */
export class LeakReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeakReportError';
  }
}

/** 0 clean, 1 something is left, 2 a check could not run (the report is incomplete). */
export function exitCode(status: ReportStatus): number {
  return status === 'clean' ? 0 : status === 'leftovers' ? 1 : 2;
}

export async function runLeakReport(scope: EnvironmentScope, clients: AwsClients): Promise<LeakReport> {
  const { partition, caller } = await callerIdentity(scope, clients);

  // The tagging checks go first in spirit: EC2, ECR and S3 look up what they found. Each region's
  // ARNs arrive when its check ends, failed or not.
  const tagged: Array<Promise<readonly string[]>> = [];
  const taggingChecks = scope.taggingRegions.map((region) => {
    let done!: (arns: readonly string[]) => void;
    tagged.push(new Promise((resolve) => (done = resolve)));
    return taggedResourcesCheck(region, (arns) => done(arns));
  });
  const context: CheckContext = {
    scope,
    partition,
    clients,
    taggedArns: Promise.all(tagged).then((lists) => lists.flat()),
  };
  const checks: Check[] = [...taggingChecks, ec2Check, loadBalancersCheck, logGroupsCheck, ecrCheck, s3Check, kmsCheck, route53Check];
  const found = new FindingSet();
  const results = await Promise.all(
    checks.map(async (check): Promise<CheckResult> => {
      try {
        await check.run(context, found);
        return { name: check.name, calls: check.calls, status: 'checked' };
      } catch (error) {
        return { name: check.name, calls: check.calls, status: 'not checked', reason: describeFailure(error) };
      }
    }),
  );
  const { findings, staleTagIndexEntries } = found.results();
  const status: ReportStatus = results.some((r) => r.status !== 'checked') ? 'incomplete' : findings.length > 0 ? 'leftovers' : 'clean';
  return { scope, caller, findings, checks: results, staleTagIndexEntries, status };
}

/**
 * Who is asking, and is it the environment's account? A report run with another account's
 * credentials would find nothing and say clean; it stops instead.
 */
export async function callerIdentity(scope: EnvironmentScope, clients: AwsClients): Promise<{ partition: string; caller: string }> {
  let identity;
  try {
    identity = await clients.sts(scope.region).send(new GetCallerIdentityCommand({}));
  } catch (error) {
    throw new LeakReportError(
      `could not tell which AWS account the current credentials belong to (sts:GetCallerIdentity): ${describeFailure(error)}. ` +
        `Sign in to account ${scope.accountId} first (aws sso login, AWS_PROFILE or the AWS_ACCESS_KEY_ID variables)`,
    );
  }
  if (identity.Account !== scope.accountId) {
    throw new LeakReportError(
      `the current credentials are for account ${identity.Account ?? 'unknown'} (${identity.Arn ?? 'unknown caller'}), ` +
        `but environment ${scope.environment} lives in ${scope.accountId}: use credentials of ${scope.accountId}, or nothing there can be checked`,
    );
  }
  const partition = /^arn:([^:]+):/.exec(identity.Arn ?? '')?.[1] ?? 'aws';
  return { partition, caller: identity.Arn ?? identity.Account };
}
