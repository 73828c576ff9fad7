/**
 * plan.yml: Atlantis-style plans on pull requests. Jobs, split by privilege:
 * - `resolve` (pull-requests: read): which pull request and head SHA; same-repository pull
 *   requests only (a fork's workflow gets no OIDC token, and must never run with the plan role).
 * - `plan` (pull_request) and `plan-command` (a `/plan` comment): the same steps, from one
 *   function. contents: read, id-token: write, no write token: synth, then per stack terraform
 *   init + plan + show -json with the read-only plan role; the saved plans, lock files and
 *   configuration go into the artifact `plan-<head sha>` that `/apply` later applies. Both run
 *   pull-request code, so both must reach the plan role and nothing else:
 *   - a pull_request run presents the OIDC context `pull_request`;
 *   - an issue_comment run executes on the default branch, where a job without an environment
 *     would present `ref:refs/heads/<default>`; `plan-command` runs in the GitHub environment
 *     `plan` (no secrets, no reviewers) so it presents `environment:plan`, which only the plan
 *     role trusts. Two jobs rather than one in `plan` for both: a pull_request plan keeps the
 *     context GitHub gives no default-branch run, and pull requests get no deployment records.
 * - `comment` (pull-requests: write, no cloud access): the sticky plan comment, rendered by the
 *   default branch's tools/plan-comment, and the full masked plan as an artifact.
 * A `/plan` comment (from an owner, member or collaborator) re-runs it for the current head.
 */
import { github, type typescript } from 'projen';
import type { CiSettings } from './ci-settings';
import { PINNED_ACTIONS } from './pinned-actions';
import { assumeRole, checkout, checkoutDefaultBranch, CI_TOOL, job, PLAN_COMMENT_TOOL, synth, TERRAFORM_ENV, toolchain, restrictWorkflow } from './workflow-steps';
import { PLAN_ENVIRONMENT } from '../../modules/shared/github-oidc-subjects';

type Job = github.workflows.Job;

const { READ, WRITE } = github.workflows.JobPermission;

/** File name of this workflow: tools/github `apply-gate --plan-workflow` looks for its runs. */
export const PLAN_WORKFLOW_FILE = 'plan.yml';

/**
 * Days a plan artifact is kept. Saved plans and plan JSON hold values in clear text (every
 * repository reader can download artifacts), so: long enough for a review, then `/plan` again.
 */
export const PLAN_RETENTION_DAYS = 5;

/** Changes that can change a plan. */
export const PLAN_PATHS = ['stacks/**', 'modules/**', 'config/**', 'package.json', 'package-lock.json', 'cdktf.json', 'tools/ci/**', `.github/workflows/${PLAN_WORKFLOW_FILE}`];

/** Comment authors trusted to start a plan (GitHub's author_association). */
export const TRUSTED_ASSOCIATIONS = ['OWNER', 'MEMBER', 'COLLABORATOR'];

const PR = '${{ needs.resolve.outputs.number }}';
const SHA = '${{ needs.resolve.outputs.sha }}';

/** The plan jobs: one per event, so each presents the OIDC context the plan role trusts. */
export const PLAN_JOBS = { pull_request: 'plan', issue_comment: 'plan-command' } as const;

/**
 * Where the jobs that read the plan artifact (comment here; gate and apply in apply.yml) extract
 * it: the runner's temp directory, never the checkout. The artifact was made by a job that ran
 * pull-request code; extracted into `.` it could replace the default branch's tools that the job
 * runs next. The same directory as an action's `with:` value (the runner context) and in a script
 * ($RUNNER_TEMP: a job's `env:` cannot read the runner context).
 */
export const PLAN_ARTIFACT_DIR = { expression: '${{ runner.temp }}/plan-artifact', shell: '$RUNNER_TEMP/plan-artifact' } as const;

/** The artifact `/apply` reads: what terraform needs to init and apply each saved plan. */
export const PLAN_ARTIFACT_PATHS = [
  'cdktf.out/manifest.json',
  'cdktf.out/stacks/*/cdk.tf.json',
  'cdktf.out/stacks/*/plan.tfplan',
  'cdktf.out/stacks/*/.terraform.lock.hcl',
  'plans/',
];

const RESOLVE_SCRIPT = [
  'set -euo pipefail',
  'if [ "$EVENT_NAME" = issue_comment ]; then',
  '  if ! [[ "$COMMENT_BODY" =~ ^/plan([[:space:]]|$) ]]; then',
  '    echo "Not a /plan command."',
  '    echo "run=false" >> "$GITHUB_OUTPUT"',
  '    exit 0',
  '  fi',
  '  # A comment carries no head: ask for the pull request as it is now.',
  '  pr=$(gh api "repos/$GITHUB_REPOSITORY/pulls/$NUMBER")',
  '  HEAD_SHA=$(jq -r .head.sha <<<"$pr")',
  '  HEAD_REPO=$(jq -r .head.repo.full_name <<<"$pr")',
  '  if [ "$(jq -r .state <<<"$pr")" != open ]; then',
  '    echo "::notice::pull request #$NUMBER is closed; nothing to plan"',
  '    echo "run=false" >> "$GITHUB_OUTPUT"',
  '    exit 0',
  '  fi',
  'fi',
  'if [ "$HEAD_REPO" != "$GITHUB_REPOSITORY" ]; then',
  '  echo "::notice::pull request #$NUMBER comes from a fork ($HEAD_REPO): forks get no OIDC token and never run with the plan role; a maintainer can push the branch here to plan it"',
  '  echo "run=false" >> "$GITHUB_OUTPUT"',
  '  exit 0',
  'fi',
  '[[ "$HEAD_SHA" =~ ^[0-9a-f]{40}$ ]] || { echo "::error::unexpected head SHA"; exit 1; }',
  '{ echo "run=true"; echo "number=$NUMBER"; echo "sha=$HEAD_SHA"; } >> "$GITHUB_OUTPUT"',
].join('\n');

export function addPlanWorkflow(project: typescript.TypeScriptProject, settings: CiSettings): github.GithubWorkflow {
  const gh = project.github;
  if (!gh) throw new Error('addPlanWorkflow: the project has GitHub support turned off');
  const workflow = gh.addWorkflow('plan');
  workflow.on({ pullRequest: { paths: PLAN_PATHS }, issueComment: { types: ['created'] } });
  // One plan per pull request; a newer push or /plan cancels the running one. Other comments get
  // a group of their own, or merely commenting would cancel a plan in progress.
  restrictWorkflow(workflow, { group: "plan-${{ github.event.pull_request.number || github.event.issue.number }}-${{ (github.event_name == 'pull_request' || startsWith(github.event.comment.body, '/plan')) && 'plan' || github.run_id }}", cancelInProgress: true });

  const planFromComment = [
    'github.event.issue.pull_request',
    "startsWith(github.event.comment.body, '/plan')",
    `contains(fromJSON('${JSON.stringify(TRUSTED_ASSOCIATIONS)}'), github.event.comment.author_association)`,
  ].join(' && ');

  workflow.addJobs({
    resolve: job({
      name: 'Resolve the pull request',
      if: `github.event_name == 'pull_request' || (${planFromComment})`,
      permissions: { pullRequests: READ },
      timeoutMinutes: 5,
      outputs: {
        run: { stepId: 'pr', outputName: 'run' },
        number: { stepId: 'pr', outputName: 'number' },
        sha: { stepId: 'pr', outputName: 'sha' },
      },
      steps: [
        {
          id: 'pr',
          name: 'Pull request, head SHA, same repository?',
          env: {
            EVENT_NAME: '${{ github.event_name }}',
            COMMENT_BODY: '${{ github.event.comment.body }}',
            NUMBER: '${{ github.event.pull_request.number || github.event.issue.number }}',
            HEAD_SHA: '${{ github.event.pull_request.head.sha }}',
            HEAD_REPO: '${{ github.event.pull_request.head.repo.full_name }}',
            GH_TOKEN: '${{ github.token }}',
          },
          run: RESOLVE_SCRIPT,
        },
      ],
    }),

    [PLAN_JOBS.pull_request]: planJob(settings, 'pull_request'),
    [PLAN_JOBS.issue_comment]: planJob(settings, 'issue_comment'),

    comment: job({
      name: 'Post the plan comment',
      needs: ['resolve', ...Object.values(PLAN_JOBS)],
      // One of the plan jobs ran (the other is skipped by its event) and finished its steps.
      if: `!cancelled() && (${Object.values(PLAN_JOBS).map((id) => `needs.${id}.result == 'success'`).join(' || ')})`,
      permissions: { contents: READ, pullRequests: WRITE },
      timeoutMinutes: 15,
      env: { PR, SHA },
      steps: [
        checkoutDefaultBranch(),
        ...toolchain(),
        { name: 'Download the plans (outside the checkout)', uses: PINNED_ACTIONS.downloadArtifact, with: { name: `plan-${SHA}`, path: PLAN_ARTIFACT_DIR.expression } },
        { name: 'Render the full plan (masked)', run: `${PLAN_COMMENT_TOOL} render --plans-dir "${PLAN_ARTIFACT_DIR.shell}/plans" --pr "$PR" --sha "$SHA" --out-dir plan-comment` },
        {
          id: 'full-plan',
          name: 'Upload the full plan',
          uses: PINNED_ACTIONS.uploadArtifact,
          with: { 'name': `plan-comment-${SHA}`, 'path': 'plan-comment/full-plan.md', 'if-no-files-found': 'error', 'retention-days': PLAN_RETENTION_DAYS },
        },
        {
          name: 'Publish the sticky comment',
          env: { GITHUB_TOKEN: '${{ github.token }}', ARTIFACT_URL: '${{ steps.full-plan.outputs.artifact-url }}' },
          run: `${PLAN_COMMENT_TOOL} publish --plans-dir "${PLAN_ARTIFACT_DIR.shell}/plans" --pr "$PR" --sha "$SHA" --artifact-url "$ARTIFACT_URL"`,
        },
        {
          name: 'Fail when a stack could not be planned',
          if: Object.values(PLAN_JOBS).map((id) => `needs.${id}.outputs.outcome == 'error'`).join(' || '),
          run: 'echo "::error::terraform could not plan every stack; the plan comment lists which and why"; exit 1',
        },
      ],
    }),
  });
  return workflow;
}

/**
 * The plan job of one event. Same steps for both; only the condition and, for `/plan`, the GitHub
 * environment differ (see the module comment for why the environment).
 */
function planJob(settings: CiSettings, event: keyof typeof PLAN_JOBS): Job {
  return job({
    // The head SHA in the job's name, rendered by GitHub from the resolve job (no pull-request code):
    // apply-gate accepts a /plan run's artifact only when a successful job of the run names it.
    name: event === 'pull_request' ? `Plan every stack at ${SHA}` : `Plan every stack at ${SHA} (/plan)`,
    needs: ['resolve'],
    if: `github.event_name == '${event}' && needs.resolve.outputs.run == 'true'`,
    ...(event === 'issue_comment' ? { environment: PLAN_ENVIRONMENT } : {}),
    permissions: { contents: READ, idToken: WRITE },
    timeoutMinutes: 60,
    env: { ...TERRAFORM_ENV },
    outputs: { outcome: { stepId: 'plan', outputName: 'outcome' } },
    steps: [
      // The head commit, not the merge commit pull_request checks out by default: the plan,
      // the artifact name and /apply all refer to the head SHA.
      checkout({ name: 'Checkout the pull request head', ref: SHA }),
      ...toolchain({ terraform: true, cdktf: true }),
      synth(),
      assumeRole({ roleArn: settings.planRoleArn, region: settings.stateRegion, sessionName: `plan-pr-${PR}` }),
      {
        id: 'plan',
        name: 'terraform init + plan + show -json per stack (read-only role, -lock=false)',
        run: `${CI_TOOL} plan-stacks --manifest cdktf.out/manifest.json --plans-dir plans${settings.planBootstrap ? ' --include-bootstrap' : ''}`,
      },
      {
        name: 'SHA-256 of every file to upload (plans/digests.json: /apply checks each file against it)',
        run: `${CI_TOOL} plan-digests --paths "${PLAN_ARTIFACT_PATHS.join(' ')}" --out plans/digests.json`,
      },
      {
        name: 'Upload the saved plans',
        uses: PINNED_ACTIONS.uploadArtifact,
        with: {
          'name': `plan-${SHA}`,
          'path': PLAN_ARTIFACT_PATHS.join('\n'),
          // .terraform.lock.hcl: apply must install exactly the providers that planned.
          'include-hidden-files': true,
          'if-no-files-found': 'error',
          'retention-days': PLAN_RETENTION_DAYS,
        },
      },
    ],
  });
}
