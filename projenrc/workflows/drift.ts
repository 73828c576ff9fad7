/**
 * drift.yml: every day (and on demand), plan every stack of each environment with the read-only
 * plan role and `-detailed-exitcode`; exit 2 is drift, 0 is clean, anything else an error. The
 * result keeps one issue per environment current (tools/github `drift-issue`): opened or updated
 * on drift or error, closed when clean. Detection (cloud access, no write token) and the issue
 * (issues: write, no cloud access) are separate jobs. Detection runs in the GitHub environment
 * `plan`, like `/plan`: a scheduled run would otherwise present `ref:refs/heads/<default>`, a
 * context no role trusts (anything on the default branch could produce it).
 */
import { github, type typescript } from 'projen';
import type { CiSettings } from './ci-settings';
import { PINNED_ACTIONS } from './pinned-actions';
import { assumeRole, checkout, checkoutDefaultBranch, CI_TOOL, GITHUB_TOOL, job, PLAN_COMMENT_TOOL, requireDefaultBranch, synth, TERRAFORM_ENV, toolchain, restrictWorkflow } from './workflow-steps';
import { PLAN_ENVIRONMENT } from '../../modules/shared/github-oidc-subjects';

const { READ, WRITE } = github.workflows.JobPermission;

/** 05:17 UTC: off the top of the hour, when GitHub's scheduler is busiest. */
export const DRIFT_SCHEDULE = '17 5 * * *';

const ENVIRONMENT = '${{ matrix.environment }}';
const RUN_URL = '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}';

const ISSUE_SCRIPT = [
  'status=$(cat drift-report/status 2>/dev/null || true)',
  'case "$status" in',
  '  drift|clean|error) ;;',
  '  *)',
  '    # The detection job died before reporting (synth, credentials...): say so, never "clean".',
  '    status=error',
  '    mkdir -p drift-report',
  '    echo "Drift detection for \\`$ENVIRONMENT\\` failed before it could report; see the workflow run." > drift-report/report.md',
  '    ;;',
  'esac',
  `${GITHUB_TOOL} drift-issue --environment "$ENVIRONMENT" --status "$status" --report-file drift-report/report.md --run-url "$RUN_URL"`,
].join('\n');

export function addDriftWorkflow(project: typescript.TypeScriptProject, settings: CiSettings): github.GithubWorkflow {
  const gh = project.github;
  if (!gh) throw new Error('addDriftWorkflow: the project has GitHub support turned off');
  const workflow = gh.addWorkflow('drift');
  workflow.on({ schedule: [{ cron: DRIFT_SCHEDULE }], workflowDispatch: {} });
  restrictWorkflow(workflow, { group: 'drift', cancelInProgress: false });
  const matrix = { domain: { environment: settings.environments.map((e) => e.name) } };

  workflow.addJobs({
    detect: job({
      name: `Detect drift (${ENVIRONMENT})`,
      strategy: { failFast: false, matrix },
      environment: PLAN_ENVIRONMENT,
      permissions: { contents: READ, idToken: WRITE },
      timeoutMinutes: 60,
      env: { ...TERRAFORM_ENV, ENVIRONMENT },
      steps: [
        requireDefaultBranch(settings),
        checkout(),
        ...toolchain({ terraform: true, cdktf: true }),
        synth(),
        assumeRole({ roleArn: settings.planRoleArn, region: settings.stateRegion, sessionName: `drift-${ENVIRONMENT}` }),
        { name: 'Plan every stack of the environment (read-only role, -lock=false)', run: `${CI_TOOL} plan-stacks --manifest cdktf.out/manifest.json --plans-dir plans --environment "$ENVIRONMENT"` },
        {
          // render wants a pull request number for its comment markers; drift only reads
          // summary.md, which carries none.
          name: 'Summarise the plans (masked)',
          if: 'always()',
          continueOnError: true,
          run: `${PLAN_COMMENT_TOOL} render --plans-dir plans --pr 1 --sha "$GITHUB_SHA" --out-dir plan-summary`,
        },
        {
          name: 'Write the drift report',
          if: 'always()',
          env: { RUN_URL },
          run: `${CI_TOOL} drift-report --environment "$ENVIRONMENT" --manifest cdktf.out/manifest.json --plans-dir plans --summary-file plan-summary/summary.md --run-url "$RUN_URL" --out drift-report/report.md --status-file drift-report/status`,
        },
        {
          name: 'Upload the report',
          if: 'always()',
          uses: PINNED_ACTIONS.uploadArtifact,
          with: { 'name': `drift-${ENVIRONMENT}`, 'path': 'drift-report/', 'if-no-files-found': 'ignore', 'retention-days': 14 },
        },
      ],
    }),
    issue: job({
      name: `Update the drift issue (${ENVIRONMENT})`,
      needs: ['detect'],
      if: 'always()',
      strategy: { failFast: false, matrix },
      permissions: { contents: READ, issues: WRITE },
      timeoutMinutes: 10,
      env: { ENVIRONMENT },
      steps: [
        checkoutDefaultBranch(),
        ...toolchain(),
        { name: 'Download the report', continueOnError: true, uses: PINNED_ACTIONS.downloadArtifact, with: { name: `drift-${ENVIRONMENT}`, path: 'drift-report' } },
        { name: 'Open, update or close the issue', env: { GITHUB_TOKEN: '${{ github.token }}', RUN_URL }, run: ISSUE_SCRIPT },
      ],
    }),
  });
  return workflow;
}
