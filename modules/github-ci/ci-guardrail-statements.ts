import { boundaryKeepingStatements, SCOPE_TAG_KEYS, taggedOtherThan, type CiDeployScope } from './ci-deploy-scope';
import { BOUNDED_ATTACH_ACTIONS, BOUNDED_ROLE_WRITE_ACTIONS, IAM_POLICY_WRITE_ACTIONS, UNBOUNDED_ROLE_WRITE_ACTIONS } from './ci-iam-statements';
import { accountArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

/** Tagging actions of the services whose resources belong to an environment by their tags alone. */
export const TAG_WRITE_ACTIONS = [
  'ec2:CreateTags',
  'ec2:DeleteTags',
  'kms:TagResource',
  'kms:UntagResource',
  'cloudfront:TagResource',
  'cloudfront:UntagResource',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
  'acm:AddTagsToCertificate',
  'acm:RemoveTagsFromCertificate',
  'cognito-idp:TagResource',
  'cognito-idp:UntagResource',
] as const;

/** Key administration nobody deployed may perform on the state key. */
export const STATE_KEY_ADMIN_ACTIONS = [
  'kms:ScheduleKeyDeletion',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'kms:UpdateKeyDescription',
  'kms:TagResource',
  'kms:UntagResource',
] as const;

/**
 * Explicit denies of a deploy role, which win over any allow (today's or a future one): the
 * bootstrap's roles, policies, boundaries, OIDC provider, state bucket and key stay out of reach;
 * boundaries cannot be removed; another environment's resources cannot be re-tagged into this
 * one; no role is assumed (a deploy role deploys, it does not borrow a workload's identity).
 */
export function guardrailStatements(scope: CiDeployScope): PolicyStatement[] {
  const account = accountArns(scope);
  const { bucketArn, keyArn } = scope.state;
  return [
    {
      Sid: 'ProtectBootstrapIdentities',
      Effect: 'Deny',
      Action: [
        ...BOUNDED_ROLE_WRITE_ACTIONS,
        ...BOUNDED_ATTACH_ACTIONS,
        ...UNBOUNDED_ROLE_WRITE_ACTIONS,
        ...IAM_POLICY_WRITE_ACTIONS,
        'iam:DeleteOpenIDConnectProvider',
        'iam:UpdateOpenIDConnectProviderThumbprint',
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:RemoveClientIDFromOpenIDConnectProvider',
        'iam:PassRole',
      ],
      Resource: [account.ciRoles, account.ciPolicies, account.boundaryPolicies, account.githubOidcProvider],
    },
    ...boundaryKeepingStatements(scope.permissionsBoundaryArn),
    { Sid: 'AssumeNoRole', Effect: 'Deny', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' },
    {
      Sid: 'ProtectStateBucket',
      Effect: 'Deny',
      Action: ['s3:DeleteBucket', 's3:PutBucket*', 's3:DeleteBucket*', 's3:PutEncryptionConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObjectVersion'],
      Resource: [bucketArn, `${bucketArn}/*`],
    },
    { Sid: 'KeepStateObjects', Effect: 'Deny', Action: 's3:DeleteObject', Resource: `${bucketArn}/*.tfstate` },
    { Sid: 'ProtectStateKey', Effect: 'Deny', Action: [...STATE_KEY_ADMIN_ACTIONS], Resource: keyArn },
    {
      // A key policy that locks its administrators out cannot be undone by anyone.
      Sid: 'NoKeyPolicyLockout',
      Effect: 'Deny',
      Action: ['kms:CreateKey', 'kms:PutKeyPolicy'],
      Resource: '*',
      Condition: { Bool: { 'kms:BypassPolicyLockoutSafetyCheck': true } },
    },
    // The create-time tagging grants (request-tag conditions) would otherwise let the role re-tag
    // another environment's key, distribution or security group as its own, then change it.
    { Sid: 'NoEnvironmentTakeover', Effect: 'Deny', Action: [...TAG_WRITE_ACTIONS], Resource: '*', Condition: taggedOtherThan(SCOPE_TAG_KEYS.environment, scope.tags.environment) },
    { Sid: 'NoProjectTakeover', Effect: 'Deny', Action: [...TAG_WRITE_ACTIONS], Resource: '*', Condition: taggedOtherThan(SCOPE_TAG_KEYS.project, scope.tags.project) },
  ];
}
