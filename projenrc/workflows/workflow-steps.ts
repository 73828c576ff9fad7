/**
 * Steps and job settings the workflows share, so each workflow file reads as its own logic.
 * Conventions they encode:
 * - checkout never leaves the token in .git/config (persist-credentials: false); the one job
 *   that pushes hands the token to git in its push step only (chatbot-release.ts).
 * - no dependency cache: these jobs hold cloud credentials or write tokens, or run pull-request
 *   code in the default branch's cache scope (an issue_comment run); a cache they restore could
 *   have been written by less trusted code (cache poisoning). `npm ci` from the registry instead.
 * - `npm ci --ignore-scripts`: no dependency's install script runs. What the root postinstall
 *   would do runs afterwards as one named step (finishInstall), in the jobs that need it.
 * - AWS is reached only through OIDC (configure-aws-credentials with role-to-assume); no keys.
 */
import { github } from 'projen';
import type { CiEnvironment, CiSettings } from './ci-settings';
import { PINNED_ACTIONS, TOOL_VERSIONS } from './pinned-actions';

type JobStep = github.workflows.JobStep;
type Job = github.workflows.Job;

/** Env every job that runs terraform or cdktf gets. */
export const TERRAFORM_ENV: Readonly<Record<string, string>> = {
  // No version checks or telemetry from terraform and cdktf.
  CHECKPOINT_DISABLE: '1',
  DISABLE_VERSION_CHECK: 'true',
  TF_IN_AUTOMATION: '1',
  TF_INPUT: '0',
  // With the cache createPluginCache() sets up: the lock file then holds only this platform's
  // hashes, which is all a Linux runner applying the same plan verifies.
  TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE: 'true',
};

export const RUNS_ON = ['ubuntu-latest'];

/** The CI tool of this repository (tools/ci/src/cli.ts). */
export const CI_TOOL = 'npx tsx tools/ci/src/cli.ts';
/** tools/github/src/cli.ts: comments, apply gate, drift issues. */
export const GITHUB_TOOL = 'npx tsx tools/github/src/cli.ts';
/** tools/plan-comment/src/cli.ts: the sticky plan comment. */
export const PLAN_COMMENT_TOOL = 'npx tsx tools/plan-comment/src/cli.ts';

/** Checkout without leaving the job's token in .git/config, where every later step could read it. */
export function checkout(options: { ref?: string; name?: string } = {}): JobStep {
  return {
    name: options.name ?? 'Checkout',
    uses: PINNED_ACTIONS.checkout,
    with: { ...(options.ref ? { ref: options.ref } : {}), 'persist-credentials': false },
  };
}

/** Checkout of the default branch: the tools that hold write tokens run from reviewed code only. */
export function checkoutDefaultBranch(): JobStep {
  return checkout({ name: 'Checkout the default branch (trusted tools)', ref: '${{ github.event.repository.default_branch }}' });
}

export function setupNode(): JobStep {
  return {
    name: 'Set up Node',
    uses: PINNED_ACTIONS.setupNode,
    with: { 'node-version-file': TOOL_VERSIONS.nodeVersionFile, 'package-manager-cache': false },
  };
}

export function setupTerraform(): JobStep {
  return {
    name: 'Set up Terraform',
    uses: PINNED_ACTIONS.setupTerraform,
    // No wrapper: it would swallow exit codes such as plan's 2 ("changes") behind its own.
    with: { terraform_version: TOOL_VERSIONS.terraform, terraform_wrapper: false },
  };
}

/** Every `npm ci` of the workflows: lock file only, and no package's install scripts. */
export const NPM_CI = 'npm ci --ignore-scripts --no-audit --no-fund';

/** The chatbot's dependencies (what the root postinstall installs first), without scripts either. */
export const CHATBOT_NPM_CI = 'npm ci --prefix chatbot --ignore-scripts --no-audit --no-fund';

/**
 * Builds the cdktf CLI's native terminal module (tools/cdktf-native/src/ensure-pty.ts): it has no
 * prebuilt binary for the pinned Node, and the CLI (synth, deploy) cannot start without it. It runs
 * node-gyp through `npm rebuild` of that one package: the only install script any job runs.
 */
export const CDKTF_NATIVE_BUILD = 'npx tsx tools/cdktf-native/src/ensure-pty.ts';

export function installDependencies(): JobStep {
  return { name: 'Install dependencies (no install scripts)', run: NPM_CI };
}

/** What a job needs beyond the root's dependencies. */
export interface FinishInstallOptions {
  /** chatbot/ dependencies (its tests, the web UI build). */
  readonly chatbot?: boolean;
  /** The cdktf CLI's native module (synth, deploy, destroy). */
  readonly cdktf?: boolean;
}

/**
 * The root postinstall (projenrc/mocha.ts), as a named step of its own after `npm ci
 * --ignore-scripts`: the chatbot's dependencies (no scripts) and, for jobs that start the cdktf
 * CLI, its native module, the one build script that must run. No step when the job needs neither.
 */
export function finishInstall(options: FinishInstallOptions): JobStep[] {
  const commands = [...(options.chatbot ? [CHATBOT_NPM_CI] : []), ...(options.cdktf ? [CDKTF_NATIVE_BUILD] : [])];
  if (commands.length === 0) return [];
  const parts = [...(options.chatbot ? ['chatbot/'] : []), ...(options.cdktf ? ['cdktf native module: the one install script'] : [])];
  return [{ name: `Finish the install (${parts.join(', ')})`, run: commands.join('\n') }];
}

/**
 * One provider download per job instead of one per stack. Set through $GITHUB_ENV: the runner
 * context (its temp directory) is not available in a job's `env`.
 */
export function createPluginCache(): JobStep {
  return {
    name: 'Create the provider cache',
    run: 'mkdir -p "$RUNNER_TEMP/terraform-plugins" && echo "TF_PLUGIN_CACHE_DIR=$RUNNER_TEMP/terraform-plugins" >> "$GITHUB_ENV"',
  };
}

export function synth(): JobStep {
  return { name: 'Synthesize every stack', run: 'npx projen synth' };
}

/** Node, install, and when asked Terraform (+ provider cache), chatbot/ and the cdktf module. */
export function toolchain(options: { terraform?: boolean } & FinishInstallOptions = {}): JobStep[] {
  return [setupNode(), ...(options.terraform ? [setupTerraform(), createPluginCache()] : []), installDependencies(), ...finishInstall(options)];
}

/** Assume a CI role through GitHub's OIDC token. The job needs `id-token: write`. */
export function assumeRole(options: { roleArn: string; region: string; sessionName: string; durationSeconds?: number }): JobStep {
  return {
    name: 'Assume the CI role (OIDC)',
    uses: PINNED_ACTIONS.configureAwsCredentials,
    with: {
      'role-to-assume': options.roleArn,
      'aws-region': options.region,
      'role-session-name': options.sessionName,
      ...(options.durationSeconds ? { 'role-duration-seconds': options.durationSeconds } : {}),
      'mask-aws-account-id': true,
    },
  };
}

/**
 * A step (id `target`) that maps an environment name, passed through env, to its region,
 * registry, image repository, parameter prefix, overlay and CI roles, all from config at projen
 * time. Outputs: region, registry, repository, parameter-prefix, kustomization, apply-role,
 * image-role. An unknown name stops the job, so no role is ever picked for it.
 */
export function resolveEnvironment(settings: CiSettings, environmentExpression: string): JobStep {
  const branch = (e: CiEnvironment) =>
    `  ${e.name}) region=${e.region} registry=${e.registry} repository=${e.imageRepository} parameter_prefix=${e.parameterPrefix} kustomization=${e.kustomization} apply_role=${e.applyRoleArn} image_role=${e.imageRoleArn} ;;`;
  const known = settings.environments.map((e) => e.name).join(', ');
  return {
    id: 'target',
    name: 'Resolve the environment (values generated from config/)',
    env: { ENVIRONMENT: environmentExpression },
    run: [
      'case "$ENVIRONMENT" in',
      ...settings.environments.map(branch),
      `  *) echo "::error::unknown environment; config/project.yaml lists ${known}"; exit 1 ;;`,
      'esac',
      '{',
      '  echo "region=$region"',
      '  echo "registry=$registry"',
      '  echo "repository=$repository"',
      '  echo "parameter-prefix=$parameter_prefix"',
      '  echo "kustomization=$kustomization"',
      '  echo "apply-role=$apply_role"',
      '  echo "image-role=$image_role"',
      '} >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  };
}

/** Fail early unless the run is on the default branch (the CI roles trust nothing else). */
export function requireDefaultBranch(settings: CiSettings): JobStep {
  return {
    name: `Refuse to run outside ${settings.defaultBranch}`,
    run: [
      `if [ "$GITHUB_REF" != "refs/heads/${settings.defaultBranch}" ]; then`,
      `  echo "::error::run this workflow from ${settings.defaultBranch}: it works on what is merged there, and the CI roles trust no other branch"`,
      '  exit 1',
      'fi',
    ].join('\n'),
  };
}

/** A job with the house defaults: ubuntu-latest and a timeout. */
export function job(definition: Omit<Job, 'runsOn'> & { timeoutMinutes: number }): Job {
  return { runsOn: RUNS_ON, ...definition };
}

/**
 * No token scope at all. Naming one scope sets every unnamed one to none, so this is what
 * `permissions: {}` means; it is spelled out because the actionlint build the tests run rejects an
 * empty map.
 */
export const NO_PERMISSIONS: github.workflows.JobPermissions = { contents: github.workflows.JobPermission.NONE };

/**
 * Workflow-level settings every workflow here gets: no token scope unless a job asks for one, and
 * a concurrency group. Group names are literals plus event values, never `github.workflow` (in a
 * called workflow that names the caller, and equal groups deadlock).
 */
export function restrictWorkflow(workflow: github.GithubWorkflow, concurrency: { group: string; cancelInProgress: boolean }): void {
  workflow.file?.addOverride('permissions', { contents: 'none' });
  workflow.file?.addOverride('concurrency', { 'group': concurrency.group, 'cancel-in-progress': concurrency.cancelInProgress });
}
