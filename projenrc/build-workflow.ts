import { github, typescript } from 'projen';
import { PINNED_ACTIONS, TOOL_VERSIONS } from './workflows/pinned-actions';
import { finishInstall, installDependencies, restrictWorkflow } from './workflows/workflow-steps';

/**
 * build.yml: on pull requests and pushes to main — clean install, fail on projen drift (a
 * generated file edited by hand, or .projenrc.ts changed without `npx projen`), type-check, lint,
 * test, synth. Read-only token; no cloud credentials. Installed like every other workflow: no
 * dependency's install scripts, then the root postinstall's work as one named step.
 */
export function addBuildWorkflow(project: typescript.TypeScriptProject): void {
  const gh = project.github;
  if (!gh) throw new Error('addBuildWorkflow: the project has GitHub support turned off');
  const workflow = gh.addWorkflow('build');
  workflow.on({
    pullRequest: {},
    push: { branches: ['main'] },
    workflowDispatch: {},
  });
  restrictWorkflow(workflow, { group: 'build-${{ github.ref }}', cancelInProgress: true });
  workflow.addJobs({
    build: {
      name: 'Type-check, lint, test, synth',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ },
      timeoutMinutes: 30,
      env: { CHECKPOINT_DISABLE: '1', CI: 'true' },
      steps: [
        { name: 'Checkout', uses: PINNED_ACTIONS.checkout, with: { 'persist-credentials': false } },
        { name: 'Set up Node', uses: PINNED_ACTIONS.setupNode, with: { 'node-version-file': TOOL_VERSIONS.nodeVersionFile, 'cache': 'npm' } },
        { name: 'Set up Terraform', uses: PINNED_ACTIONS.setupTerraform, with: { terraform_version: TOOL_VERSIONS.terraform, terraform_wrapper: false } },
        installDependencies(),
        ...finishInstall({ chatbot: true, cdktf: true }),
        {
          name: 'Fail on projen drift',
          run: 'npx projen && git diff --exit-code || { echo "::error::Generated files are out of date: run npx projen and commit the result"; exit 1; }',
        },
        { name: 'Type-check', run: 'npx projen typecheck' },
        // eslint runs with --fix: a fix it makes is a lint failure the author should commit.
        { name: 'Lint', run: 'npx projen eslint && git diff --exit-code' },
        { name: 'Test', run: 'npx projen test' },
        { name: 'Synthesize every stack', run: 'npx projen synth' },
      ],
    },
  });
}
