/**
 * What the workflows need to know about the deployment, derived at projen time from
 * config/*.yaml through the same loader and naming functions the stacks use: the CI role ARNs,
 * regions, environments, image repositories. One source of truth, and no repository secrets or
 * variables to keep in step with it: changing config/ and running `npx projen` updates the
 * workflows, and the build workflow's drift check fails if someone forgets.
 */
import { join } from 'node:path';
import type { LifecycleSchedule } from '../../modules/shared/environment-config';
import { ciRoleArn, environmentResourceName, parameterPathPrefix } from '../../modules/shared/naming';
import { loadConfig } from '../../stacks/config';

/** The chatbot's ECR repository of an environment, as stacks/platform-stack.ts names it. */
export function chatbotRepositoryName(namePrefix: string, environment: string): string {
  return `${environmentResourceName(namePrefix, environment)}/chatbot`;
}

export interface CiEnvironment {
  /**
   * Environment name: also the GitHub environment its jobs run in. The environment's deploy and
   * image roles trust only `environment:<name>` jobs of named default-branch workflows
   * (modules/shared/github-oidc-subjects.ts).
   */
  readonly name: string;
  readonly accountId: string;
  /**
   * `<prefix>-github-apply-<env>`: the deploy role of this environment (apply.yml `apply`,
   * lifecycle.yml `up`, `destroy`, `artifact`). It can change this environment's resources only.
   */
  readonly applyRoleArn: string;
  /**
   * `<prefix>-github-image-<env>`: pushes the chatbot image to this environment's ECR repository
   * and nothing else (chatbot-image.yml and lifecycle.yml `deploy` image jobs).
   */
  readonly imageRoleArn: string;
  readonly region: string;
  /** `/<prefix>/<env>`: root of the environment's SSM parameters. */
  readonly parameterPrefix: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com`. */
  readonly registry: string;
  /** ECR repository name of the chatbot image, e.g. `qa-dev/chatbot`. */
  readonly imageRepository: string;
  /** The overlay Argo CD syncs for this environment. */
  readonly kustomization: string;
  /** `<prefix>-<env>`: the EKS cluster (its `ttl` tag is lifecycle.yml's). */
  readonly clusterName: string;
  /** lifecycle.yml's timers for this environment (config `schedule:`); undefined: by hand only. */
  readonly schedule?: LifecycleSchedule;
}

export interface CiSettings {
  /** `owner/repo`: the only repository the CI roles trust. */
  readonly repository: string;
  readonly defaultBranch: string;
  /** Region of the state bucket and the STS endpoint the roles are assumed through. */
  readonly stateRegion: string;
  /**
   * Read-only role of the account: pull-request plans, `/plan` and drift detection. The only role
   * pull-request code can reach.
   */
  readonly planRoleArn: string;
  /** Longest session the deploy roles allow (modules/github-ci: 7200 s): a cluster takes a while. */
  readonly applySessionSeconds: number;
  /**
   * Whether pull requests also plan `bootstrap`: only once its state lives in the bucket (a local
   * state is on an administrator's machine, so a CI plan would propose creating everything).
   */
  readonly planBootstrap: boolean;
  readonly environments: readonly CiEnvironment[];
}

/** Read config/ (or `configDir`) and derive the settings; a bad config throws its ConfigError. */
export function loadCiSettings(configDir = join(__dirname, '..', '..', 'config')): CiSettings {
  const project = loadConfig(configDir);
  const prefix = project.namePrefix;
  return {
    repository: `${project.github.owner}/${project.github.repo}`,
    defaultBranch: project.github.defaultBranch,
    stateRegion: project.state.region,
    planRoleArn: ciRoleArn(prefix, project.state.accountId, 'plan'),
    applySessionSeconds: 7200,
    planBootstrap: project.state.bootstrapBackend === 's3',
    environments: project.environments.map((env) => ({
      name: env.name,
      accountId: env.accountId,
      // The account of the environment: with one bootstrap per account its CI roles live there.
      applyRoleArn: ciRoleArn(prefix, env.accountId, 'apply', env.name),
      imageRoleArn: ciRoleArn(prefix, env.accountId, 'image', env.name),
      region: env.region,
      parameterPrefix: parameterPathPrefix(prefix, env.name),
      registry: `${env.accountId}.dkr.ecr.${env.region}.amazonaws.com`,
      imageRepository: chatbotRepositoryName(prefix, env.name),
      kustomization: `gitops/apps/chatbot/overlays/${env.name}/kustomization.yaml`,
      clusterName: environmentResourceName(prefix, env.name),
      ...(env.schedule ? { schedule: env.schedule } : {}),
    })),
  };
}
