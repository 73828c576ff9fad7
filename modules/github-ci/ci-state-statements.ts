import type { CiStateScope } from './ci-resource-arns';
import { stateKey } from '../shared/naming';
import type { PolicyCondition, PolicyStatement } from '../shared/policy-document';

/**
 * The state key may be used only by S3, for this bucket. With bucket keys on, S3 asks KMS for a
 * bucket-level data key under the encryption context `aws:s3:arn` = the bucket's ARN (not the
 * object's), so this pins the key to the state bucket; which objects are readable is up to the
 * S3 statements.
 */
export function stateKeyThroughS3(state: CiStateScope): PolicyCondition {
  return { StringEquals: { 'kms:ViaService': `s3.${state.region}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': state.bucketArn } };
}

/** `<bucket>/<stack>/terraform.tfstate` of each stack. */
export function stateObjectArns(state: CiStateScope, stackNames: readonly string[]): string[] {
  return stackNames.map((stack) => `${state.bucketArn}/${stateKey(stack)}`);
}

/**
 * The plan role's view of the state: the current state object of each stack it plans and nothing
 * else. No lock file (plans run with `-lock=false`, so pull-request code cannot hold or break an
 * apply's lock), no `s3:GetObjectVersion` (an old state may hold values since rotated away), no
 * other object of the bucket. Decrypting is unavoidable (the objects are SSE-KMS) and allowed only
 * through S3 for this bucket.
 */
export function planStateStatements(state: CiStateScope, stackNames: readonly string[]): PolicyStatement[] {
  return [
    // Terraform lists workspaces (`env:/` prefix) on init; key names are not secret.
    { Sid: 'ListState', Effect: 'Allow', Action: 's3:ListBucket', Resource: state.bucketArn },
    { Sid: 'ReadCurrentState', Effect: 'Allow', Action: 's3:GetObject', Resource: stateObjectArns(state, stackNames) },
    { Sid: 'DecryptStateThroughS3', Effect: 'Allow', Action: 'kms:Decrypt', Resource: state.keyArn, Condition: stateKeyThroughS3(state) },
  ];
}

/**
 * A deploy role's state: read and write the state and `.tflock` of its own environment's stacks;
 * delete only lock files (versioning keeps every state write recoverable, and the guardrails deny
 * deleting a state or any version).
 */
export function deployStateStatements(state: CiStateScope, stackNames: readonly string[]): PolicyStatement[] {
  const states = stateObjectArns(state, stackNames);
  const locks = states.map((s) => `${s}.tflock`);
  return [
    { Sid: 'ListState', Effect: 'Allow', Action: 's3:ListBucket', Resource: state.bucketArn },
    { Sid: 'ReadWriteOwnState', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: [...states, ...locks] },
    { Sid: 'ReleaseOwnLocks', Effect: 'Allow', Action: 's3:DeleteObject', Resource: locks },
    {
      Sid: 'UseStateKeyThroughS3',
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: state.keyArn,
      Condition: stateKeyThroughS3(state),
    },
  ];
}
