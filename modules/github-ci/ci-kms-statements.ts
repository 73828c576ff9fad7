import { taggedFor, type CiDeployScope } from './ci-deploy-scope';
import { environmentArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

/** Administration of an environment's own keys (tagged for it): rotation, policy, deletion, aliases. */
export const KMS_KEY_ADMIN_ACTIONS = [
  'kms:EnableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:UpdateKeyDescription',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  // An alias call is authorized on the alias (by name, below) and on the key it points to.
  'kms:CreateAlias',
  'kms:UpdateAlias',
  'kms:DeleteAlias',
] as const;

/**
 * KMS for one environment. Key ARNs are random UUIDs, so a key belongs to an environment by its
 * tags: created only with the environment's tags, administered only while it carries them. The
 * guardrails (ci-guardrail-statements.ts) deny re-tagging a key of another environment, which the
 * create-time tagging grant would otherwise allow.
 */
export function kmsStatements(scope: CiDeployScope): PolicyStatement[] {
  const arns = environmentArns(scope, scope.environment);
  const resourceTagged = taggedFor(scope.tags, 'aws:ResourceTag');
  return [
    // CreateKey has no resource-level permission; the request tags are its scope.
    { Sid: 'CreateTaggedKeys', Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: taggedFor(scope.tags, 'aws:RequestTag') },
    {
      // Tags in CreateKey are authorized as kms:TagResource, and AWS requires that grant to cover
      // every key of the account and region (the new key has no ARN yet).
      Sid: 'TagNewKeys',
      Effect: 'Allow',
      Action: 'kms:TagResource',
      Resource: arns.kmsKeys,
      Condition: taggedFor(scope.tags, 'aws:RequestTag'),
    },
    { Sid: 'ManageTaggedKeys', Effect: 'Allow', Action: [...KMS_KEY_ADMIN_ACTIONS], Resource: arns.kmsKeys, Condition: resourceTagged },
    { Sid: 'ManageOwnAliases', Effect: 'Allow', Action: ['kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias'], Resource: arns.kmsAliases },
    {
      // EKS secrets encryption and ECR repositories take a grant on their key in the caller's name.
      Sid: 'GrantTaggedKeysToServices',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: arns.kmsKeys,
      Condition: { ...resourceTagged, Bool: { 'kms:GrantIsForAWSResource': true } },
    },
  ];
}
