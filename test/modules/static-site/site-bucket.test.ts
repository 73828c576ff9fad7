import { expect } from 'chai';
import { SiteBucket } from '../../../modules/static-site/site-bucket';
import { onlyResource, parsePolicy, resourcesOf, synthConstructs } from '../../support/synth';

const DISTRIBUTION_ARN = 'arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE';

describe('SiteBucket', () => {
  const json = synthConstructs((stack) => {
    new SiteBucket(stack, 'site', { bucketName: 'qa-dev-site' }).allowDistributionRead(DISTRIBUTION_ARN);
  });
  const bucketId = Object.keys(resourcesOf(json, 'aws_s3_bucket'))[0];
  const bucketRef = `\${aws_s3_bucket.${bucketId}.id}`;
  const bucketArn = `\${aws_s3_bucket.${bucketId}.arn}`;

  it('creates the named bucket and keeps objects on destroy by default', () => {
    expect(onlyResource(json, 'aws_s3_bucket')).to.deep.include({ bucket: 'qa-dev-site', force_destroy: false });
  });

  it('blocks every kind of public access and disables ACLs', () => {
    expect(onlyResource(json, 'aws_s3_bucket_public_access_block')).to.deep.equal({
      bucket: bucketRef,
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(json, 'aws_s3_bucket_ownership_controls').rule).to.deep.equal({ object_ownership: 'BucketOwnerEnforced' });
  });

  it('encrypts with SSE-S3 and versions objects', () => {
    const sse = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.bucket).to.equal(bucketRef);
    expect(sse.rule).to.deep.equal([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
    expect(onlyResource(json, 'aws_s3_bucket_versioning').versioning_configuration).to.deep.equal({ status: 'Enabled' });
  });

  it('expires noncurrent versions after 30 days and aborts multipart uploads after 7', () => {
    const [rule] = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration').rule;
    expect(rule.status).to.equal('Enabled');
    expect(rule.filter).to.deep.equal([{}]);
    expect(rule.noncurrent_version_expiration).to.deep.equal([{ noncurrent_days: 30 }]);
    expect(rule.abort_incomplete_multipart_upload).to.deep.equal([{ days_after_initiation: 7 }]);
  });

  describe('bucket policy', () => {
    const policy = onlyResource(json, 'aws_s3_bucket_policy');
    const statements = parsePolicy(policy.policy).Statement;

    it('denies requests without TLS', () => {
      const deny = statements.find((s) => s.Effect === 'Deny');
      expect(deny).to.deep.include({ Principal: '*', Action: 's3:*', Resource: [bucketArn, `${bucketArn}/*`] });
      expect(deny?.Condition).to.deep.equal({ Bool: { 'aws:SecureTransport': 'false' } });
    });

    it('lets only the given distribution read objects', () => {
      const allow = statements.filter((s) => s.Effect === 'Allow');
      expect(allow).to.have.length(1);
      expect(allow[0]).to.deep.include({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `${bucketArn}/*` });
      expect(allow[0].Condition).to.deep.equal({ StringEquals: { 'AWS:SourceArn': DISTRIBUTION_ARN } });
    });

    it('is applied after the public access block', () => {
      const pabId = Object.keys(resourcesOf(json, 'aws_s3_bucket_public_access_block'))[0];
      expect(policy.depends_on).to.deep.equal([`aws_s3_bucket_public_access_block.${pabId}`]);
    });
  });

  it('refuses a second bucket policy', () => {
    expect(() =>
      synthConstructs((stack) => {
        const bucket = new SiteBucket(stack, 'site', { bucketName: 'qa-dev-site' });
        bucket.allowDistributionRead(DISTRIBUTION_ARN);
        bucket.allowDistributionRead(DISTRIBUTION_ARN);
      }),
    ).to.throw(/allowDistributionRead was already called/);
  });

  it('empties the bucket on destroy when forceDestroy is set', () => {
    const forced = synthConstructs((stack) => {
      new SiteBucket(stack, 'site', { bucketName: 'qa-dev-site', forceDestroy: true });
    });
    expect(onlyResource(forced, 'aws_s3_bucket').force_destroy).to.equal(true);
  });
});
