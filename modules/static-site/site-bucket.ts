import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { denyInsecureTransport, policyJson } from '../shared/policy-document';

export interface SiteBucketProps {
  /** Globally unique S3 bucket name. */
  readonly bucketName: string;
  /**
   * Empty the bucket (every object version) on destroy instead of failing.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Days a replaced or deleted object version is kept, so a bad upload can be rolled back.
   * @default 30
   */
  readonly noncurrentVersionExpiryDays?: number;
  /**
   * Days after which an unfinished multipart upload is aborted (its parts are billed until then).
   * @default 7
   */
  readonly abortIncompleteUploadDays?: number;
}

const DEFAULTS = {
  forceDestroy: false,
  noncurrentVersionExpiryDays: 30,
  abortIncompleteUploadDays: 7,
} satisfies Partial<SiteBucketProps>;

/**
 * The private origin bucket of a static site: no public access, no ACLs, encrypted, versioned.
 * Only the CloudFront distribution named in `allowDistributionRead` may read it.
 */
export class SiteBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketName: string;
  readonly bucketArn: string;
  /** Regional domain name: CloudFront must use it with OAC (the global one can redirect). */
  readonly bucketRegionalDomainName: string;
  private readonly publicAccessBlock: S3BucketPublicAccessBlock;
  private policy?: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SiteBucketProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };

    this.bucket = new S3Bucket(this, 'bucket', { bucket: resolved.bucketName, forceDestroy: resolved.forceDestroy });
    const bucket = this.bucket.id;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    // SSE-S3, not SSE-KMS: with a KMS key, CloudFront (OAC) can only read objects if the key policy
    // allows cloudfront.amazonaws.com to decrypt, which needs a custom key policy. SSE-S3 keeps
    // every key policy at its default and still encrypts at rest.
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: resolved.noncurrentVersionExpiryDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: resolved.abortIncompleteUploadDays }],
        },
      ],
    });

    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;
    this.bucketRegionalDomainName = this.bucket.bucketRegionalDomainName;
  }

  /**
   * Attach the bucket policy: TLS only, and `s3:GetObject` for the one distribution (OAC).
   * Called once, after the distribution exists, because the policy names its ARN.
   */
  allowDistributionRead(distributionArn: string): S3BucketPolicy {
    if (this.policy) throw new Error(`SiteBucket ${this.node.path}: allowDistributionRead was already called (a bucket has one policy)`);
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyJson(denyInsecureTransport(this.bucketArn), {
        Sid: 'AllowCloudFrontRead',
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: `${this.bucketArn}/*`,
        Condition: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      }),
      // S3 rejects concurrent configuration changes to one bucket ("OperationAborted"), and the
      // policy must not land before the public access block is in force.
      dependsOn: [this.publicAccessBlock],
    });
    return this.policy;
  }
}
