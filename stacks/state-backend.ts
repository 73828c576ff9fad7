import { S3Backend, type TerraformStack } from 'cdktf';
import type { StateConfig } from '../modules/shared/environment-config';
import { stateBucketName, stateKey } from '../modules/shared/naming';

/**
 * Put a stack's state in the bootstrap bucket: one key per stack (and so per environment),
 * encrypted, with S3 native locking (a `.tflock` object next to the state; no DynamoDB table).
 * The backend block takes no references, so the bucket name comes from the naming function the
 * bootstrap stack uses too.
 */
export function useStateBucket(stack: TerraformStack, namePrefix: string, state: StateConfig): S3Backend {
  const backend = new S3Backend(stack, {
    bucket: stateBucketName(namePrefix, state.accountId, state.region),
    key: stateKey(stack.node.id),
    region: state.region,
    encrypt: true,
  });
  // cdktf 0.21 has no typed option for native S3 locking (Terraform >= 1.10).
  backend.addOverride('use_lockfile', true);
  return backend;
}
