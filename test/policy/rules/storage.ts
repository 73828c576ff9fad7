/** S3 rules: every bucket private, encrypted, TLS-only and versioned; the state bucket cannot be destroyed. */
import { conditionsOf, hasEveryonePrincipal, policyDocuments, type Statement } from '../iam-documents';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { attachedTo, blocks, isTrue, resources, strings, type ResourceEntry } from '../terraform-json';

/** Run `check` on every bucket with the resources of `type` whose `bucket` attribute refers to it. */
type BucketCheck = (bucket: ResourceEntry, attached: ResourceEntry[]) => string | undefined;

function eachBucket(stack: StackUnderTest, type: string, check: BucketCheck, rule: string): Violation[] {
  return resources(stack.json, 'aws_s3_bucket').flatMap((bucket) => {
    const problem = check(bucket, attachedTo(stack.json, type, 'bucket', bucket, 'bucket'));
    return problem === undefined ? [] : [violation(rule, bucket.address, problem)];
  });
}

const PUBLIC_ACCESS_FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

export const publicAccessBlocked: PolicyRule = {
  id: 's3-public-access-blocked',
  description: 'Every bucket has an aws_s3_bucket_public_access_block with all four flags true',
  check: (stack) =>
    eachBucket(
      stack,
      'aws_s3_bucket_public_access_block',
      (_, blocksOfBucket) => {
        if (blocksOfBucket.length === 0) return 'has no aws_s3_bucket_public_access_block';
        const off = PUBLIC_ACCESS_FLAGS.filter((f) => !blocksOfBucket.some((b) => isTrue(b.attrs[f])));
        return off.length > 0 ? `public access block does not set ${off.join(', ')} to true` : undefined;
      },
      's3-public-access-blocked',
    ),
};

export const encryptedAtRest: PolicyRule = {
  id: 's3-encrypted-at-rest',
  description: 'Every bucket has an aws_s3_bucket_server_side_encryption_configuration with a default algorithm',
  check: (stack) =>
    eachBucket(
      stack,
      'aws_s3_bucket_server_side_encryption_configuration',
      (_, configs) => {
        if (configs.length === 0) return 'has no aws_s3_bucket_server_side_encryption_configuration';
        const algorithms = configs
          .flatMap((c) => blocks(c.attrs.rule))
          .flatMap((r) => blocks(r.apply_server_side_encryption_by_default))
          .map((d) => d.sse_algorithm);
        return algorithms.some((a) => typeof a === 'string' && a !== '') ? undefined : 'encryption configuration sets no sse_algorithm';
      },
      's3-encrypted-at-rest',
    ),
};

/** Deny s3:* (or *) to everyone when aws:SecureTransport is false. */
function isTlsOnlyDeny(st: Statement): boolean {
  if (st.Effect !== 'Deny' || !hasEveryonePrincipal(st)) return false;
  if (!strings(st.Action).some((a) => a === 's3:*' || a === '*')) return false;
  return conditionsOf(st).some((c) => c.operator === 'Bool' && c.key.toLowerCase() === 'aws:securetransport' && c.values.includes('false'));
}

export const tlsOnly: PolicyRule = {
  id: 's3-tls-only',
  description: 'Every bucket has a bucket policy denying s3:* to everyone when aws:SecureTransport is false',
  check: (stack) => {
    const docs = policyDocuments(stack.json).filter((d) => d.resourceType === 'aws_s3_bucket_policy');
    return eachBucket(
      stack,
      'aws_s3_bucket_policy',
      (_, policies) => {
        if (policies.length === 0) return 'has no aws_s3_bucket_policy (it needs one denying requests without TLS)';
        const statements = docs.filter((d) => policies.some((p) => p.address === d.address)).flatMap((d) => d.statements ?? []);
        return statements.some(isTlsOnlyDeny) ? undefined : 'bucket policy has no Deny of s3:* for aws:SecureTransport = false';
      },
      's3-tls-only',
    );
  },
};

export const versioned: PolicyRule = {
  id: 's3-versioning-enabled',
  description: 'Every bucket has aws_s3_bucket_versioning with status Enabled',
  check: (stack) =>
    eachBucket(
      stack,
      'aws_s3_bucket_versioning',
      (_, versionings) => {
        if (versionings.length === 0) return 'has no aws_s3_bucket_versioning';
        const statuses = versionings.flatMap((v) => blocks(v.attrs.versioning_configuration)).map((c) => c.status);
        return statuses.includes('Enabled') ? undefined : `versioning status is ${JSON.stringify(statuses)}, not "Enabled"`;
      },
      's3-versioning-enabled',
    ),
};

function isStateBucket(bucket: ResourceEntry): boolean {
  return [bucket.attrs.bucket, bucket.attrs.bucket_prefix].some((n) => typeof n === 'string' && n.includes('tfstate'));
}

export const stateBucketProtected: PolicyRule = {
  id: 's3-state-bucket-prevent-destroy',
  description: 'The bootstrap stack has a Terraform state bucket (name contains "tfstate") with lifecycle prevent_destroy',
  check: (stack) => {
    if (stack.kind !== 'bootstrap') return [];
    const stateBuckets = resources(stack.json, 'aws_s3_bucket').filter(isStateBucket);
    if (stateBuckets.length === 0) return [violation(stateBucketProtected.id, stack.name, 'bootstrap stack has no Terraform state bucket (an aws_s3_bucket named *tfstate*)')];
    return stateBuckets
      .filter((b) => !blocks(b.attrs.lifecycle).some((l) => isTrue(l.prevent_destroy)))
      .map((b) => violation(stateBucketProtected.id, b.address, 'holds Terraform state but has no lifecycle prevent_destroy'));
  },
};

const PUBLIC_ACLS = ['public-read', 'public-read-write', 'authenticated-read'];

export const noPublicAcl: PolicyRule = {
  id: 's3-no-public-acl',
  description: 'No aws_s3_bucket_acl grants public-read, public-read-write or authenticated-read',
  check: (stack) =>
    resources(stack.json, 'aws_s3_bucket_acl')
      .filter((a) => PUBLIC_ACLS.includes(a.attrs.acl))
      .map((a) => violation(noPublicAcl.id, a.address, `grants the canned ACL "${a.attrs.acl}"; serve content through CloudFront with OAC`)),
};

export const STORAGE_RULES: readonly PolicyRule[] = [publicAccessBlocked, encryptedAtRest, tlsOnly, versioned, stateBucketProtected, noPublicAcl];
