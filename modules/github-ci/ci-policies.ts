import { deployStatements, IAM_ATTACH_ACTIONS, IAM_OIDC_WRITE_ACTIONS, IAM_POLICY_WRITE_ACTIONS, IAM_ROLE_WRITE_ACTIONS } from './ci-deploy-statements';
import { readStatements } from './ci-read-statements';
import { ciResourceArns, type CiPolicyScope } from './ci-resource-arns';
import type { NamedPolicyDocument } from './github-ci-role';
import { policyJson, type PolicyStatement } from '../shared/policy-document';

export type { CiPolicyScope } from './ci-resource-arns';

/** IAM's size limit of one customer managed policy, in characters without whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/**
 * Access to the Terraform state. `plan` reads state and may only write and delete the `.tflock`
 * object (S3 native locking: a plan takes the lock too); `apply` also writes state objects, but
 * still deletes nothing except lock files (versioning keeps every state write recoverable).
 */
export function stateStatements(scope: CiPolicyScope, access: 'plan' | 'apply'): PolicyStatement[] {
  const objects = `${scope.stateBucketArn}/*`;
  const lockFiles = `${scope.stateBucketArn}/*.tflock`;
  return [
    { Sid: 'ListState', Effect: 'Allow', Action: 's3:ListBucket', Resource: scope.stateBucketArn },
    { Sid: 'ReadState', Effect: 'Allow', Action: 's3:GetObject', Resource: objects },
    access === 'plan'
      ? { Sid: 'LockState', Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: lockFiles }
      : { Sid: 'WriteState', Effect: 'Allow', Action: 's3:PutObject', Resource: objects },
    ...(access === 'apply' ? [{ Sid: 'UnlockState', Effect: 'Allow', Action: 's3:DeleteObject', Resource: lockFiles } as const] : []),
    { Sid: 'UseStateKey', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: scope.stateKeyArn },
  ];
}

/**
 * Explicit denies that keep the apply role from undoing the bootstrap: its own roles, their
 * policies and the GitHub OIDC provider share the name prefix the deploy statements allow, and the
 * state bucket and key match the bucket and key patterns. An explicit deny wins over any allow.
 */
export function guardrailStatements(scope: CiPolicyScope): PolicyStatement[] {
  const arns = ciResourceArns(scope);
  return [
    {
      Sid: 'ProtectCiIdentities',
      Effect: 'Deny',
      Action: [...IAM_ROLE_WRITE_ACTIONS, ...IAM_ATTACH_ACTIONS, ...IAM_POLICY_WRITE_ACTIONS, ...IAM_OIDC_WRITE_ACTIONS, 'iam:PassRole'],
      Resource: [arns.ciRoles, arns.ciPolicies, arns.githubOidcProvider],
    },
    {
      Sid: 'ProtectStateBucket',
      Effect: 'Deny',
      Action: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucket*', 's3:DeleteBucket*', 's3:PutEncryptionConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObjectVersion'],
      Resource: [scope.stateBucketArn, `${scope.stateBucketArn}/*`],
    },
    {
      // The site-bucket object rights (`<prefix>-*/*`) would otherwise reach state objects too.
      Sid: 'ProtectStateObjects',
      Effect: 'Deny',
      Action: 's3:DeleteObject',
      Resource: `${scope.stateBucketArn}/*.tfstate`,
    },
    {
      Sid: 'ProtectStateKey',
      Effect: 'Deny',
      Action: ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:DisableKeyRotation', 'kms:PutKeyPolicy', 'kms:CreateGrant'],
      Resource: scope.stateKeyArn,
    },
  ];
}

function named(name: string, statements: PolicyStatement[]): NamedPolicyDocument {
  return { name, document: policyJson(...statements) };
}

/** The plan role's policies: read everything the stacks manage, read state, take the lock. */
export function planPolicies(scope: CiPolicyScope): NamedPolicyDocument[] {
  return [named('read', readStatements(scope)), named('state', stateStatements(scope, 'plan'))];
}

/** The apply role's policies: the plan role's reads, state writes, deploy rights and guardrails. */
export function applyPolicies(scope: CiPolicyScope): NamedPolicyDocument[] {
  const deploy = deployStatements(scope);
  return [
    named('read', readStatements(scope)),
    named('state', stateStatements(scope, 'apply')),
    named('deploy-network', deploy.network),
    named('deploy-cluster', deploy.cluster),
    named('deploy-edge', deploy.edge),
    named('deploy-operations', deploy.operations),
    named('guardrails', guardrailStatements(scope)),
  ];
}
