import { github, typescript } from 'projen';

/** Actions pinned by commit SHA (tag in the comment), never by a moving tag. */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683', // v4.2.2
  setupNode: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', // v4.4.0
  setupTerraform: 'hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd', // v3.1.2
} as const;

/**
 * build.yml: on pull requests and pushes to main — clean install, fail on projen drift (a
 * generated file edited by hand, or .projenrc.ts changed without `npx projen`), type-check, lint,
 * test, synth. Read-only token; no cloud credentials.
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
  workflow.file?.addOverride('concurrency', {
    'group': '${{ github.workflow }}-${{ github.ref }}',
    'cancel-in-progress': true,
  });
  workflow.addJobs({
    build: {
      name: 'Type-check, lint, test, synth',
      runsOn: ['ubuntu-latest'],
      permissions: { contents: github.workflows.JobPermission.READ },
      timeoutMinutes: 30,
      env: { CHECKPOINT_DISABLE: '1', CI: 'true' },
      steps: [
        { name: 'Checkout', uses: PINNED_ACTIONS.checkout },
        { name: 'Set up Node', uses: PINNED_ACTIONS.setupNode, with: { 'node-version': '20', 'cache': 'npm' } },
        { name: 'Set up Terraform', uses: PINNED_ACTIONS.setupTerraform, with: { terraform_version: '1.11.4', terraform_wrapper: false } },
        { name: 'Clean install', run: 'npm ci' },
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
