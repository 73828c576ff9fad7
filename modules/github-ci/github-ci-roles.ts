import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import type { CiDeployScope } from './ci-deploy-scope';
import { deployPolicies, imagePolicies, planPolicies } from './ci-policies';
import type { CiAccountScope } from './ci-resource-arns';
import { GitHubCiRole, repositorySubjectPrefix } from './github-ci-role';
import { PermissionsBoundary } from './permissions-boundary';
import type { EnvironmentConfig, GitHubRepository, ProjectConfig } from '../shared/environment-config';
import { DEPLOY_ROLE_WORKFLOWS, IMAGE_ROLE_WORKFLOWS, oidcSubject, PLAN_ENVIRONMENT } from '../shared/github-oidc-subjects';
import {
  BOOTSTRAP_STACK_NAME,
  chatbotRepositoryName,
  ciRoleName,
  environmentStackNames,
  permissionsBoundaryArn,
} from '../shared/naming';
import { environmentTags } from '../shared/tags';

export interface GitHubCiRolesProps {
  readonly project: ProjectConfig;
  /** ARN of the account's GitHub OIDC provider. */
  readonly oidcProviderArn: string;
  /** ARN of the Terraform state bucket. */
  readonly stateBucketArn: string;
  /** ARN of the KMS key encrypting the state. */
  readonly stateKeyArn: string;
  /**
   * The SSM parameters the platform stacks manage, relative to each environment's path
   * (`chatbot/aws-region`): the only parameters the plan role may read.
   */
  readonly planParameterNames: readonly string[];
  /**
   * Longest session of the plan role, in seconds.
   * @default 3600
   */
  readonly planMaxSessionDurationSeconds?: number;
  /**
   * Longest session of the deploy roles, in seconds. Creating a cluster and its node group takes
   * well over half an hour; credentials expiring mid-apply leave a half-written state.
   * @default 7200
   */
  readonly applyMaxSessionDurationSeconds?: number;
  /**
   * Longest session of the image roles, in seconds.
   * @default 3600
   */
  readonly imageMaxSessionDurationSeconds?: number;
}

const DEFAULTS = {
  planMaxSessionDurationSeconds: 3600,
  applyMaxSessionDurationSeconds: 7200,
  imageMaxSessionDurationSeconds: 3600,
} satisfies Partial<GitHubCiRolesProps>;

/**
 * Environment names that would make `<prefix>-<env>-*`, the names a deploy role may change, cover
 * the bootstrap's own (`<prefix>-github-*`, `<prefix>-tfstate-*`, `<prefix>-permissions-boundary-*`),
 * or make `environment:<env>` the plan role's subject.
 */
export const RESERVED_ENVIRONMENT_NAMES = ['github', 'tfstate', 'permissions', PLAN_ENVIRONMENT] as const;

/**
 * `sub` claims of the plan role (custom subject template, modules/shared/github-oidc-subjects.ts):
 * any workflow of a pull request (it only reads), and jobs in the `plan` GitHub environment (the
 * `/plan` comment and drift detection, which run on the default branch). Never a branch subject:
 * every deploy and image role requires its own environment.
 */
export function planSubjects(github: GitHubRepository): string[] {
  const repo = repositorySubjectPrefix(github);
  return [`${repo}pull_request:*`, `${repo}environment:${PLAN_ENVIRONMENT}:*`];
}

/** Exact `sub` claims of `workflows` of the default branch, running in GitHub environment `environment`. */
export function environmentSubjects(github: GitHubRepository, environment: string, workflows: readonly string[]): string[] {
  return workflows.map((file) => oidcSubject(github, `environment:${environment}`, file, `refs/heads/${github.defaultBranch}`));
}

/** The CI roles and the permissions boundary of one environment. */
export interface EnvironmentCiRoles {
  readonly name: string;
  /** `<prefix>-github-apply-<env>`: deploys the environment's stacks. */
  readonly apply: GitHubCiRole;
  /** `<prefix>-github-image-<env>`: pushes the chatbot image to the environment's repository. */
  readonly image: GitHubCiRole;
  /** `<prefix>-permissions-boundary-<env>`: carried by every role of the environment. */
  readonly permissionsBoundary: PermissionsBoundary;
}

/**
 * The project's CI roles: one read-only `plan` role, and per environment a deploy role, an
 * image-push role and the permissions boundary of the environment's roles. Who can assume which
 * is in docs/ci-workflows.md ("Trust model").
 */
export class GitHubCiRoles extends Construct {
  readonly plan: GitHubCiRole;
  readonly planRole: IamRole;
  readonly environments: readonly EnvironmentCiRoles[];

  constructor(scope: Construct, id: string, props: GitHubCiRolesProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    const { project } = resolved;
    const reserved = project.environments.filter((e) => (RESERVED_ENVIRONMENT_NAMES as readonly string[]).includes(e.name));
    if (reserved.length > 0) {
      throw new Error(
        `GitHubCiRoles: environment name(s) ${reserved.map((e) => `"${e.name}"`).join(', ')} in config/project.yaml environments ` +
          `are reserved (${RESERVED_ENVIRONMENT_NAMES.join(', ')}): their resource names would overlap the CI roles, the state bucket or the boundaries; rename the environment`,
      );
    }
    const account: CiAccountScope = {
      namePrefix: project.namePrefix,
      accountId: project.state.accountId,
      state: { bucketArn: resolved.stateBucketArn, keyArn: resolved.stateKeyArn, region: project.state.region },
    };
    const repository = `${project.github.owner}/${project.github.repo}`;

    const plannedStacks = [
      ...(project.state.bootstrapBackend === 's3' ? [BOOTSTRAP_STACK_NAME] : []),
      ...project.environments.flatMap((e) => environmentStackNames(e.name)),
    ];
    this.plan = new GitHubCiRole(this, 'plan', {
      roleName: ciRoleName(project.namePrefix, 'plan'),
      description: `Read-only plans of ${repository} (pull requests, /plan, drift detection)`,
      oidcProviderArn: resolved.oidcProviderArn,
      github: project.github,
      subjects: planSubjects(project.github),
      policies: planPolicies({
        ...account,
        environments: project.environments.map(({ name, region }) => ({ name, region })),
        stackNames: plannedStacks,
        parameterNames: resolved.planParameterNames,
      }),
      maxSessionDurationSeconds: resolved.planMaxSessionDurationSeconds,
    });
    this.planRole = this.plan.role;

    this.environments = project.environments.map((env) => {
      const deployScope = this.deployScope(account, env);
      const permissionsBoundary = new PermissionsBoundary(this, `permissions-boundary-${env.name}`, { scope: deployScope });
      const apply = new GitHubCiRole(this, `apply-${env.name}`, {
        roleName: ciRoleName(project.namePrefix, 'apply', env.name),
        description: `Deploys ${env.name} for ${repository} (${DEPLOY_ROLE_WORKFLOWS.join(', ')} in GitHub environment ${env.name})`,
        oidcProviderArn: resolved.oidcProviderArn,
        github: project.github,
        subjects: environmentSubjects(project.github, env.name, DEPLOY_ROLE_WORKFLOWS),
        policies: deployPolicies(deployScope),
        maxSessionDurationSeconds: resolved.applyMaxSessionDurationSeconds,
      });
      const image = new GitHubCiRole(this, `image-${env.name}`, {
        roleName: ciRoleName(project.namePrefix, 'image', env.name),
        description: `Pushes the chatbot image of ${env.name} for ${repository} (${IMAGE_ROLE_WORKFLOWS.join(', ')} in GitHub environment ${env.name})`,
        oidcProviderArn: resolved.oidcProviderArn,
        github: project.github,
        subjects: environmentSubjects(project.github, env.name, IMAGE_ROLE_WORKFLOWS),
        policies: imagePolicies(`arn:aws:ecr:${env.region}:${env.accountId}:repository/${chatbotRepositoryName(project.namePrefix, env.name)}`),
        maxSessionDurationSeconds: resolved.imageMaxSessionDurationSeconds,
      });
      return { name: env.name, apply, image, permissionsBoundary };
    });
  }

  /** The roles of environment `name`; throws naming the known environments when there is none. */
  environment(name: string): EnvironmentCiRoles {
    const found = this.environments.find((e) => e.name === name);
    if (!found) throw new Error(`GitHubCiRoles: no environment "${name}"; known: ${this.environments.map((e) => e.name).join(', ')}`);
    return found;
  }

  private deployScope(account: CiAccountScope, env: EnvironmentConfig): CiDeployScope {
    const tags = environmentTags(env);
    return {
      ...account,
      environment: { name: env.name, region: env.region },
      tags: { project: tags.Project, environment: tags.Environment },
      permissionsBoundaryArn: permissionsBoundaryArn(env.namePrefix, env.accountId, env.name),
      ...(env.edge.domain === undefined
        ? {}
        : {
          chatEntry: {
            domain: env.edge.domain,
            route53: env.edge.dns.provider === 'route53',
            ...(env.edge.dns.provider === 'route53' && env.edge.dns.hostedZoneId !== undefined ? { hostedZoneId: env.edge.dns.hostedZoneId } : {}),
          },
        }),
    };
  }
}
