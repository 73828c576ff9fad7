import { expect } from 'chai';
import { synthesizedGithubRole } from './ci-roles';
import { runScript } from './run-script';
import { loadWorkflow, needsOf, stepRunning, stepsOf, stepsUsing, type WorkflowJob } from './workflow-files';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';
import { STATIC_SITE_PARAMETERS } from '../../projenrc/workflows/lifecycle';
import { platformParameterValues } from '../../stacks/platform-parameter-values';

const settings = loadCiSettings();
const workflow = loadWorkflow('lifecycle.yml');
const apply = loadWorkflow('apply.yml');
const { preflight, up, destroy, artifact } = workflow.jobs;
const ENVIRONMENT = '${{ github.event.inputs.environment }}';
const roleName = (arn: string) => arn.split(':role/')[1];

/** The role a job assumes in each environment: its resolve step, run for real. */
function rolesAssumed(job: WorkflowJob): Record<string, string> {
  const assume = stepsUsing(job, 'aws-actions/configure-aws-credentials')[0];
  const output = /^\$\{\{ steps\.target\.outputs\.([\w-]+) \}\}$/.exec(String(assume.with?.['role-to-assume']))![1];
  const resolve = stepsOf(job).find((s) => s.id === 'target')!;
  expect(resolve.env?.ENVIRONMENT).to.equal(ENVIRONMENT);
  return Object.fromEntries(settings.environments.map((e) => [e.name, runScript(resolve.run!, { env: { ENVIRONMENT: e.name } }).outputs[output]]));
}
const applyRoles = Object.fromEntries(settings.environments.map((e) => [e.name, e.applyRoleArn]));

/** The group name with the environment expression replaced, for comparing across workflows. */
const lockOf = (job: WorkflowJob) => job.concurrency?.group.replace(/\$\{\{[^}]*\}\}/, '<env>');

describe('lifecycle.yml', () => {
  it('is started by hand: action up | destroy | artifact | deploy, environment from config/', () => {
    expect(Object.keys(workflow.on)).to.deep.equal(['workflow_dispatch']);
    const inputs = workflow.on.workflow_dispatch.inputs;
    expect(inputs.action).to.deep.include({ type: 'choice', required: true, options: ['up', 'destroy', 'artifact', 'deploy'] });
    expect(inputs.environment).to.deep.include({ type: 'choice', required: true, options: settings.environments.map((e) => e.name) });
  });

  it('runs one lifecycle action per environment at a time', () => {
    expect(workflow.concurrency).to.deep.equal({ 'group': `lifecycle-${ENVIRONMENT}`, 'cancel-in-progress': false });
  });

  describe('preflight', () => {
    const [branch, confirm] = stepsOf(preflight);
    it('has no token scope and refuses any branch but the default one', () => {
      expect(Object.values(preflight.permissions ?? {})).to.deep.equal(['none']);
      expect(runScript(branch.run!, { env: { GITHUB_REF: `refs/heads/${settings.defaultBranch}` } }).code).to.equal(0);
      const other = runScript(branch.run!, { env: { GITHUB_REF: 'refs/heads/feature' } });
      expect(other.code).to.equal(1);
      expect(other.stdout).to.contain('::error::');
    });

    it('refuses a destroy unless the environment name is typed again', () => {
      const run = (env: Record<string, string>) => runScript(confirm.run!, { env }).code;
      expect(run({ ACTION: 'destroy', ENVIRONMENT: 'prod', CONFIRM: '' })).to.equal(1);
      expect(run({ ACTION: 'destroy', ENVIRONMENT: 'prod', CONFIRM: 'dev' })).to.equal(1);
      expect(run({ ACTION: 'destroy', ENVIRONMENT: 'prod', CONFIRM: 'prod' })).to.equal(0);
      expect(run({ ACTION: 'up', ENVIRONMENT: 'prod', CONFIRM: '' })).to.equal(0);
    });
  });

  for (const [name, job, action] of [['up', up, 'up'], ['destroy', destroy, 'destroy']] as const) {
    describe(name, () => {
      it(`runs only for action ${action}, after preflight, in the GitHub environment`, () => {
        expect(job.if).to.equal(`github.event.inputs.action == '${action}'`);
        expect(needsOf(job)).to.deep.equal(['preflight']);
        expect(job.environment).to.equal(ENVIRONMENT);
      });

      it('holds the same terraform-<env> lock as apply.yml', () => {
        expect(job.concurrency?.['cancel-in-progress']).to.equal(false);
        expect(lockOf(job)).to.equal('terraform-<env>');
        expect(lockOf(job)).to.equal(lockOf(apply.jobs.apply));
      });

      it("assumes the environment's own deploy role for its longest session and runs every stack of the environment in order", () => {
        const role = stepsUsing(job, 'aws-actions/configure-aws-credentials')[0];
        expect(rolesAssumed(job)).to.deep.equal(applyRoles);
        for (const env of settings.environments) expect(role.with?.['role-duration-seconds']).to.equal(synthesizedGithubRole(roleName(env.applyRoleArn)).maxSessionDuration);
        const run = stepRunning(job, 'run-stacks');
        expect(run.run).to.contain(`--action ${action} --manifest cdktf.out/manifest.json --environment "$ENVIRONMENT"`);
        expect(run.env?.ENVIRONMENT).to.equal(ENVIRONMENT);
      });
    });
  }

  it('destroy says plainly that the teardown tool is still to come', () => {
    expect(stepsOf(destroy)[0].run).to.contain('::notice::tools/teardown');
  });

  describe('artifact', () => {
    it("builds the web UI, assumes the environment's deploy role in its GitHub environment, holds the lock", () => {
      expect(artifact.if).to.equal("github.event.inputs.action == 'artifact'");
      expect(artifact.environment).to.equal(ENVIRONMENT);
      expect(lockOf(artifact)).to.equal('terraform-<env>');
      expect(stepRunning(artifact, 'npm run ui:build')['working-directory']).to.equal('chatbot');
      expect(rolesAssumed(artifact)).to.deep.equal(applyRoles);
    });

    it('reads parameters the platform stack really writes', () => {
      const names = platformParameterValues({
        env: { region: 'eu-west-1', bedrock: {}, namePrefix: 'qa', name: 'dev', site: {} },
        clusterName: 'c',
        registry: { repositoryUrl: 'r' },
        site: { bucketName: 'b', distributionId: 'd', distributionDomainName: 'x' },
        logGroups: { chatbotLogGroup: { name: 'l' }, collectorLogGroup: { name: 'l' } },
      } as unknown as Parameters<typeof platformParameterValues>[0]).map((p) => p.name);
      expect(names).to.include.members(Object.values(STATIC_SITE_PARAMETERS));
    });

    it('syncs chatbot/public to the bucket named in SSM (deleting stale files) and invalidates the distribution', () => {
      const step = stepRunning(artifact, 'aws s3 sync');
      const aws = [
        'echo "$*" >> "$HOME/../aws-calls"',
        'case "$*" in',
        '  *"--name /qa/dev/static-site/bucket"*) echo qa-dev-chatbot-ui-123456789012 ;;',
        '  *"--name /qa/dev/static-site/distribution-id"*) echo E2EXAMPLE ;;',
        '  *create-invalidation*) echo I3EXAMPLE ;;',
        'esac',
      ].join('\n');
      const run = runScript(`${step.run}\ncat "$HOME/../aws-calls"`, { env: { PARAMETER_PREFIX: '/qa/dev' }, fakes: { aws } });
      expect(run.code, run.stderr).to.equal(0);
      const calls = run.stdout.split('\n');
      expect(calls).to.include('s3 sync chatbot/public s3://qa-dev-chatbot-ui-123456789012 --delete --no-progress');
      expect(calls).to.include('cloudfront create-invalidation --distribution-id E2EXAMPLE --paths /* --query Invalidation.Id --output text');
      expect(run.stdout).to.contain('CloudFront invalidation I3EXAMPLE');
    });
  });

  describe('deploy', () => {
    it('runs the same release jobs as chatbot-image.yml, for the chosen environment, after preflight', () => {
      const image = loadWorkflow('chatbot-image.yml');
      expect(Object.keys(workflow.jobs).filter((id) => id.startsWith('deploy-'))).to.deep.equal(['deploy-test', 'deploy-image', 'deploy-bump']);
      expect(workflow.jobs['deploy-test'].if).to.equal("github.event.inputs.action == 'deploy'");
      expect(needsOf(workflow.jobs['deploy-test'])).to.deep.equal(['preflight']);
      expect(workflow.jobs['deploy-image'].environment).to.equal(ENVIRONMENT);
      expect(rolesAssumed(workflow.jobs['deploy-image'])).to.deep.equal(Object.fromEntries(settings.environments.map((e) => [e.name, e.imageRoleArn])));
      const shape = (job: WorkflowJob) => stepsOf(job).map((s) => s.uses ?? s.run?.replace(/\bdeploy-/g, ''));
      for (const id of ['test', 'image', 'bump']) expect(shape(workflow.jobs[`deploy-${id}`]), id).to.deep.equal(shape(image.jobs[id]));
    });
  });
});
