import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { applyPolicies, planPolicies, type CiPolicyScope } from './ci-policies';
import { GitHubCiRole, repositorySubjectPrefix } from './github-ci-role';
import type { GitHubRepository, ProjectConfig } from '../shared/environment-config';
import { ciRoleName } from '../shared/naming';

export interface GitHubCiRolesProps {
  readonly project: ProjectConfig;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** ARN of the Terraform state bucket. */
  readonly stateBucketArn: string;
  /** ARN of the KMS key encrypting the state. */
  readonly stateKeyArn: string;
  /**
   * Longest session of the plan role, in seconds.
   * @default 3600
   */
  readonly planMaxSessionDurationSeconds?: number;
  /**
   * Longest session of the apply role, in seconds. Creating a cluster and its node group takes
   * well over half an hour; credentials expiring mid-apply leave a half-written state.
   * @default 7200
   */
  readonly applyMaxSessionDurationSeconds?: number;
}

const DEFAULTS = {
  planMaxSessionDurationSeconds: 3600,
  applyMaxSessionDurationSeconds: 7200,
} satisfies Partial<GitHubCiRolesProps>;

/**
 * `sub` claims of the plan role: pull requests of the repository, and its default branch, where the
 * scheduled drift detection runs (it only reads, so the read-only role is enough).
 */
export function planSubjects(github: GitHubRepository): string[] {
  const repo = repositorySubjectPrefix(github);
  return [`${repo}pull_request`, `${repo}ref:refs/heads/${github.defaultBranch}`];
}

/**
 * `sub` claims of the apply role: one GitHub environment per platform environment (the apply and
 * lifecycle workflows run in it; `prod` gets required reviewers there), and the default branch
 * (image build and push after merge).
 */
export function applySubjects(github: GitHubRepository, environments: readonly string[]): string[] {
  const repo = repositorySubjectPrefix(github);
  return [...environments.map((env) => `${repo}environment:${env}`), `${repo}ref:refs/heads/${github.defaultBranch}`];
}

/** The two CI roles of the project: `<prefix>-github-plan` (read-only) and `<prefix>-github-apply`. */
export class GitHubCiRoles extends Construct {
  readonly plan: GitHubCiRole;
  readonly apply: GitHubCiRole;
  readonly planRole: IamRole;
  readonly applyRole: IamRole;

  constructor(scope: Construct, id: string, props: GitHubCiRolesProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    const { project } = resolved;
    const policyScope: CiPolicyScope = {
      namePrefix: project.namePrefix,
      accountId: project.state.accountId,
      environments: project.environments.map(({ name, region }) => ({ name, region })),
      stateBucketArn: resolved.stateBucketArn,
      stateKeyArn: resolved.stateKeyArn,
    };

    this.plan = new GitHubCiRole(this, 'plan', {
      roleName: ciRoleName(project.namePrefix, 'plan'),
      description: `Read-only plans of ${project.github.owner}/${project.github.repo} (pull requests, drift detection)`,
      oidcProviderArn: resolved.oidcProviderArn,
      github: project.github,
      subjects: planSubjects(project.github),
      policies: planPolicies(policyScope),
      maxSessionDurationSeconds: resolved.planMaxSessionDurationSeconds,
    });
    this.apply = new GitHubCiRole(this, 'apply', {
      roleName: ciRoleName(project.namePrefix, 'apply'),
      description: `Deploys of ${project.github.owner}/${project.github.repo} (GitHub environments, default branch)`,
      oidcProviderArn: resolved.oidcProviderArn,
      github: project.github,
      subjects: applySubjects(project.github, project.environments.map((e) => e.name)),
      policies: applyPolicies(policyScope),
      maxSessionDurationSeconds: resolved.applyMaxSessionDurationSeconds,
    });
    this.planRole = this.plan.role;
    this.applyRole = this.apply.role;
  }
}
