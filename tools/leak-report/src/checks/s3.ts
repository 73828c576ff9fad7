/**
 * The environment's buckets (the static site's, by its name, and any tagged for the environment)
 * that still exist, and what they hold: every object version counts (the site bucket is
 * versioned), since S3 refuses to delete a bucket with any version or delete marker left.
 */
import { ListObjectVersionsCommand, paginateListBuckets, type S3Client } from '@aws-sdk/client-s3';
import type { Check, CheckContext } from './check';
import { isArnOf, parseArn } from '../arn';
import type { FindingSink } from '../finding';
import { formatGiB, storageCost } from '../prices';
import { awsCommand, shellQuote } from '../resource-kinds';

/** Versions counted per bucket before the report says "at least". */
const COUNT_LIMIT = 10_000;

export const s3Check: Check = {
  name: 'S3 buckets',
  calls: ['s3:ListAllMyBuckets', 's3:ListBucketVersions'],
  async run(context: CheckContext, sink: FindingSink): Promise<void> {
    const { scope, partition } = context;
    const tagged = new Set(
      (await context.taggedArns).map((arn) => parseArn(arn)).filter((p) => p?.service === 's3' && p.resourceType === 'bucket').map((p) => p!.resourceId),
    );
    const bucketArn = (name: string) => `arn:${partition}:s3:::${name}`;
    const present = new Set<string>();
    const ours: Array<{ name: string; region: string; why: string }> = [];
    for await (const page of paginateListBuckets({ client: context.clients.s3(scope.region), pageSize: 1000 }, {})) {
      for (const bucket of page.Buckets ?? []) {
        if (!bucket.Name) continue;
        present.add(bucketArn(bucket.Name));
        const why = bucket.Name === scope.siteBucket ? "the environment's static-site bucket" : tagged.has(bucket.Name) ? 'bucket tagged for the environment' : undefined;
        if (why) ours.push({ name: bucket.Name, region: bucket.BucketRegion ?? scope.region, why });
      }
    }
    for (const bucket of ours) {
      const content = await countVersions(context.clients.s3(bucket.region), bucket.name);
      const empty = content.versions === 0 && content.deleteMarkers === 0;
      const held = empty
        ? 'empty'
        : `${content.truncated ? 'at least ' : ''}${content.versions} object version${content.versions === 1 ? '' : 's'}` +
          `${content.deleteMarkers ? ` and ${content.deleteMarkers} delete marker${content.deleteMarkers === 1 ? '' : 's'}` : ''}, ${formatGiB(content.bytes / 1024 ** 3)}`;
      sink.add({
        key: bucketArn(bucket.name),
        arn: bucketArn(bucket.name),
        type: 's3:bucket',
        id: bucket.name,
        region: bucket.region,
        reasons: [bucket.why, held],
        cost: empty ? undefined : storageCost('s3:standard', bucket.region, `${content.truncated ? 'at least ' : ''}stored objects (Standard)`, content.bytes),
        deleteCommand: empty
          ? awsCommand(bucket.region, 's3api', 'delete-bucket', '--bucket', bucket.name)
          : content.versioned
            ? emptyVersionedBucket(bucket.name, bucket.region)
            : awsCommand(bucket.region, 's3', 'rb', `s3://${bucket.name}`, '--force'),
        detailed: true,
      });
    }
    sink.listed({ covers: (arn) => isArnOf(arn, 's3', 'bucket'), present });
  },
};

interface BucketContent {
  versions: number;
  deleteMarkers: number;
  bytes: number;
  versioned: boolean;
  truncated: boolean;
}

async function countVersions(client: S3Client, bucket: string): Promise<BucketContent> {
  const content: BucketContent = { versions: 0, deleteMarkers: 0, bytes: 0, versioned: false, truncated: false };
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await client.send(
      new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker, MaxKeys: 1000 }),
    );
    for (const version of page.Versions ?? []) {
      content.versions++;
      content.bytes += version.Size ?? 0;
      if (version.VersionId && version.VersionId !== 'null') content.versioned = true;
    }
    content.deleteMarkers += page.DeleteMarkers?.length ?? 0;
    if (page.DeleteMarkers?.length) content.versioned = true;
    if (!page.IsTruncated) return content;
    if (content.versions + content.deleteMarkers >= COUNT_LIMIT) {
      content.truncated = true;
      return content;
    }
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }
}

/**
 * Emptying a versioned bucket: delete-objects takes 1,000 versions a call, so this deletes a page
 * of versions and delete markers; run it until the bucket is empty, then delete the bucket.
 */
function emptyVersionedBucket(bucket: string, region: string): string {
  const list =
    `aws s3api list-object-versions --bucket ${shellQuote(bucket)} --region ${region} --max-items 1000 ` +
    '--query \'{Objects: [Versions, DeleteMarkers][][].{Key: Key, VersionId: VersionId}}\' --output json';
  return `repeat until empty: aws s3api delete-objects --bucket ${shellQuote(bucket)} --region ${region} --delete "$(${list})"; then ${awsCommand(region, 's3api', 'delete-bucket', '--bucket', bucket)}`;
}
