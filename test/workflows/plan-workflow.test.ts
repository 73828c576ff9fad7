import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { runScript } from './run-script';
import { loadWorkflow, needsOf, stepRunning, stepsOf, stepsUsing, type WorkflowJob } from './workflow-files';
import { PLAN_ENVIRONMENT } from '../../modules/shared/github-oidc-subjects';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';
import { PLAN_RETENTION_DAYS } from '../../projenrc/workflows/plan';

const settings = loadCiSettings();
const workflow = loadWorkflow('plan.yml');
const { resolve, plan, comment } = workflow.jobs;
const planCommand = workflow.jobs['plan-command'];
const SHA = 'c0ffee0000000000000000000000000000000001';

describe('plan.yml', () => {
  it('runs on pull requests that touch the stacks, modules, config or package files, and on comments', () => {
    expect(workflow.on.pull_request.paths).to.include.members(['stacks/**', 'modules/**', 'config/**', 'package.json', 'package-lock.json']);
    expect(workflow.on.issue_comment.types).to.deep.equal(['created']);
    expect(Object.keys(workflow.on).sort()).to.deep.equal(['issue_comment', 'pull_request']);
  });

  it('one plan per pull request, a newer one cancels it, and ordinary comments cannot', () => {
    expect(workflow.concurrency?.['cancel-in-progress']).to.equal(true);
    expect(workflow.concurrency?.group).to.contain("startsWith(github.event.comment.body, '/plan')").and.contain('github.run_id');
  });

  it('takes /plan only from owners, members and collaborators, on pull requests', () => {
    expect(resolve.if).to.contain('github.event.issue.pull_request');
    expect(resolve.if).to.contain('contains(fromJSON(\'["OWNER","MEMBER","COLLABORATOR"]\'), github.event.comment.author_association)');
    expect(resolve.permissions).to.deep.equal({ 'pull-requests': 'read' });
  });

  describe('the resolve script', () => {
    const script = stepsOf(resolve)[0].run!;
    const pullRequest = (headRepo: string, sha = SHA) =>
      runScript(script, { env: { EVENT_NAME: 'pull_request', NUMBER: '7', HEAD_SHA: sha, HEAD_REPO: headRepo, COMMENT_BODY: '' } });
    const fakeGh = (headRepo: string, state = 'open') => ({
      gh: `[ "$1 $2" = "api repos/example-org/ai-chatbot-platform/pulls/7" ] || exit 9; echo '{"state":"${state}","head":{"sha":"${SHA}","repo":{"full_name":"${headRepo}"}}}'`,
    });
    const commentOn = (body: string, headRepo = 'example-org/ai-chatbot-platform', state = 'open') =>
      runScript(script, { env: { EVENT_NAME: 'issue_comment', NUMBER: '7', COMMENT_BODY: body, HEAD_SHA: '', HEAD_REPO: '' }, fakes: fakeGh(headRepo, state) });

    it('plans a same-repository pull request at its head SHA', () => {
      expect(pullRequest('example-org/ai-chatbot-platform').outputs).to.deep.equal({ run: 'true', number: '7', sha: SHA });
    });

    it('skips a fork with a notice (no OIDC token, never the plan role)', () => {
      const run = pullRequest('someone/fork');
      expect(run.outputs).to.deep.equal({ run: 'false' });
      expect(run.stdout).to.contain('::notice::').and.contain('fork');
    });

    it('fails on a head that is not a commit SHA', () => {
      expect(pullRequest('example-org/ai-chatbot-platform', 'main; rm -rf /').code).to.equal(1);
    });

    it('/plan looks the head up through the API; other comments, closed and fork pull requests are skipped', () => {
      expect(commentOn('/plan').outputs).to.deep.equal({ run: 'true', number: '7', sha: SHA });
      expect(commentOn('/plan\nplease').outputs.run).to.equal('true');
      expect(commentOn('/planet').outputs).to.deep.equal({ run: 'false' });
      expect(commentOn('please /plan').outputs).to.deep.equal({ run: 'false' });
      expect(commentOn('/plan', 'someone/fork').outputs).to.deep.equal({ run: 'false' });
      expect(commentOn('/plan', 'example-org/ai-chatbot-platform', 'closed').outputs).to.deep.equal({ run: 'false' });
    });

    it('treats a comment body as data: shell syntax in it is never executed', () => {
      const marker = join(tmpdir(), `pwned-by-comment-${process.pid}`);
      const run = commentOn(`/plan $(touch ${marker}) \`touch ${marker}\``);
      expect(run.code).to.equal(0);
      expect(run.outputs.run).to.equal('true');
      expect(existsSync(marker)).to.equal(false);
    });
  });

  describe('the plan jobs: plan (pull_request) and plan-command (/plan)', () => {
    const shape = (job: WorkflowJob) => stepsOf(job).map((s) => ({ uses: s.uses, run: s.run, with: s.with }));

    it('run the same steps, each for its own event only', () => {
      expect(shape(planCommand)).to.deep.equal(shape(plan));
      expect(plan.if).to.equal("github.event_name == 'pull_request' && needs.resolve.outputs.run == 'true'");
      expect(planCommand.if).to.equal("github.event_name == 'issue_comment' && needs.resolve.outputs.run == 'true'");
    });

    it(`/plan runs in the GitHub environment ${PLAN_ENVIRONMENT} (context environment:${PLAN_ENVIRONMENT}, not the default branch's ref); a pull_request plan in none`, () => {
      expect(planCommand.environment).to.equal(PLAN_ENVIRONMENT);
      expect(plan.environment).to.equal(undefined);
    });

    for (const [id, job] of [['plan', plan], ['plan-command', planCommand]] as const) {
      it(`${id}: has a read-only token and the OIDC token, nothing else`, () => {
        expect(job.permissions).to.deep.equal({ 'contents': 'read', 'id-token': 'write' });
        expect(needsOf(job)).to.deep.equal(['resolve']);
      });
    }

    it('checks out the head SHA (not the merge commit), synthesizes, then assumes the plan role', () => {
      const steps = stepsOf(plan);
      expect(stepsUsing(plan, 'actions/checkout')[0].with?.ref).to.equal('${{ needs.resolve.outputs.sha }}');
      const synth = steps.findIndex((s) => s.run === 'npx projen synth');
      const role = steps.findIndex((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      const planStep = steps.findIndex((s) => s.run?.includes('plan-stacks'));
      expect(synth).to.be.greaterThan(-1);
      expect(synth).to.be.lessThan(role);
      expect(role).to.be.lessThan(planStep);
      expect(steps[role].with?.['role-to-assume']).to.equal(settings.planRoleArn);
      expect(steps[role].with?.['aws-region']).to.equal(settings.stateRegion);
    });

    it('plans every stack into plans/ and uploads saved plans, lock files and configuration as plan-<head sha>', () => {
      expect(stepRunning(plan, 'plan-stacks').run).to.contain('--manifest cdktf.out/manifest.json --plans-dir plans');
      const upload = stepsUsing(plan, 'actions/upload-artifact')[0];
      expect(upload.with?.name).to.equal('plan-${{ needs.resolve.outputs.sha }}');
      const paths = String(upload.with?.path).split('\n');
      expect(paths).to.include.members(['cdktf.out/manifest.json', 'cdktf.out/stacks/*/cdk.tf.json', 'cdktf.out/stacks/*/plan.tfplan', 'cdktf.out/stacks/*/.terraform.lock.hcl', 'plans/']);
      expect(upload.with?.['include-hidden-files']).to.equal(true);
      expect(upload.with?.['retention-days']).to.equal(PLAN_RETENTION_DAYS).and.be.at.most(7);
    });

    it('records the SHA-256 of every uploaded file in plans/digests.json, after planning and before the upload', () => {
      for (const job of [plan, planCommand]) {
        const steps = stepsOf(job);
        const digests = steps.findIndex((st) => st.run?.includes('plan-digests'));
        expect(steps[digests].run).to.contain(`--paths "${String(stepsUsing(job, 'actions/upload-artifact')[0].with?.path).split('\n').join(' ')}" --out plans/digests.json`);
        expect(digests).to.be.greaterThan(steps.findIndex((st) => st.run?.includes('plan-stacks')));
        expect(digests).to.be.lessThan(steps.findIndex((st) => st.uses?.startsWith('actions/upload-artifact')));
      }
    });

    it('names each plan job with the planned head SHA (apply-gate trusts a /plan artifact only through it)', () => {
      for (const job of [plan, planCommand]) expect(job.name).to.contain('${{ needs.resolve.outputs.sha }}');
    });

    it(`plans bootstrap only once its state is in the bucket (config: ${settings.planBootstrap ? 's3' : 'local'})`, () => {
      expect(stepRunning(plan, 'plan-stacks').run!.includes('--include-bootstrap')).to.equal(settings.planBootstrap);
    });
  });

  describe('the comment job', () => {
    it('may write pull requests but has no cloud access; runs after whichever plan job ran', () => {
      expect(comment.permissions).to.deep.equal({ 'contents': 'read', 'pull-requests': 'write' });
      expect(needsOf(comment)).to.deep.equal(['resolve', 'plan', 'plan-command']);
      expect(comment.if).to.equal("!cancelled() && (needs.plan.result == 'success' || needs.plan-command.result == 'success')");
    });

    it("runs the default branch's plan-comment tool, not the pull request's, and extracts the plans outside that checkout", () => {
      expect(stepsUsing(comment, 'actions/checkout')[0].with?.ref).to.equal('${{ github.event.repository.default_branch }}');
      expect(stepsUsing(comment, 'actions/download-artifact')[0].with?.path).to.equal('${{ runner.temp }}/plan-artifact');
      for (const tool of ['render', 'publish']) expect(stepRunning(comment, `plan-comment/src/cli.ts ${tool}`).run).to.contain('--plans-dir "$RUNNER_TEMP/plan-artifact/plans"');
    });

    it('renders, uploads the full masked plan, then publishes the sticky comment linking it', () => {
      const steps = stepsOf(comment);
      const render = steps.findIndex((s) => s.run?.includes('plan-comment/src/cli.ts render'));
      const upload = steps.findIndex((s) => s.id === 'full-plan');
      const publish = steps.findIndex((s) => s.run?.includes('plan-comment/src/cli.ts publish'));
      expect(render).to.be.lessThan(upload);
      expect(upload).to.be.lessThan(publish);
      expect(steps[upload].with?.path).to.equal('plan-comment/full-plan.md');
      expect(steps[publish].run).to.contain('--artifact-url "$ARTIFACT_URL"').and.contain('--pr "$PR" --sha "$SHA"');
      expect(steps[publish].env?.ARTIFACT_URL).to.equal('${{ steps.full-plan.outputs.artifact-url }}');
      expect(steps[publish].env?.GITHUB_TOKEN).to.equal('${{ github.token }}');
    });

    it('fails the check when a stack could not be planned, after commenting', () => {
      const last = stepsOf(comment)[stepsOf(comment).length - 1];
      expect(last.if).to.equal("needs.plan.outputs.outcome == 'error' || needs.plan-command.outputs.outcome == 'error'");
      expect(last.run).to.contain('exit 1');
    });
  });
});
