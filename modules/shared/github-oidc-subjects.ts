/**
 * The OIDC subjects GitHub Actions presents, and which workflows may reach which CI role: the one
 * contract the bootstrap stack's trust policies (modules/github-ci) and the generated workflows
 * (projenrc/workflows) both read, and the trust-matrix test checks end to end.
 *
 * The repository uses a custom subject template (set once by an admin through the REST API,
 * docs/ci-workflows.md): `repo`, `context`, `job_workflow_ref`, e.g.
 *   repo:acme/app:environment:prod:job_workflow_ref:acme/app/.github/workflows/apply.yml@refs/heads/main
 * The context alone (`environment:prod`) can be produced by any job that names the environment,
 * including a pull request's own edited workflow; the workflow reference cannot: a pull request's
 * workflows run at `refs/pull/<n>/merge`, a pushed branch's at `refs/heads/<branch>`. Deploy roles
 * therefore trust only reviewed workflow files of the default branch, in their own environment.
 */
import type { GitHubRepository } from './environment-config';

/** Claim keys of the subject template, in order. */
export const OIDC_SUBJECT_CLAIM_KEYS = ['repo', 'context', 'job_workflow_ref'] as const;

/** The GitHub environment (no secrets, no reviewers) of jobs that plan outside a pull_request run: `/plan`, drift. */
export const PLAN_ENVIRONMENT = 'plan';

/** The workflow files that assume CI roles. */
export const CI_WORKFLOW_FILES = {
  plan: 'plan.yml',
  apply: 'apply.yml',
  lifecycle: 'lifecycle.yml',
  chatbotImage: 'chatbot-image.yml',
  drift: 'drift.yml',
} as const;

/** Default-branch workflows that may assume an environment's deploy role (in that environment). */
export const DEPLOY_ROLE_WORKFLOWS: readonly string[] = [CI_WORKFLOW_FILES.apply, CI_WORKFLOW_FILES.lifecycle];

/** Default-branch workflows that may assume an environment's image-push role (in that environment). */
export const IMAGE_ROLE_WORKFLOWS: readonly string[] = [CI_WORKFLOW_FILES.chatbotImage, CI_WORKFLOW_FILES.lifecycle];

/** `job_workflow_ref` of a workflow file at a git ref: `acme/app/.github/workflows/apply.yml@refs/heads/main`. */
export function jobWorkflowRef(github: GitHubRepository, workflowFile: string, gitRef: string): string {
  return `${github.owner}/${github.repo}/.github/workflows/${workflowFile}@${gitRef}`;
}

/**
 * The subject under the template. `context` is `pull_request`, `environment:<name>` or
 * `ref:refs/heads/<branch>` (also `ref:refs/tags/<tag>`), as GitHub derives it from the job.
 */
export function oidcSubject(github: GitHubRepository, context: string, workflowFile: string, gitRef: string): string {
  return `repo:${github.owner}/${github.repo}:${context}:job_workflow_ref:${jobWorkflowRef(github, workflowFile, gitRef)}`;
}
