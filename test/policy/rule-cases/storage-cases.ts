/** Violating and compliant snippets of the S3 rules: a fully compliant bucket, minus one part. */
import { merge, policy, resource, stackOf, type RuleCase } from './fixtures';
import type { TerraformJson } from '../../support/synth';
import { encryptedAtRest, noPublicAcl, publicAccessBlocked, stateBucketProtected, tlsOnly, versioned } from '../rules/storage';

const ID = 'site_bucket_1A2B';
const REF = `\${aws_s3_bucket.${ID}.id}`;
const ARN = `\${aws_s3_bucket.${ID}.arn}`;
const ADDRESS = `aws_s3_bucket.${ID}`;

const tlsOnlyDeny = { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [ARN, `${ARN}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

const PARTS = {
  bucket: resource('aws_s3_bucket', ID, { bucket: 'qa-dev-chatbot-ui' }),
  publicAccessBlock: resource('aws_s3_bucket_public_access_block', 'site_pab_1', {
    bucket: REF,
    block_public_acls: true,
    block_public_policy: true,
    ignore_public_acls: true,
    restrict_public_buckets: true,
  }),
  encryption: resource('aws_s3_bucket_server_side_encryption_configuration', 'site_sse_2', {
    bucket: REF,
    rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
  }),
  policy: resource('aws_s3_bucket_policy', 'site_policy_3', { bucket: REF, policy: policy(tlsOnlyDeny) }),
  versioning: resource('aws_s3_bucket_versioning', 'site_versioning_4', { bucket: REF, versioning_configuration: { status: 'Enabled' } }),
};

/** The compliant bucket with some parts replaced (or removed with `{}`). */
function bucket(replace: Partial<Record<keyof typeof PARTS, TerraformJson>> = {}): TerraformJson {
  return merge(...Object.values({ ...PARTS, ...replace }));
}

const STATE_BUCKET = 'qa-tfstate-111122223333-eu-west-1';
const bootstrap = (json: TerraformJson) => stackOf(json, { name: 'bootstrap', kind: 'bootstrap' });

export const STORAGE_CASES: readonly RuleCase[] = [
  {
    rule: publicAccessBlocked,
    violates: 'a bucket with no public access block',
    violating: stackOf(bucket({ publicAccessBlock: {} })),
    address: ADDRESS,
    complies: 'a public access block referencing the bucket with all four flags',
    compliant: stackOf(bucket()),
  },
  {
    rule: publicAccessBlocked,
    violates: 'a public access block with restrict_public_buckets false',
    violating: stackOf(bucket({ publicAccessBlock: resource('aws_s3_bucket_public_access_block', 'site_pab_1', { bucket: REF, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: false }) })),
    address: ADDRESS,
    complies: 'a public access block naming the bucket literally',
    compliant: stackOf(bucket({ publicAccessBlock: resource('aws_s3_bucket_public_access_block', 'site_pab_1', { bucket: 'qa-dev-chatbot-ui', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }) })),
  },
  {
    rule: encryptedAtRest,
    violates: 'a bucket with no server-side encryption configuration',
    violating: stackOf(bucket({ encryption: {} })),
    address: ADDRESS,
    complies: 'an encryption configuration referencing the bucket',
    compliant: stackOf(bucket()),
  },
  {
    rule: tlsOnly,
    violates: 'a bucket policy without the TLS-only Deny',
    violating: stackOf(bucket({ policy: resource('aws_s3_bucket_policy', 'site_policy_3', { bucket: REF, policy: policy({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `${ARN}/*` }) }) })),
    address: ADDRESS,
    complies: 'a Deny of s3:* when aws:SecureTransport is false',
    compliant: stackOf(bucket()),
  },
  {
    rule: tlsOnly,
    violates: 'a bucket with no bucket policy',
    violating: stackOf(bucket({ policy: {} })),
    address: ADDRESS,
    complies: 'a bucket policy attached by its .bucket reference',
    compliant: stackOf(bucket({ policy: resource('aws_s3_bucket_policy', 'site_policy_3', { bucket: `\${aws_s3_bucket.${ID}.bucket}`, policy: policy(tlsOnlyDeny) }) })),
  },
  {
    rule: versioned,
    violates: 'versioning Suspended',
    violating: stackOf(bucket({ versioning: resource('aws_s3_bucket_versioning', 'site_versioning_4', { bucket: REF, versioning_configuration: { status: 'Suspended' } }) })),
    address: ADDRESS,
    complies: 'versioning Enabled',
    compliant: stackOf(bucket()),
  },
  {
    rule: stateBucketProtected,
    violates: 'a state bucket without prevent_destroy',
    violating: bootstrap(resource('aws_s3_bucket', 'state_bucket_9', { bucket: STATE_BUCKET })),
    address: 'aws_s3_bucket.state_bucket_9',
    complies: 'lifecycle prevent_destroy on the state bucket',
    compliant: bootstrap(resource('aws_s3_bucket', 'state_bucket_9', { bucket: STATE_BUCKET, lifecycle: { prevent_destroy: true } })),
  },
  {
    rule: stateBucketProtected,
    violates: 'a bootstrap stack with no state bucket',
    violating: bootstrap(bucket()),
    address: 'bootstrap',
    complies: 'platform stacks, which hold no state bucket',
    compliant: stackOf(bucket()),
  },
  {
    rule: noPublicAcl,
    violates: 'a public-read ACL',
    violating: stackOf(merge(bucket(), resource('aws_s3_bucket_acl', 'site_acl_5', { bucket: REF, acl: 'public-read' }))),
    address: 'aws_s3_bucket_acl.site_acl_5',
    complies: 'a private ACL',
    compliant: stackOf(merge(bucket(), resource('aws_s3_bucket_acl', 'site_acl_5', { bucket: REF, acl: 'private' }))),
  },
];
