import type { CiAccountScope, CiEnvironment } from './ci-resource-arns';
import type { PolicyCondition, PolicyStatement } from '../shared/policy-document';

/** The chat host of an environment and, with Route 53, its zone: what the deploy role may write DNS records for. */
export interface CiChatEntry {
  readonly domain: string;
  /** `route53` writes the certificate's validation record; other providers write none from Terraform. */
  readonly route53: boolean;
  /** The hosted zone id when the config names it; absent (zone looked up by name): any zone, names still scoped. */
  readonly hostedZoneId?: string;
}

/** The `Project` and `Environment` tag values every resource of an environment carries (`environmentTags()`). */
export interface EnvironmentTagValues {
  readonly project: string;
  readonly environment: string;
}

/** What a deploy or image role, and an environment's permissions boundary, are scoped to. */
export interface CiDeployScope extends CiAccountScope {
  readonly environment: CiEnvironment;
  /** Tag values of the environment's resources: the only scope of resources with random ids. */
  readonly tags: EnvironmentTagValues;
  /** ARN of the environment's permissions boundary (`permissionsBoundaryArn()`). */
  readonly permissionsBoundaryArn: string;
  /** The chat host (config `edge:`), where the environment has one: the DNS records the role may write. */
  readonly chatEntry?: CiChatEntry;
}

/** The two tag keys the tag conditions check (modules/shared/tags.ts sets both on every resource). */
export const SCOPE_TAG_KEYS = { project: 'Project', environment: 'Environment' } as const;

/**
 * `aws:ResourceTag/...` (an existing resource) or `aws:RequestTag/...` (the tags a create or tag
 * request sets) equal to the environment's Project and Environment.
 */
export function taggedFor(tags: EnvironmentTagValues, source: 'aws:ResourceTag' | 'aws:RequestTag'): PolicyCondition {
  return {
    StringEquals: {
      [`${source}/${SCOPE_TAG_KEYS.project}`]: tags.project,
      [`${source}/${SCOPE_TAG_KEYS.environment}`]: tags.environment,
    },
  };
}

/**
 * For a Deny: the resource carries `key` with another value. Two operators, both required: an
 * absent tag makes `StringNotEquals` true on its own, and a resource being created has no tags yet.
 */
export function taggedOtherThan(key: string, value: string): PolicyCondition {
  return { StringNotEquals: { [`aws:ResourceTag/${key}`]: value }, Null: { [`aws:ResourceTag/${key}`]: 'false' } };
}

/**
 * The two denies that keep a role's permissions boundary in place: no role loses its boundary, and
 * none is created or re-bounded under anything but this environment's. Both the deploy role's own
 * policy and the boundary carry them, so neither alone is the only guard.
 */
export function boundaryKeepingStatements(permissionsBoundaryArn: string): PolicyStatement[] {
  return [
    { Sid: 'KeepPermissionsBoundaries', Effect: 'Deny', Action: 'iam:DeleteRolePermissionsBoundary', Resource: '*' },
    {
      // Absent or another boundary: StringNotEquals is true for both.
      Sid: 'OnlyThisEnvironmentsBoundary',
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
      Resource: '*',
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': permissionsBoundaryArn } },
    },
  ];
}
