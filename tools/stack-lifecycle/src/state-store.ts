/**
 * Reads what the pre-flight checks need from the Terraform state, with the caller's own AWS
 * credentials (the SDK's default chain: the same environment, profile or SSO session terraform
 * uses): does the state bucket exist, and how many managed resources does a stack's state hold.
 * Nothing is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { GetObjectCommand, HeadBucketCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { LifecycleError } from './lifecycle-errors';
import { describeLocation, type StateLocation } from './stack-backends';
import { classifyAwsError } from '../../aws-errors/src/aws-error';

/** What `npx projen deploy bootstrap` makes, for the fix in messages. */
const BOOTSTRAP_FIX = 'deploy the bootstrap stack of this account first (README, Deploy step 1: npx projen deploy bootstrap)';

export interface StateStore {
  /** Resolves when `bucket` exists and the caller may use it; throws a LifecycleError otherwise. */
  checkBucket(bucket: string, region: string): Promise<void>;
  /** Managed resources in the state at `location`, or `undefined` when there is no state yet. */
  managedResources(location: StateLocation): Promise<number | undefined>;
}

/** A store over S3 (and local files for stacks with a local backend). */
export class S3StateStore implements StateStore {
  private readonly clients = new Map<string, S3Client>();

  /** @param maxAttempts tries per request, with the SDK's backoff between them (throttling, 5xx). */
  constructor(private readonly maxAttempts = 4) {}

  public async checkBucket(bucket: string, region: string): Promise<void> {
    try {
      await this.client(region).send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const status = httpStatus(error);
      if (status === 404) throw new LifecycleError(`the state bucket ${bucket} does not exist in ${region}: ${BOOTSTRAP_FIX}, or fix state in config/project.yaml`);
      if (status === 301 || status === 400) {
        throw new LifecycleError(`the state bucket ${bucket} is not in ${region} (S3 answered ${status}); set state.region in config/project.yaml to the bucket's region`);
      }
      throw describeFailure(error, `check the state bucket ${bucket} (s3:ListBucket)`);
    }
  }

  public async managedResources(location: StateLocation): Promise<number | undefined> {
    if (location.kind === 'local') return existsSync(location.path) ? countManaged(readFileSync(location.path, 'utf8'), location.path) : undefined;
    let text: string;
    try {
      const object = await this.client(location.region).send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      text = (await object.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (error instanceof S3ServiceException && error.name === 'NoSuchKey') return undefined;
      throw describeFailure(error, `read the state ${describeLocation(location)} (s3:GetObject)`);
    }
    return countManaged(text, describeLocation(location));
  }

  private client(region: string): S3Client {
    let client = this.clients.get(region);
    if (!client) {
      // AWS_ENDPOINT_URL_S3 (LocalStack, MinIO, tests) is honoured by the SDK itself; such
      // endpoints serve buckets by path, not by host name.
      const customEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL);
      client = new S3Client({ region, forcePathStyle: customEndpoint, maxAttempts: this.maxAttempts });
      this.clients.set(region, client);
    }
    return client;
  }
}

/** Managed resources with at least one instance in a Terraform state document. */
export function countManaged(text: string, where: string): number {
  let state: { resources?: Array<{ mode?: string; instances?: unknown[] }> };
  try {
    state = JSON.parse(text) as typeof state;
  } catch (error) {
    throw new LifecycleError(`${where} is not a Terraform state file (${(error as Error).message})`);
  }
  if (typeof state !== 'object' || state === null || (state.resources !== undefined && !Array.isArray(state.resources))) {
    throw new LifecycleError(`${where} is not a Terraform state file (no resources list)`);
  }
  return (state.resources ?? []).filter((r) => r.mode === 'managed' && (r.instances?.length ?? 0) > 0).length;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** One sentence for a failure that is not about the bucket's existence. */
function describeFailure(error: unknown, what: string): LifecycleError {
  const f = classifyAwsError(error);
  if (f.kind === 'no-credentials') {
    return new LifecycleError(`no AWS credentials to ${what}: sign in first (aws sso login, AWS_PROFILE or the AWS_ACCESS_KEY_ID variables) with access to the account in config/project.yaml`);
  }
  if (f.kind === 'access-denied') {
    return new LifecycleError(`access denied when trying to ${what} with the current AWS credentials: use a role of the account in config/project.yaml that may read the state bucket`);
  }
  if (f.kind === 'expired-credentials') return new LifecycleError(`the AWS session has expired (${f.name}) when trying to ${what}; sign in again (aws sso login) and rerun`);
  return new LifecycleError(`could not ${what}: ${f.httpStatus ? `S3 answered ${f.httpStatus} (${f.name}): ` : ''}${f.message || f.name}`);
}
