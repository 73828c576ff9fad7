/**
 * Where each synthesized stack keeps its state, read from its `cdk.tf.json` (the backend block
 * stacks/state-backend.ts writes): the S3 bucket, key and region, or a local file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LifecycleError } from './lifecycle-errors';

export type StateLocation =
  | { readonly kind: 's3'; readonly bucket: string; readonly key: string; readonly region: string }
  | { readonly kind: 'local'; readonly path: string };

/** The state location of the stack synthesized in `stackDir` (`cdktf.out/stacks/<name>`). */
export function readStateLocation(stackDir: string): StateLocation {
  const file = join(stackDir, 'cdk.tf.json');
  if (!existsSync(file)) throw new LifecycleError(`${file} is missing; run "npx projen synth" (or drop --skip-synth) to write it`);
  let backend: Record<string, Record<string, unknown>> | undefined;
  try {
    backend = (JSON.parse(readFileSync(file, 'utf8')) as { terraform?: { backend?: Record<string, Record<string, unknown>> } }).terraform?.backend;
  } catch (error) {
    throw new LifecycleError(`${file} is not valid JSON (${(error as Error).message}); run "npx projen synth" again`);
  }
  const s3 = backend?.s3;
  if (s3) {
    const { bucket, key, region } = s3;
    if (typeof bucket !== 'string' || typeof key !== 'string' || typeof region !== 'string') {
      throw new LifecycleError(`${file}: the s3 backend needs literal bucket, key and region values`);
    }
    return { kind: 's3', bucket, key, region };
  }
  // Terraform's default without a backend block is terraform.tfstate in the working directory.
  const path = typeof backend?.local?.path === 'string' ? backend.local.path : 'terraform.tfstate';
  return { kind: 'local', path: resolve(stackDir, path) };
}

/** `s3://bucket/key` or the local path, for messages. */
export function describeLocation(location: StateLocation): string {
  return location.kind === 's3' ? `s3://${location.bucket}/${location.key}` : location.path;
}
