import { expect } from 'chai';
import { synthesizedGithubRole } from './ci-roles';
import { runScript } from './run-script';
import { loadWorkflow, needsOf, stepRunning, stepsOf, stepsUsing } from './workflow-files';
import { loadCiSettings } from '../../projenrc/workflows/ci-settings';

const settings = loadCiSettings();
const workflow = loadWorkflow('apply.yml');
const { gate, apply, report } = workflow.jobs;
const SHA = 'c0ffee0000000000000000000000000000000001';
const roleName = (arn: string) => arn.split(':role/')[1];

describe('apply.yml', () => {
  it('runs only on new comments, and gates on /apply on a pull request', () => {
    expect(Object.keys(workflow.on)).to.deep.equal(['issue_comment']);
    expect(workflow.on.issue_comment.types).to.deep.equal(['created']);
    expect(gate.if).to.equal("github.event.issue.pull_request && startsWith(github.event.comment.body, '/apply')");
  });

  it('never cancels an apply, and other comments do not queue behind one', () => {
    expect(workflow.concurrency?.['cancel-in-progress']).to.equal(false);
    expect(workflow.concurrency?.group).to.contain("startsWith(github.event.comment.body, '/apply') && 'apply' || github.run_id");
  });

  describe('gate', () => {
    it('may reply and read artifacts, with no cloud access', () => {
      expect(gate.permissions).to.deep.equal({ 'actions': 'read', 'contents': 'read', 'pull-requests': 'write' });
    });

    it("runs the default branch's tools", () => {
      const checkouts = stepsUsing(gate, 'actions/checkout');
      expect(checkouts).to.have.length(1);
      expect(checkouts[0].with?.ref).to.equal('${{ github.event.repository.default_branch }}');
    });

    it('parses the comment from env, then checks write access, approval, mergeability and the planned head, replying on refusal', () => {
      const parse = stepRunning(gate, 'parse-command');
      expect(parse.env?.COMMENT_BODY).to.equal('${{ github.event.comment.body }}');
      const check = stepRunning(gate, 'apply-gate');
      expect(check.run).to.contain('--pr "$PR" --actor "$ACTOR" --plan-workflow plan.yml --reply-on-refusal');
      expect(check.env?.ACTOR).to.equal('${{ github.event.comment.user.login }}');
      expect(check.if).to.equal("steps.command.outputs.command == 'apply'");
    });

    it('downloads the artifact the gate checked (run, artifact id, digest, head), outside the checkout, and selects stacks from it, before anything is applied', () => {
      expect(stepsUsing(gate, 'actions/download-artifact'), 'no unchecked download').to.deep.equal([]);
      const download = stepRunning(gate, 'download-plan');
      expect(download.run).to.contain('--run-id "$RUN_ID" --artifact-id "$ARTIFACT_ID" --digest "$DIGEST" --sha "$SHA" --out-dir "$RUNNER_TEMP/plan-artifact"');
      expect(download.env).to.deep.include({
        RUN_ID: '${{ steps.gate.outputs.plan-run-id }}',
        ARTIFACT_ID: '${{ steps.gate.outputs.artifact-id }}',
        DIGEST: '${{ steps.gate.outputs.artifact-digest }}',
        SHA: '${{ steps.gate.outputs.head-sha }}',
      });
      expect(download.if).to.equal("steps.gate.outputs.allowed == 'true'");
      const select = stepRunning(gate, 'select-apply');
      expect(select.run).to.contain('--manifest "$RUNNER_TEMP/plan-artifact/cdktf.out/manifest.json" --plans-dir "$RUNNER_TEMP/plan-artifact/plans"');
      expect(select.if).to.equal("steps.gate.outputs.allowed == 'true'");
      expect(select.env?.STACKS).to.equal('${{ steps.command.outputs.stacks }}');
      expect(gate.outputs?.targets).to.equal('${{ steps.select.outputs.targets }}');
      expect(gate.outputs?.apply).to.equal('${{ steps.select.outputs.apply }}');
    });

    it('answers a refusal or "nothing to apply" with a reply, also when a step failed', () => {
      const reply = stepRunning(gate, 'reply --pr');
      expect(reply.if).to.equal("always() && hashFiles('reply.md') != ''");
    });

    it('turns a malformed command into a reply', () => {
      const parse = stepRunning(gate, 'parse-command').run!.replace('npx tsx tools/github/src/cli.ts', 'fake-tool');
      const refused = runScript(`trap 'cat reply.md' EXIT\n${parse}`, { fakes: { 'fake-tool': 'echo "unknown flag --force" >&2; exit 2' } });
      expect(refused.code).to.equal(1);
      expect(refused.stdout).to.contain('`/apply` not understood').and.contain('unknown flag --force');
      const ok = runScript(`${parse}\necho parsed; ls`, { fakes: { 'fake-tool': 'exit 0' } });
      expect(ok.code).to.equal(0);
      expect(ok.stdout).to.contain('parsed').and.not.contain('reply.md');
    });
  });

  describe('apply (one job per environment)', () => {
    it('fans out over the environments the gate selected', () => {
      expect(needsOf(apply)).to.deep.equal(['gate']);
      expect(apply.if).to.equal("needs.gate.outputs.apply == 'true'");
      expect(apply.strategy?.matrix).to.deep.equal({ include: '${{ fromJSON(needs.gate.outputs.targets) }}' });
      expect(apply.strategy?.['fail-fast']).to.equal(false);
    });

    it("runs in the environment's GitHub environment (trust, reviewers) holding its terraform lock", () => {
      expect(apply.environment).to.equal('${{ matrix.environment }}');
      expect(apply.concurrency).to.deep.equal({ 'group': 'terraform-${{ matrix.environment }}', 'cancel-in-progress': false });
    });

    it('reads artifacts and the pull request, assumes the apply role, and writes nothing to the repository', () => {
      expect(apply.permissions).to.deep.equal({ 'actions': 'read', 'contents': 'read', 'id-token': 'write', 'pull-requests': 'read' });
    });

    it('runs no pull-request code: default-branch tools, planned configuration from the artifact', () => {
      expect(stepsUsing(apply, 'actions/checkout').map((s) => s.with?.ref)).to.deep.equal(['${{ github.event.repository.default_branch }}']);
      expect(stepsOf(apply).some((s) => s.run?.includes('projen synth'))).to.equal(false);
      const download = stepRunning(apply, 'download-plan');
      expect(download.env).to.deep.include({
        RUN_ID: '${{ needs.gate.outputs.plan-run-id }}',
        ARTIFACT_ID: '${{ needs.gate.outputs.artifact-id }}',
        DIGEST: '${{ needs.gate.outputs.artifact-digest }}',
        SHA: '${{ needs.gate.outputs.head-sha }}',
      });
    });

    it('never extracts the artifact into the checkout: it goes to the runner temp directory, and Terraform works there through the manifest', () => {
      expect(stepsUsing(apply, 'actions/download-artifact'), 'no unchecked download').to.deep.equal([]);
      expect(stepRunning(apply, 'download-plan').run).to.contain('--out-dir "$RUNNER_TEMP/plan-artifact"');
      // The download happens before the role is assumed: nothing from the artifact runs with it.
      const steps = stepsOf(apply);
      expect(steps.findIndex((st) => st.run?.includes('download-plan'))).to.be.lessThan(steps.findIndex((st) => st.uses?.startsWith('aws-actions/configure-aws-credentials')));
      expect(stepRunning(apply, 'apply-plans').run).to.contain('--manifest "$RUNNER_TEMP/plan-artifact/cdktf.out/manifest.json"');
      for (const job of [gate, apply]) {
        for (const step of stepsUsing(job, 'actions/download-artifact')) expect(String(step.with?.path)).to.match(/^\$\{\{ runner\.temp \}\}\/./);
      }
    });

    for (const env of settings.environments) {
      it(`assumes ${env.name}'s own deploy role in ${env.name}, resolved from config/`, () => {
        const role = stepsUsing(apply, 'aws-actions/configure-aws-credentials')[0];
        expect(role.with?.['role-to-assume']).to.equal('${{ steps.target.outputs.apply-role }}');
        const resolve = stepsOf(apply).find((s) => s.id === 'target')!;
        expect(resolve.env?.ENVIRONMENT).to.equal('${{ matrix.environment }}');
        expect(runScript(resolve.run!, { env: { ENVIRONMENT: env.name } }).outputs['apply-role']).to.equal(env.applyRoleArn);
        expect(runScript(resolve.run!, { env: { ENVIRONMENT: 'staging' } }).code).to.equal(1);
      });
    }

    it('re-checks the head, then assumes the apply role for up to its maximum session, then applies the saved plans', () => {
      const steps = stepsOf(apply);
      const head = steps.findIndex((s) => s.run?.includes('pulls/$PR'));
      const role = steps.findIndex((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@'));
      const applyStep = steps.findIndex((s) => s.run?.includes('apply-plans'));
      expect(head).to.be.greaterThan(-1);
      expect(head).to.be.lessThan(role);
      expect(role).to.be.lessThan(applyStep);
      for (const env of settings.environments) {
        expect(steps[role].with?.['role-duration-seconds']).to.equal(synthesizedGithubRole(roleName(env.applyRoleArn)).maxSessionDuration);
      }
      expect(steps[applyStep].env).to.deep.equal({ ENVIRONMENT: '${{ matrix.environment }}', STACKS: '${{ matrix.stacks }}' });
    });

    it('refuses to apply when the pull request head moved after the gate', () => {
      const script = stepRunning(apply, 'pulls/$PR').run!;
      const gh = (head: string) => ({ gh: `echo ${head}` });
      expect(runScript(script, { env: { PR: '7', PLANNED_SHA: SHA }, fakes: gh(SHA) }).code).to.equal(0);
      const moved = runScript(script, { env: { PR: '7', PLANNED_SHA: SHA }, fakes: gh('f'.repeat(40)) });
      expect(moved.code).to.equal(1);
      expect(moved.stdout).to.contain('::error::the pull request head moved');
    });

    it('uploads its result even when the apply failed', () => {
      const upload = stepsUsing(apply, 'actions/upload-artifact')[0];
      expect(upload.if).to.equal('always()');
      expect(upload.with?.name).to.equal('apply-result-${{ matrix.environment }}');
    });
  });

  describe('report', () => {
    it('always replies once the gate allowed an apply, with a write token for pull requests only', () => {
      expect(needsOf(report)).to.deep.equal(['gate', 'apply']);
      expect(report.if).to.equal("always() && needs.gate.outputs.apply == 'true'");
      expect(report.permissions).to.deep.equal({ 'contents': 'read', 'pull-requests': 'write' });
      expect(stepRunning(report, 'cli.ts apply-report').run).to.contain('--targets "$TARGETS" --sha "$SHA"');
      expect(stepRunning(report, 'reply --pr').run).to.contain('--body-file apply-report.md');
    });
  });
});
