import { expect } from 'chai';
import { synthesizedGithubRole } from './ci-roles';
import { runScript } from './run-script';
import { loadWorkflow, needsOf, stepRunning, stepsOf, stepsUsing, type WorkflowJob } from './workflow-files';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';
import { DESTROY_IF, DESTROY_TARGETS, LEAK_ISSUE_IF, STATIC_SITE_PARAMETERS, TEARDOWN_COMMAND } from '../../projenrc/workflows/lifecycle';
import { lifecycleTimers } from '../../projenrc/workflows/lifecycle-schedule';
import { platformParameterValues } from '../../stacks/platform-parameter-values';

const settings = loadCiSettings();
const workflow = loadWorkflow('lifecycle.yml');
const apply = loadWorkflow('apply.yml');
const { preflight, up, destroy, artifact, expiry } = workflow.jobs;
const leakIssue = workflow.jobs['leak-issue'];
const ENVIRONMENT = '${{ github.event.inputs.environment }}';
const MATRIX_ENVIRONMENT = '${{ matrix.environment }}';
const roleName = (arn: string) => arn.split(':role/')[1];

/** The role a job assumes in each environment: its resolve step, run for real. */
function rolesAssumed(job: WorkflowJob): Record<string, string> {
  const assume = stepsUsing(job, 'aws-actions/configure-aws-credentials')[0];
  const output = /^\$\{\{ steps\.target\.outputs\.([\w-]+) \}\}$/.exec(String(assume.with?.['role-to-assume']))![1];
  const resolve = stepsOf(job).find((s) => s.id === 'target')!;
  expect(resolve.env?.ENVIRONMENT).to.equal(job.environment);
  return Object.fromEntries(settings.environments.map((e) => [e.name, runScript(resolve.run!, { env: { ENVIRONMENT: e.name } }).outputs[output]]));
}
const applyRoles = Object.fromEntries(settings.environments.map((e) => [e.name, e.applyRoleArn]));

/** The group name with the environment expression replaced, for comparing across workflows. */
const lockOf = (job: WorkflowJob) => job.concurrency?.group.replace(/\$\{\{[^}]*\}\}/, '<env>');

describe('lifecycle.yml', () => {
  it('is started by hand (action up | destroy | artifact | deploy, environment from config/) and by the timers of config schedule:', () => {
    expect(Object.keys(workflow.on)).to.deep.equal(['workflow_dispatch', 'schedule']);
    const inputs = workflow.on.workflow_dispatch.inputs;
    expect(inputs.action).to.deep.include({ type: 'choice', required: true, options: ['up', 'destroy', 'artifact', 'deploy'] });
    expect(inputs.environment).to.deep.include({ type: 'choice', required: true, options: settings.environments.map((e) => e.name) });
    const timers = lifecycleTimers(settings.environments);
    const crons = (workflow.on.schedule as Array<{ cron: string }>).map((s) => s.cron);
    expect(crons).to.deep.equal([...timers.entries.map((e) => e.cron), timers.ttl!.cron]);
  });

  it('runs one lifecycle action per dispatched environment, and per timer, at a time (an hourly check never cancels a queued up)', () => {
    expect(workflow.concurrency).to.deep.equal({ 'group': 'lifecycle-${{ github.event.inputs.environment || github.event.schedule }}', 'cancel-in-progress': false });
  });

  describe('preflight', () => {
    const [branch, confirm, decide] = stepsOf(preflight);
    it('has no token scope and refuses any branch but the default one', () => {
      expect(Object.values(preflight.permissions ?? {})).to.deep.equal(['none']);
      expect(runScript(branch.run!, { env: { GITHUB_REF: `refs/heads/${settings.defaultBranch}` } }).code).to.equal(0);
      const other = runScript(branch.run!, { env: { GITHUB_REF: 'refs/heads/feature' } });
      expect(other.code).to.equal(1);
      expect(other.stdout).to.contain('::error::');
    });

    it('refuses a dispatched destroy unless the environment name is typed again', () => {
      expect(confirm.if).to.equal("github.event_name == 'workflow_dispatch'");
      const run = (env: Record<string, string>) => runScript(confirm.run!, { env }).code;
      expect(run({ ACTION: 'destroy', ENVIRONMENT: 'prod', CONFIRM: '' })).to.equal(1);
      expect(run({ ACTION: 'destroy', ENVIRONMENT: 'prod', CONFIRM: 'dev' })).to.equal(1);
      expect(run({ ACTION: 'destroy', ENVIRONMENT: 'prod', CONFIRM: 'prod' })).to.equal(0);
      expect(run({ ACTION: 'up', ENVIRONMENT: 'prod', CONFIRM: '' })).to.equal(0);
    });

    it('turns a dispatch into the up or destroy matrix of that one environment, refusing unknown names', () => {
      expect(preflight.outputs).to.deep.equal({ up: '${{ steps.decide.outputs.up }}', destroy: '${{ steps.decide.outputs.destroy }}', ttl: '${{ steps.decide.outputs.ttl }}' });
      const dispatch = (action: string, environment: string) =>
        runScript(decide.run!, { env: { EVENT: 'workflow_dispatch', ACTION: action, ENVIRONMENT: environment, SCHEDULE: '' } });
      expect(dispatch('destroy', 'prod').outputs).to.deep.equal({ up: '[]', destroy: '[{"environment":"prod"}]', ttl: '' });
      expect(dispatch('up', 'dev').outputs).to.deep.equal({ up: '[{"environment":"dev"}]', destroy: '[]', ttl: '' });
      expect(dispatch('artifact', 'dev').outputs).to.deep.equal({ up: '[]', destroy: '[]', ttl: '' });
      const unknown = dispatch('destroy', 'dev","x":"y');
      expect(unknown.code).to.equal(1);
      expect(unknown.stdout).to.contain('::error::unknown environment');
    });

    it('sends the hourly tick to the ttl check, and refuses a cron entry config/ does not have', () => {
      const timers = lifecycleTimers(settings.environments);
      const tick = runScript(decide.run!, { env: { EVENT: 'schedule', SCHEDULE: timers.ttl!.cron, ACTION: '', ENVIRONMENT: '' } });
      expect(tick.outputs).to.deep.equal({ up: '[]', destroy: '[]', ttl: timers.ttl!.environments.join(' ') });
      const stale = runScript(decide.run!, { env: { EVENT: 'schedule', SCHEDULE: '13 3 * * *', ACTION: '', ENVIRONMENT: '' } });
      expect(stale.code).to.equal(1);
      expect(stale.stdout).to.contain('run npx projen to regenerate lifecycle.yml');
    });
  });

  describe('up', () => {
    it('runs for the environments preflight decided, each leg in its own GitHub environment', () => {
      expect(up.if).to.equal("needs.preflight.outputs.up != '[]'");
      expect(needsOf(up)).to.deep.equal(['preflight']);
      expect(up.environment).to.equal(MATRIX_ENVIRONMENT);
      expect(up.strategy?.matrix).to.deep.equal({ include: '${{ fromJSON(needs.preflight.outputs.up) }}' });
    });

    it('holds the same terraform-<env> lock as apply.yml', () => {
      expect(up.concurrency?.['cancel-in-progress']).to.equal(false);
      expect(lockOf(up)).to.equal('terraform-<env>');
      expect(lockOf(up)).to.equal(lockOf(apply.jobs.apply));
    });

    it("assumes the environment's own deploy role for its longest session and runs every stack of the environment in order", () => {
      const role = stepsUsing(up, 'aws-actions/configure-aws-credentials')[0];
      expect(rolesAssumed(up)).to.deep.equal(applyRoles);
      for (const env of settings.environments) expect(role.with?.['role-duration-seconds']).to.equal(synthesizedGithubRole(roleName(env.applyRoleArn)).maxSessionDuration);
      const run = stepRunning(up, 'run-stacks');
      expect(run.run).to.contain('--action up --manifest cdktf.out/manifest.json --environment "$ENVIRONMENT"');
      expect(run.env?.ENVIRONMENT).to.equal(MATRIX_ENVIRONMENT);
    });

    it("then stamps the cluster's ttl tag ttlHours ahead (environments without ttlHours: nothing)", () => {
      const steps = stepsOf(up);
      const stamp = stepRunning(up, 'tag-resource');
      expect(steps.indexOf(stamp)).to.be.greaterThan(steps.indexOf(stepRunning(up, 'run-stacks')));
      const aws = ['echo "$*" >> "$HOME/../aws-calls"', 'case "$*" in *describe-cluster*) echo arn:aws:eks:eu-west-1:123456789012:cluster/qa-dev ;; esac'].join('\n');
      const now = Date.UTC(2026, 11, 7, 7, 0, 0) / 1000;
      const dev = runScript(`${stamp.run}\ncat "$HOME/../aws-calls"`, { env: { ENVIRONMENT: 'dev', LIFECYCLE_NOW: String(now) }, fakes: { aws } });
      expect(dev.code, dev.stderr).to.equal(0);
      const hours = settings.environments.find((e) => e.name === 'dev')!.schedule!.ttlHours!;
      const until = new Date((now + hours * 3600) * 1000).toISOString().replace(/\.000Z$/, 'Z');
      expect(dev.stdout).to.contain(`eks tag-resource --resource-arn arn:aws:eks:eu-west-1:123456789012:cluster/qa-dev --tags ttl=${until} --region eu-west-1`);
      const prod = runScript(`${stamp.run}\ncat "$HOME/../aws-calls" 2>/dev/null || true`, { env: { ENVIRONMENT: 'prod', LIFECYCLE_NOW: String(now) }, fakes: { aws } });
      expect(prod.code).to.equal(0);
      expect(prod.stdout).to.not.contain('tag-resource');
    });
  });

  describe('expiry (the hourly ttl check)', () => {
    const script = stepsOf(expiry).find((s) => s.id === 'expired')!;
    const check = (describe: string, now = Date.UTC(2026, 11, 7, 21, 0, 0) / 1000) =>
      runScript(script.run!, { env: { TTL: 'dev', LIFECYCLE_NOW: String(now) }, fakes: { aws: describe } });

    it('runs only for the tick, with the read-only plan role in environment plan, holding no other scope', () => {
      expect(expiry.if).to.equal("needs.preflight.outputs.ttl != ''");
      expect(expiry.environment).to.equal('plan');
      expect(expiry.permissions).to.deep.equal({ 'id-token': 'write' });
      expect(stepsUsing(expiry, 'aws-actions/configure-aws-credentials')[0].with?.['role-to-assume']).to.equal(settings.planRoleArn);
      expect(expiry.outputs).to.deep.equal({ expired: '${{ steps.expired.outputs.expired }}' });
    });

    it('sends an environment whose ttl has passed to destroy, and leaves one still within it', () => {
      expect(check('echo 2026-12-07T19:00:00Z').outputs.expired).to.equal('[{"environment":"dev"}]');
      expect(check('echo 2026-12-07T23:00:00Z').outputs.expired).to.equal('[]');
    });

    it('leaves a destroyed cluster, and one without a ttl tag, alone; fails on any other error', () => {
      const gone = check('echo "An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: qa-dev." >&2; exit 254');
      expect(gone.outputs.expired).to.equal('[]');
      expect(gone.stdout).to.contain('does not exist');
      const untagged = check('echo None');
      expect(untagged.outputs.expired).to.equal('[]');
      expect(untagged.stdout).to.contain('::warning::dev: cluster qa-dev has no ttl tag');
      const denied = check('echo "An error occurred (AccessDeniedException) when calling the DescribeCluster operation" >&2; exit 254');
      expect(denied.code).to.equal(1);
      expect(denied.stdout).to.contain('::error::could not read the ttl tag of qa-dev');
    });
  });

  describe('destroy', () => {
    const steps = stepsOf(destroy);
    const at = (predicate: (s: (typeof steps)[number]) => boolean) => steps.findIndex(predicate);
    const teardown = at((s) => s.id === 'teardown');
    const leaks = at((s) => s.id === 'leaks');
    const upload = at((s) => s.uses?.startsWith('actions/upload-artifact@') ?? false);

    it('runs for the dispatched or scheduled environments, or those whose ttl passed, each in its GitHub environment', () => {
      expect(needsOf(destroy)).to.deep.equal(['preflight', 'expiry']);
      expect(destroy.if).to.equal(DESTROY_IF);
      expect(destroy.strategy?.matrix).to.deep.equal({ include: `\${{ ${DESTROY_TARGETS} }}` });
      expect(destroy.environment).to.equal(MATRIX_ENVIRONMENT);
      expect(lockOf(destroy)).to.equal(lockOf(apply.jobs.apply));
    });

    it("assumes the environment's own deploy role (longest session), after install and synth", () => {
      expect(rolesAssumed(destroy)).to.deep.equal(applyRoles);
      const role = at((s) => s.id === 'role');
      expect(steps[role].uses).to.match(/^aws-actions\/configure-aws-credentials@/);
      expect(steps[role].with?.['role-duration-seconds']).to.equal(settings.applySessionSeconds);
      expect(at((s) => s.run === 'npx projen synth')).to.be.lessThan(role);
      expect(role).to.be.lessThan(teardown);
    });

    it('runs the teardown (drain, add-ons, platform; it synthesized already), then the leak report, then uploads it', () => {
      expect(steps[teardown].run).to.equal(TEARDOWN_COMMAND);
      expect(TEARDOWN_COMMAND).to.equal('npx projen teardown "$ENVIRONMENT" --auto-approve --skip-synth --no-leak-report');
      expect(destroy.env?.ENVIRONMENT).to.equal(MATRIX_ENVIRONMENT);
      expect(teardown).to.be.lessThan(leaks);
      expect(leaks).to.be.lessThan(upload);
      // The report runs after a failed teardown too (as long as there are credentials); the upload always.
      expect(steps[leaks].if).to.equal("!cancelled() && steps.role.outcome == 'success'");
      expect(steps[upload].if).to.equal('always()');
      expect(steps[upload].with).to.deep.include({ name: `leak-report-${MATRIX_ENVIRONMENT}`, path: 'leak-report/' });
      expect(steps.filter((s) => s.run?.includes('run-stacks'))).to.deep.equal([]);
    });

    it('fails the run on leftovers or an incomplete report, keeping the table and the status for the issue', () => {
      const script = steps[leaks].run!;
      const report = (code: number) => `echo "| Type | Id |"; echo "Result: it exited ${code}"; exit ${code}`;
      const runWith = (code: number) => runScript(`${script}`, { env: { ENVIRONMENT: 'dev' }, fakes: { npx: report(code) } });
      const leftovers = runWith(1);
      expect(leftovers.code).to.equal(1);
      expect(leftovers.outputs.status).to.equal('leftovers');
      expect(leftovers.stdout).to.contain('::error::the leak report of dev says leftovers (exit 1)');
      expect(runWith(2)).to.deep.include({ code: 2 });
      expect(runWith(2).outputs.status).to.equal('incomplete');
      const clean = runWith(0);
      expect(clean.code).to.equal(0);
      expect(clean.outputs.status).to.equal('clean');
      const files = runScript(`(\n${script}\n) || true\ncat leak-report/status leak-report/report.txt`, { env: { ENVIRONMENT: 'dev' }, fakes: { npx: report(1) } });
      expect(files.stdout).to.contain('leftovers\n| Type | Id |');
      expect(script).to.contain('npx tsx tools/leak-report/src/cli.ts "$ENVIRONMENT"');
    });
  });

  describe('leak-issue', () => {
    it('runs after every destroy that ran (failed too), for the same environments', () => {
      expect(needsOf(leakIssue)).to.include('destroy');
      expect(leakIssue.if).to.equal(LEAK_ISSUE_IF);
      expect(leakIssue.strategy?.matrix).to.deep.equal(destroy.strategy?.matrix);
    });

    it('is the only job with issues: write, and it has no cloud credentials', () => {
      expect(leakIssue.permissions).to.deep.equal({ contents: 'read', issues: 'write' });
      expect(stepsUsing(leakIssue, 'aws-actions/configure-aws-credentials')).to.deep.equal([]);
      for (const [id, job] of Object.entries(workflow.jobs)) if (id !== 'leak-issue') expect(job.permissions?.issues, id).to.equal(undefined);
      expect(stepsUsing(leakIssue, 'actions/checkout')[0].with?.ref).to.equal('${{ github.event.repository.default_branch }}');
    });

    it("opens or updates the environment's issue with the report's status, and calls a missing report an error", () => {
      const step = stepRunning(leakIssue, 'leak-issue');
      const npx = 'echo "$*" >> "$HOME/../npx-calls"';
      const withStatus = runScript(`mkdir -p leak-report && echo leftovers > leak-report/status\n${step.run}\ncat "$HOME/../npx-calls"`, { env: { ENVIRONMENT: 'dev', RUN_URL: 'https://example.com/run/1' }, fakes: { npx } });
      expect(withStatus.stdout).to.contain('tsx tools/github/src/cli.ts leak-issue --environment dev --status leftovers --report-file leak-report/report.txt --run-url https://example.com/run/1');
      const missing = runScript(`${step.run}\ncat "$HOME/../npx-calls"`, { env: { ENVIRONMENT: 'dev', RUN_URL: 'x' }, fakes: { npx } });
      expect(missing.stdout).to.contain('--status error');
      expect(step.env?.GITHUB_TOKEN).to.equal('${{ github.token }}');
    });
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
