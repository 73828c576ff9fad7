import { TerraformOutput } from 'cdktf';
import { expect } from 'chai';
import { TerraformStateBucket, type TerraformStateBucketProps } from '../../../modules/state-backend/terraform-state-bucket';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

const BUCKET = 'qa-tfstate-111122223333-eu-west-1';

function synthBucket(props: Partial<TerraformStateBucketProps> = {}): { json: TerraformJson; bucket: TerraformStateBucket } {
  let bucket: TerraformStateBucket | undefined;
  const json = synthConstructs((stack) => {
    bucket = new TerraformStateBucket(stack, 'state', { bucketName: BUCKET, ...props });
  });
  return { json, bucket: bucket! };
}

describe('TerraformStateBucket', () => {
  const { json, bucket } = synthBucket();
  const bucketId = Object.keys(resourcesOf(json, 'aws_s3_bucket'))[0];
  const keyId = Object.keys(resourcesOf(json, 'aws_kms_key'))[0];
  const bucketRef = `\${aws_s3_bucket.${bucketId}.id}`;

  it('names the bucket and can never be destroyed by a plan', () => {
    const s3 = onlyResource(json, 'aws_s3_bucket');
    expect(s3.bucket).to.equal(BUCKET);
    expect(s3.lifecycle).to.deep.equal({ prevent_destroy: true });
    expect(s3.force_destroy).to.equal(false);
  });

  it('exposes the literal name and references to the bucket ARN and key', () => {
    expect(bucket.bucketName).to.equal(BUCKET);
    const outputs = synthConstructs((stack) => {
      const b = new TerraformStateBucket(stack, 'state', { bucketName: BUCKET });
      new TerraformOutput(stack, 'arn', { value: b.bucketArn });
      new TerraformOutput(stack, 'key', { value: b.encryptionKey.arn });
    }).output;
    expect(outputs?.arn.value).to.equal(`\${aws_s3_bucket.${bucketId}.arn}`);
    expect(outputs?.key.value).to.equal(`\${aws_kms_key.${keyId}.arn}`);
  });

  it('versions every state write', () => {
    const versioning = onlyResource(json, 'aws_s3_bucket_versioning');
    expect(versioning.bucket).to.equal(bucketRef);
    expect(versioning.versioning_configuration).to.deep.equal({ status: 'Enabled' });
  });

  it('encrypts with its own rotating KMS key and a bucket key', () => {
    const key = onlyResource(json, 'aws_kms_key');
    expect(key.enable_key_rotation).to.equal(true);
    expect(key).not.to.have.property('policy');
    expect(key.lifecycle).to.deep.equal({ prevent_destroy: true });
    const sse = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.bucket).to.equal(bucketRef);
    expect(sse.rule).to.deep.equal([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `\${aws_kms_key.${keyId}.arn}` }, bucket_key_enabled: true },
    ]);
  });

  it('blocks every kind of public access and disables ACLs', () => {
    const block = onlyResource(json, 'aws_s3_bucket_public_access_block');
    expect(block).to.include({ bucket: bucketRef, block_public_acls: true, block_public_policy: true });
    expect(block).to.include({ ignore_public_acls: true, restrict_public_buckets: true });
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls').rule).to.deep.equal({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('denies every request made without TLS', () => {
    const policy = onlyResource(json, 'aws_s3_bucket_policy');
    expect(policy.bucket).to.equal(bucketRef);
    const arn = `\${aws_s3_bucket.${bucketId}.arn}`;
    expect(parsePolicy(policy.policy).Statement).to.deep.equal([
      { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]);
    const pabId = Object.keys(resourcesOf(json, 'aws_s3_bucket_public_access_block'))[0];
    expect(policy.depends_on).to.deep.equal([`aws_s3_bucket_public_access_block.${pabId}`]);
  });

  it('expires noncurrent versions after 90 days and aborts stale uploads', () => {
    const lifecycle = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration');
    const [rule] = lifecycle.rule;
    expect(rule.status).to.equal('Enabled');
    expect(rule.noncurrent_version_expiration).to.deep.equal([{ noncurrent_days: 90 }]);
    expect(rule.abort_incomplete_multipart_upload).to.deep.equal([{ days_after_initiation: 7 }]);
    const versioningId = Object.keys(resourcesOf(json, 'aws_s3_bucket_versioning'))[0];
    expect(lifecycle.depends_on).to.deep.equal([`aws_s3_bucket_versioning.${versioningId}`]);
  });

  it('takes a custom noncurrent retention', () => {
    const lifecycle = onlyResource(synthBucket({ noncurrentVersionExpirationDays: 30 }).json, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule[0].noncurrent_version_expiration).to.deep.equal([{ noncurrent_days: 30 }]);
  });

  it('rejects retention that is not a positive whole number of days', () => {
    expect(() => synthBucket({ noncurrentVersionExpirationDays: 0 })).to.throw(/noncurrentVersionExpirationDays must be a whole number of days >= 1, got 0/);
    expect(() => synthBucket({ abortIncompleteMultipartUploadDays: 1.5 })).to.throw(/abortIncompleteMultipartUploadDays/);
  });
});
