/**
 * apply.yml: `/apply [stack...]` on a pull request applies the plans saved by plan.yml.
 * - `gate` (default-branch code only; pull-requests: write to reply, actions: read for the
 *   artifact): parse the command; tools/github `apply-gate` checks the commenter may write, the
 *   pull request is open, approved and mergeable, and a successful plan of its current head SHA
 *   exists; tools/ci `select-apply` picks the stacks (bootstrap is refused, failed plans refuse the
 *   command) and groups them per environment. Every refusal is answered in a reply.
 * - `apply` (one job per environment): runs in the GitHub environment of that name, so the apply
 *   role's `environment:<env>` trust applies and prod's required reviewers must approve; holds
 *   the `terraform-<env>` lock shared with lifecycle.yml; checks the head has not moved since,
 *   then `terraform apply plan.tfplan` per stack in dependency order. A plan whose state has
 *   changed since is refused by Terraform itself ("Saved plan is stale"): nothing is applied.
 * - `report`: the result as a reply.
 * The apply job runs no pull-request code: it applies the planned configuration from the
 * artifact, with the default branch's tools. The artifact is extracted outside the checkout
 * (`$RUNNER_TEMP/plan-artifact`), so nothing in it can replace a file of those tools; Terraform
 * works in it through the manifest's paths (`-chdir`). Each environment's job assumes that
 * environment's deploy role, which trusts only this workflow and lifecycle.yml of the default
 * branch, in that GitHub environment.
 */
import { github, type typescript } from 'projen';
import type { CiSettings } from './ci-settings';
import { PINNED_ACTIONS } from './pinned-actions';
import { PLAN_ARTIFACT_DIR, PLAN_RETENTION_DAYS, PLAN_WORKFLOW_FILE } from './plan';
import { assumeRole, checkoutDefaultBranch, CI_TOOL, GITHUB_TOOL, job, resolveEnvironment, TERRAFORM_ENV, toolchain, restrictWorkflow } from './workflow-steps';

const { READ, WRITE } = github.workflows.JobPermission;

/** The lock of an environment's Terraform state: every workflow writing that state holds it. */
export function terraformLockGroup(environment: string): string {
  return `terraform-${environment}`;
}

const PR = '${{ github.event.issue.number }}';
/** Given only to the steps that call the GitHub API, not to every step of the job. */
const TOKEN = '${{ github.token }}';
const RUN_URL = '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}';

/** The manifest inside the extracted artifact: tools/ci finds each stack's directory from it. */
const PLAN_MANIFEST = `"${PLAN_ARTIFACT_DIR.shell}/cdktf.out/manifest.json"`;
const PLANS_DIR = `"${PLAN_ARTIFACT_DIR.shell}/plans"`;

const PARSE_SCRIPT = [
  `if ! ${GITHUB_TOOL} parse-command 2> parse-error.txt; then`,
  '  cat parse-error.txt >&2',
  "  { echo '### :no_entry: `/apply` not understood'; echo; cat parse-error.txt; } > reply.md",
  '  exit 1',
  'fi',
].join('\n');

const HEAD_CHECK_SCRIPT = [
  'head=$(gh api "repos/$GITHUB_REPOSITORY/pulls/$PR" --jq .head.sha)',
  'if [ "$head" != "$PLANNED_SHA" ]; then',
  '  echo "::error::the pull request head moved from $PLANNED_SHA to $head after the gate; comment /plan, review, then /apply again"',
  '  exit 1',
  'fi',
].join('\n');

export function addApplyWorkflow(project: typescript.TypeScriptProject, settings: CiSettings): github.GithubWorkflow {
  const gh = project.github;
  if (!gh) throw new Error('addApplyWorkflow: the project has GitHub support turned off');
  const workflow = gh.addWorkflow('apply');
  workflow.on({ issueComment: { types: ['created'] } });
  // Never cancel an apply. Comments other than /apply get a group of their own, so they neither
  // wait for nor replace a queued /apply.
  restrictWorkflow(workflow, { group: "apply-${{ github.event.issue.number }}-${{ startsWith(github.event.comment.body, '/apply') && 'apply' || github.run_id }}", cancelInProgress: false });

  const gate = (output: string) => `\${{ needs.gate.outputs.${output} }}`;
  /**
   * The saved plans of the run the gate checked, by artifact id and digest, into the runner's
   * temporary directory (never the trusted checkout): tools/github download-plan checks the zip's
   * SHA-256 against the digest, every entry's path, and every file against plans/digests.json.
   */
  const downloadPlans = (from: (output: string) => string) => ({
    name: 'Download the checked plans outside the checkout (zip digest, paths, file digests)',
    env: { GITHUB_TOKEN: TOKEN, RUN_ID: from('plan-run-id'), ARTIFACT_ID: from('artifact-id'), DIGEST: from('artifact-digest'), SHA: from('head-sha') },
    run: `${GITHUB_TOOL} download-plan --run-id "$RUN_ID" --artifact-id "$ARTIFACT_ID" --digest "$DIGEST" --sha "$SHA" --out-dir "${PLAN_ARTIFACT_DIR.shell}"`,
  });

  workflow.addJobs({
    gate: job({
      name: 'Check the /apply command',
      if: "github.event.issue.pull_request && startsWith(github.event.comment.body, '/apply')",
      permissions: { actions: READ, contents: READ, pullRequests: WRITE },
      timeoutMinutes: 15,
      env: { PR },
      outputs: {
        'apply': { stepId: 'select', outputName: 'apply' },
        'targets': { stepId: 'select', outputName: 'targets' },
        'head-sha': { stepId: 'gate', outputName: 'head-sha' },
        'plan-run-id': { stepId: 'gate', outputName: 'plan-run-id' },
        'artifact-id': { stepId: 'gate', outputName: 'artifact-id' },
        'artifact-digest': { stepId: 'gate', outputName: 'artifact-digest' },
      },
      steps: [
        checkoutDefaultBranch(),
        ...toolchain(),
        { id: 'command', name: 'Parse the comment', env: { COMMENT_BODY: '${{ github.event.comment.body }}' }, run: PARSE_SCRIPT },
        {
          id: 'gate',
          name: 'Write access, approved, mergeable, planned at the current head?',
          if: "steps.command.outputs.command == 'apply'",
          env: { ACTOR: '${{ github.event.comment.user.login }}', GITHUB_TOKEN: TOKEN },
          run: `${GITHUB_TOOL} apply-gate --pr "$PR" --actor "$ACTOR" --plan-workflow ${PLAN_WORKFLOW_FILE} --reply-on-refusal`,
        },
        { ...downloadPlans((output) => `\${{ steps.gate.outputs.${output} }}`), if: "steps.gate.outputs.allowed == 'true'" },
        {
          id: 'select',
          name: 'Select the stacks (bootstrap refused), one target per environment',
          if: "steps.gate.outputs.allowed == 'true'",
          env: { STACKS: '${{ steps.command.outputs.stacks }}', SHA: '${{ steps.gate.outputs.head-sha }}' },
          run: `${CI_TOOL} select-apply --manifest ${PLAN_MANIFEST} --plans-dir ${PLANS_DIR} --stacks "$STACKS" --sha "$SHA" --reply-file reply.md`,
        },
        {
          name: 'Reply when nothing will be applied',
          if: "always() && hashFiles('reply.md') != ''",
          env: { GITHUB_TOKEN: TOKEN },
          run: `${GITHUB_TOOL} reply --pr "$PR" --body-file reply.md`,
        },
      ],
    }),

    apply: job({
      name: 'apply ${{ matrix.environment }}',
      needs: ['gate'],
      if: "needs.gate.outputs.apply == 'true'",
      strategy: { failFast: false, matrix: { include: '${{ fromJSON(needs.gate.outputs.targets) }}' as unknown as Array<Record<string, string>> } },
      environment: '${{ matrix.environment }}',
      concurrency: { 'group': terraformLockGroup('${{ matrix.environment }}'), 'cancel-in-progress': false },
      permissions: { actions: READ, contents: READ, idToken: WRITE, pullRequests: READ },
      timeoutMinutes: 150,
      env: { ...TERRAFORM_ENV, PR, PLANNED_SHA: gate('head-sha') },
      steps: [
        checkoutDefaultBranch(),
        ...toolchain({ terraform: true }),
        // Prod may wait hours for its reviewers: re-check that the plan still matches the PR.
        { name: 'Check the pull request head has not moved', env: { GH_TOKEN: TOKEN }, run: HEAD_CHECK_SCRIPT },
        downloadPlans(gate),
        resolveEnvironment(settings, '${{ matrix.environment }}'),
        assumeRole({
          roleArn: '${{ steps.target.outputs.apply-role }}',
          region: settings.stateRegion,
          sessionName: `apply-pr-${PR}-\${{ matrix.environment }}`,
          durationSeconds: settings.applySessionSeconds,
        }),
        {
          name: 'terraform apply the saved plans, in dependency order',
          env: { ENVIRONMENT: '${{ matrix.environment }}', STACKS: '${{ matrix.stacks }}' },
          run: `${CI_TOOL} apply-plans --manifest ${PLAN_MANIFEST} --environment "$ENVIRONMENT" --stacks "$STACKS" --result-file "apply-result/$ENVIRONMENT.json"`,
        },
        {
          name: 'Upload the result',
          if: 'always()',
          uses: PINNED_ACTIONS.uploadArtifact,
          with: { 'name': 'apply-result-${{ matrix.environment }}', 'path': 'apply-result/', 'if-no-files-found': 'ignore', 'retention-days': PLAN_RETENTION_DAYS },
        },
      ],
    }),

    report: job({
      name: 'Reply with the result',
      needs: ['gate', 'apply'],
      if: "always() && needs.gate.outputs.apply == 'true'",
      permissions: { contents: READ, pullRequests: WRITE },
      timeoutMinutes: 10,
      env: { PR },
      steps: [
        checkoutDefaultBranch(),
        ...toolchain(),
        {
          name: 'Download the results',
          // None at all (every environment rejected or cancelled) is still worth a reply.
          continueOnError: true,
          uses: PINNED_ACTIONS.downloadArtifact,
          with: { 'pattern': 'apply-result-*', 'merge-multiple': true, 'path': 'apply-result' },
        },
        {
          name: 'Write the reply',
          env: { TARGETS: gate('targets'), SHA: gate('head-sha'), RUN_URL },
          run: `${CI_TOOL} apply-report --results-dir apply-result --targets "$TARGETS" --sha "$SHA" --run-url "$RUN_URL" --out apply-report.md`,
        },
        { name: 'Post the reply', env: { GITHUB_TOKEN: TOKEN }, run: `${GITHUB_TOOL} reply --pr "$PR" --body-file apply-report.md` },
      ],
    }),
  });
  return workflow;
}
