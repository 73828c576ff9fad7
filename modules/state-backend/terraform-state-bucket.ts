import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { denyInsecureTransport, policyJson } from '../shared/policy-document';

export interface TerraformStateBucketProps {
  /** Globally unique bucket name; use `stateBucketName()` so the other stacks' backends agree. */
  readonly bucketName: string;
  /**
   * Days a replaced or deleted state version is kept before it expires. Old versions are how a
   * corrupted or wrongly written state is rolled back, so keep this well above a release cycle.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which an unfinished multipart upload (a crashed `terraform apply`) is aborted.
   * @default 7
   */
  readonly abortIncompleteMultipartUploadDays?: number;
}

const DEFAULTS = {
  noncurrentVersionExpirationDays: 90,
  abortIncompleteMultipartUploadDays: 7,
} satisfies Partial<TerraformStateBucketProps>;

/**
 * The S3 bucket every other stack keeps its Terraform state in (native `.tflock` locking, so no
 * DynamoDB table): versioned, encrypted with its own rotating KMS key, never public, TLS only.
 */
export class TerraformStateBucket extends Construct {
  readonly bucket: S3Bucket;
  /** The bucket name as a literal string (usable where Terraform takes no references). */
  readonly bucketName: string;
  /** The bucket ARN (a reference, so policies that use it depend on the bucket). */
  readonly bucketArn: string;
  readonly encryptionKey: KmsKey;

  constructor(scope: Construct, id: string, props: TerraformStateBucketProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    for (const field of ['noncurrentVersionExpirationDays', 'abortIncompleteMultipartUploadDays'] as const) {
      if (!Number.isInteger(resolved[field]) || resolved[field] < 1) {
        throw new Error(`TerraformStateBucket: ${field} must be a whole number of days >= 1, got ${resolved[field]}`);
      }
    }

    // A dedicated key (not aws/s3) so access to state can be granted and audited separately from
    // every other bucket. No custom key policy: the account's default policy delegates to IAM,
    // where the CI roles get exactly Decrypt/Encrypt/GenerateDataKey on this key.
    this.encryptionKey = new KmsKey(this, 'key', {
      description: `Encrypts the Terraform state in ${resolved.bucketName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      // Without the key every state version is unreadable, which is as bad as losing the bucket.
      lifecycle: { preventDestroy: true },
    });

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: resolved.bucketName,
      forceDestroy: false,
      // Losing the state orphans every environment: Terraform would no longer know the resources it
      // made. Deleting this bucket has to be a deliberate code change, never a side effect.
      lifecycle: { preventDestroy: true },
      tags: { Name: resolved.bucketName },
    });
    // The literal name, not a reference: the other stacks' `backend "s3"` blocks take no references.
    this.bucketName = resolved.bucketName;
    this.bucketArn = this.bucket.arn;

    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket: this.bucket.id,
      versioningConfiguration: { status: 'Enabled' },
    });

    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: this.encryptionKey.arn },
          // One data key per bucket instead of one KMS call per object write: cheaper, fewer throttles.
          bucketKeyEnabled: true,
        },
      ],
    });

    const publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });

    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });

    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-noncurrent-state-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: resolved.noncurrentVersionExpirationDays }],
          // Delete markers left once all older versions of a removed key have expired.
          expiration: [{ expiredObjectDeleteMarker: true }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: resolved.abortIncompleteMultipartUploadDays }],
        },
      ],
      // Noncurrent-version rules only mean something on a versioned bucket (provider docs advise this order).
      dependsOn: [versioning],
    });

    new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: policyJson(denyInsecureTransport(this.bucket.arn)),
      // Concurrent configuration calls on a new bucket can fail with OperationAborted; serialise them.
      dependsOn: [publicAccessBlock],
    });
  }
}
