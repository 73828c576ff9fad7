/**
 * The SDK clients the checks use, one per service and region, with the caller's own credentials
 * (the SDK's default chain: environment, profile, SSO, web identity in CI). Endpoints come from the
 * SDK's own settings, so AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> (LocalStack, tests) work.
 * Throttling and 5xx answers are retried with the SDK's standard backoff.
 */
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { KMSClient } from '@aws-sdk/client-kms';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { Route53Client } from '@aws-sdk/client-route-53';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClientOptions {
  /** Tries per request (throttling, 5xx, timeouts), with the SDK's backoff in between. @default 6 */
  readonly maxAttempts?: number;
  /** Environment the endpoint overrides are read from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export class AwsClients {
  private readonly cache = new Map<string, unknown>();
  private readonly maxAttempts: number;
  private readonly pathStyle: boolean;

  constructor(options: AwsClientOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? 6;
    const env = options.env ?? process.env;
    // A custom S3 endpoint (LocalStack, MinIO, a test's loopback) serves buckets by path, not host.
    this.pathStyle = Boolean(env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL);
  }

  public tagging(region: string): ResourceGroupsTaggingAPIClient {
    return this.client('tagging', region, (c) => new ResourceGroupsTaggingAPIClient(c));
  }

  public ec2(region: string): EC2Client {
    return this.client('ec2', region, (c) => new EC2Client(c));
  }

  public elbv2(region: string): ElasticLoadBalancingV2Client {
    return this.client('elbv2', region, (c) => new ElasticLoadBalancingV2Client(c));
  }

  public logs(region: string): CloudWatchLogsClient {
    return this.client('logs', region, (c) => new CloudWatchLogsClient(c));
  }

  /** EKS (tools/teardown: the cluster's endpoint and CA). */
  public eks(region: string): EKSClient {
    return this.client('eks', region, (c) => new EKSClient(c));
  }

  public ecr(region: string): ECRClient {
    return this.client('ecr', region, (c) => new ECRClient(c));
  }

  public kms(region: string): KMSClient {
    return this.client('kms', region, (c) => new KMSClient(c));
  }

  /** Route53 is global: its API is signed for us-east-1. */
  public route53(): Route53Client {
    return this.client('route53', 'us-east-1', (c) => new Route53Client(c));
  }

  public s3(region: string): S3Client {
    return this.client('s3', region, (c) => new S3Client({ ...c, forcePathStyle: this.pathStyle, followRegionRedirects: true }));
  }

  public sts(region: string): STSClient {
    return this.client('sts', region, (c) => new STSClient(c));
  }

  /** Close every client's sockets (the CLI exits right after; tests call it). */
  public destroy(): void {
    for (const client of this.cache.values()) (client as { destroy(): void }).destroy();
    this.cache.clear();
  }

  private client<T>(service: string, region: string, make: (config: BaseConfig) => T): T {
    const key = `${service}@${region}`;
    let client = this.cache.get(key) as T | undefined;
    if (!client) {
      client = make({
        region,
        maxAttempts: this.maxAttempts,
        // No request may hang the report: a service that does not answer is "not checked".
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
      });
      this.cache.set(key, client);
    }
    return client;
  }
}

interface BaseConfig {
  region: string;
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number };
}
