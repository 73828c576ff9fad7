/**
 * Test support: the CI roles as the bootstrap stack really synthesizes them from config/, with
 * their trust policies and attached policy documents parsed, so the workflows are checked against
 * the roles, not against a copy of their settings.
 */
import { join } from 'node:path';
import type { ProjectConfig } from '../../modules/shared/environment-config';
import { ciRoleName, type CiRoleKind } from '../../modules/shared/naming';
import { buildPlatformApp } from '../../stacks/app';
import { loadConfig } from '../../stacks/config';
import { resourcesOf, synthStack, type TerraformJson } from '../support/synth';

/** A parsed IAM policy document (Terraform interpolations stay as `${...}` strings). */
export interface ParsedPolicy {
  readonly Version: string;
  readonly Statement: ReadonlyArray<Record<string, any>>;
}

export interface SynthesizedRole {
  readonly name: string;
  /** The `aws_iam_role` resource as synthesized. */
  readonly resource: Record<string, any>;
  /** `assume_role_policy`, parsed. */
  readonly trust: ParsedPolicy;
  /** The `token.actions.githubusercontent.com:sub` values the trust accepts, and whether they are patterns. */
  readonly subjects: readonly string[];
  readonly subjectOperator: 'StringEquals' | 'StringLike';
  /** Longest session in seconds (IAM's default 3600 when unset). */
  readonly maxSessionDuration: number;
  /** The managed policies attached to it, by policy name, parsed. */
  readonly policies: Readonly<Record<string, ParsedPolicy>>;
}

let cached: { project: ProjectConfig; bootstrap: TerraformJson; platforms: Record<string, TerraformJson> } | undefined;

function synthesized() {
  if (!cached) {
    const project = loadConfig(join(__dirname, '..', '..', 'config'));
    const app = buildPlatformApp(project);
    cached = {
      project,
      bootstrap: synthStack(app.bootstrap),
      platforms: Object.fromEntries(app.platforms.map((p) => [p.environment.name, synthStack(p)])),
    };
  }
  return cached;
}

function attachedPolicies(roleId: string): Record<string, ParsedPolicy> {
  const { bootstrap } = synthesized();
  const policies = resourcesOf(bootstrap, 'aws_iam_policy');
  const attached = Object.values(resourcesOf(bootstrap, 'aws_iam_role_policy_attachment')).filter((a) => a.role === `\${aws_iam_role.${roleId}.name}`);
  return Object.fromEntries(
    attached.map((a) => {
      const policy = policies[/^\$\{aws_iam_policy\.(.+)\.arn\}$/.exec(a.policy_arn)?.[1] ?? ''];
      if (!policy) throw new Error(`attachment of ${a.policy_arn} names no aws_iam_policy of bootstrap`);
      return [policy.name as string, JSON.parse(policy.policy) as ParsedPolicy];
    }),
  );
}

/** A CI role of the bootstrap stack by kind (and environment for `apply` and `image`). */
export function synthesizedRole(kind: CiRoleKind, environment?: string): SynthesizedRole {
  const { project, bootstrap } = synthesized();
  const name = ciRoleName(project.namePrefix, kind, environment);
  const found = Object.entries(resourcesOf(bootstrap, 'aws_iam_role')).find(([, r]) => r.name === name);
  if (!found) throw new Error(`bootstrap synthesizes no role ${name}`);
  const [id, resource] = found;
  const trust = JSON.parse(resource.assume_role_policy) as ParsedPolicy;
  const condition = trust.Statement[0]?.Condition ?? {};
  const subjectOperator = condition.StringLike?.['token.actions.githubusercontent.com:sub'] !== undefined ? 'StringLike' : 'StringEquals';
  return {
    name,
    resource,
    trust,
    subjects: [condition[subjectOperator]?.['token.actions.githubusercontent.com:sub'] ?? []].flat(),
    subjectOperator,
    maxSessionDuration: resource.max_session_duration ?? 3600,
    policies: attachedPolicies(id),
  };
}

/** `<prefix>-github-plan`. */
export function planRole(): SynthesizedRole {
  return synthesizedRole('plan');
}

/** `<prefix>-github-apply-<env>`: the environment's deploy role. */
export function applyRole(environment: string): SynthesizedRole {
  return synthesizedRole('apply', environment);
}

/** `<prefix>-github-image-<env>`: the environment's image-push role. */
export function imageRole(environment: string): SynthesizedRole {
  return synthesizedRole('image', environment);
}

/** The ECR repository names the platform stack of `environment` creates. */
export function synthEcrRepositoryNames(environment: string): string[] {
  const platform = synthesized().platforms[environment];
  return Object.values(resourcesOf(platform, 'aws_ecr_repository')).map((r) => r.name as string);
}
