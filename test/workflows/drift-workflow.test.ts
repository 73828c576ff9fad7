import { expect } from 'chai';
import { runScript } from './run-script';
import { loadWorkflow, needsOf, stepRunning, stepsUsing } from './workflow-files';
import { PLAN_ENVIRONMENT } from '../../modules/shared/github-oidc-subjects';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';

const settings = loadCiSettings();
const workflow = loadWorkflow('drift.yml');
const { detect, issue } = workflow.jobs;

describe('drift.yml', () => {
  it('runs on a daily schedule and on demand', () => {
    expect(workflow.on.schedule).to.deep.equal([{ cron: '17 5 * * *' }]);
    expect(workflow.on).to.have.property('workflow_dispatch');
  });

  it('checks every environment from config/, each on its own', () => {
    for (const job of [detect, issue]) {
      expect(job.strategy?.matrix).to.deep.equal({ environment: settings.environments.map((e) => e.name) });
      expect(job.strategy?.['fail-fast']).to.equal(false);
    }
  });

  it(`detects with the read-only plan role and no write token, in the GitHub environment ${PLAN_ENVIRONMENT} (a scheduled run has no other context the plan role trusts)`, () => {
    expect(detect.environment).to.equal(PLAN_ENVIRONMENT);
    expect(detect.permissions).to.deep.equal({ 'contents': 'read', 'id-token': 'write' });
    expect(stepsUsing(detect, 'aws-actions/configure-aws-credentials')[0].with?.['role-to-assume']).to.equal(settings.planRoleArn);
    expect(stepRunning(detect, 'plan-stacks').run).to.contain('--environment "$ENVIRONMENT"');
  });

  it('writes and uploads the report even when planning failed', () => {
    expect(stepRunning(detect, 'drift-report').if).to.equal('always()');
    expect(stepRunning(detect, 'drift-report').run).to.contain('--status-file drift-report/status');
    expect(stepsUsing(detect, 'actions/upload-artifact')[0].if).to.equal('always()');
  });

  it('keeps one issue per environment current, with only issues: write and no cloud access', () => {
    expect(needsOf(issue)).to.deep.equal(['detect']);
    expect(issue.if).to.equal('always()');
    expect(issue.permissions).to.deep.equal({ contents: 'read', issues: 'write' });
    expect(stepRunning(issue, 'drift-issue').run).to.contain('--environment "$ENVIRONMENT" --status "$status" --report-file drift-report/report.md --run-url "$RUN_URL"');
  });

  it('reports an error, never "clean", when detection died before writing its status', () => {
    const script = stepRunning(issue, 'drift-issue').run!.replace('npx tsx tools/github/src/cli.ts', 'record');
    const record = 'echo "$*"; cat drift-report/report.md';
    const missing = runScript(script, { env: { ENVIRONMENT: 'dev', RUN_URL: 'https://x' }, fakes: { record } });
    expect(missing.code).to.equal(0);
    expect(missing.stdout).to.contain('--status error').and.contain('failed before it could report');
    const present = runScript(`mkdir -p drift-report; echo drift > drift-report/status; echo report > drift-report/report.md\n${script}`, { env: { ENVIRONMENT: 'dev', RUN_URL: 'https://x' }, fakes: { record } });
    expect(present.stdout).to.contain('--status drift');
    const bogus = runScript(`mkdir -p drift-report; echo 'clean; rm -rf /' > drift-report/status\n${script}`, { env: { ENVIRONMENT: 'dev', RUN_URL: 'https://x' }, fakes: { record } });
    expect(bogus.stdout).to.contain('--status error');
  });
});
