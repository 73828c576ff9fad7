import { join } from 'node:path';
import { expect } from 'chai';
import { planFiles, withDigests, zipOf } from './plan-artifact-fixture';
import { main } from '../../../tools/github/src/cli';
import { FakeGitHub } from '../../support/fake-github';
import { ActionsWorkspace, runCliMain } from '../../support/run-cli';
import { runTsProcess } from '../../support/run-process';

const REPO = 'acme/chatbot-platform';
const HEAD = `def5678${'0'.repeat(33)}`;
const OLD_HEAD = `abc1234${'0'.repeat(33)}`;
const MAIN_TIP = `9999999${'0'.repeat(33)}`;
const PLAN_YML = 'name: plan\n';

describe('tools/github CLI', () => {
  let fake: FakeGitHub;
  let workspace: ActionsWorkspace;

  beforeEach(async () => {
    fake = await FakeGitHub.start();
    workspace = new ActionsWorkspace();
    fake.repository(REPO);
  });
  afterEach(async () => {
    await fake.close();
    workspace.remove();
  });

  const run = async (argv: readonly string[], extraEnv: Record<string, string | undefined> = {}) =>
    runCliMain(main, argv, workspace.env(fake, REPO, extraEnv));

  describe('parse-command', () => {
    it('writes command and stacks outputs', async () => {
      const result = await run(['parse-command'], { COMMENT_BODY: '/apply platform-dev addons-dev\nplease' });
      expect(result).to.include({ code: 0 });
      expect(workspace.outputs()).to.deep.equal({ command: 'apply', stacks: '["platform-dev","addons-dev"]' });
    });

    it('writes command=none for an ordinary comment', async () => {
      expect((await run(['parse-command'], { COMMENT_BODY: 'Looks good! /apply when ready' })).code).to.equal(0);
      expect(workspace.outputs()).to.deep.equal({ command: 'none', stacks: '[]' });
    });

    it('exits 2 on a malformed command, with the reason on stderr and in the outputs', async () => {
      const result = await run(['parse-command'], { COMMENT_BODY: '/apply foo;rm -rf /' });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.match(/^github parse-command: \/apply: "foo;rm" is not a stack name/);
      expect(workspace.outputs()).to.include({ command: 'none', stacks: '[]' });
      expect(workspace.outputs().error).to.contain('"foo;rm" is not a stack name');
    });

    it('exits 2 when COMMENT_BODY is not set', async () => {
      const result = await run(['parse-command'], { COMMENT_BODY: undefined });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain('COMMENT_BODY is not set');
    });
  });

  describe('apply-gate', () => {
    let pr: number;
    beforeEach(() => {
      fake.addCommit(REPO, MAIN_TIP, { '.github/workflows/plan.yml': PLAN_YML }, 'main');
      fake.addCommit(REPO, HEAD, { '.github/workflows/plan.yml': PLAN_YML });
      pr = fake.addPullRequest(REPO, { headSha: HEAD, headRef: 'feature-x' });
      fake.setPermission(REPO, 'alice', 'write');
      fake.setPermission(REPO, 'bob', 'write', 'maintain');
      fake.addReview(REPO, pr, { login: 'bob', state: 'APPROVED' });
    });
    const addPlan = () => {
      const planRun = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x' });
      return { runId: planRun.id, artifact: fake.addArtifact(REPO, planRun.id, `plan-${HEAD}`) };
    };

    it('allows, writing the outputs the apply job needs', async () => {
      const { runId, artifact } = addPlan();
      const result = await run(['apply-gate', '--pr', String(pr), '--actor', 'alice', '--reply-on-refusal']);
      expect(result.code).to.equal(0);
      const reason = `approved by @bob at def5678; plan run ${runId} (pull_request), artifact ${artifact.id}`;
      expect(result.stdout).to.equal(`apply allowed: ${reason}\n`);
      expect(workspace.outputs()).to.deep.equal({
        'allowed': 'true',
        reason,
        'head-sha': HEAD,
        'plan-run-id': String(runId),
        'plan-run-url': `https://github.com/${REPO}/actions/runs/${runId}`,
        'artifact-name': `plan-${HEAD}`,
        'artifact-id': String(artifact.id),
        'artifact-digest': artifact.digest,
        'ignored-approvals': '',
      });
      expect(fake.writes()).to.deep.equal([]);
    });

    it('hands download-plan exactly the artifact it checked, which then extracts outside the checkout', async () => {
      const planRun = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x' });
      fake.addArtifact(REPO, planRun.id, `plan-${HEAD}`, { zip: await zipOf(withDigests(planFiles(['platform-dev']))) });
      expect((await run(['apply-gate', '--pr', String(pr), '--actor', 'alice'])).code).to.equal(0);
      const gate = workspace.outputs();
      const outDir = join(workspace.dir, 'runner-temp', 'plan');
      const downloaded = await run(['download-plan', '--run-id', gate['plan-run-id'], '--artifact-id', gate['artifact-id'], '--digest', gate['artifact-digest'],
        '--sha', gate['head-sha'], '--out-dir', outDir]);
      expect(downloaded.code, downloaded.stderr).to.equal(0);
      expect(workspace.outputs()).to.include({ manifest: join(outDir, 'cdktf.out', 'manifest.json'), stacks: 'platform-dev' });
    });

    it('refuses with exit 1, a one-line reason and a reply on the pull request naming ignored approvals', async () => {
      fake.addReview(REPO, pr, { login: 'bob', state: 'APPROVED', commitId: OLD_HEAD });
      const result = await run(['apply-gate', '--pr', String(pr), '--actor', 'alice', '--reply-on-refusal']);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.equal('apply refused: not approved: needs an approval of the head def5678 by someone with write, maintain or admin access; '
        + `no successful plan run for head def5678 (with an unexpired plan-${HEAD} artifact); comment /plan; `
        + 'approvals not counted: @bob\'s approval is stale: approved abc1234, head is def5678\n');
      expect(workspace.outputs()).to.include({
        'allowed': 'false',
        'head-sha': HEAD,
        'plan-run-id': '',
        'artifact-name': `plan-${HEAD}`,
        'artifact-id': '',
        'artifact-digest': '',
        'ignored-approvals': '@bob\'s approval is stale: approved abc1234, head is def5678',
      });
      const replies = fake.comments(REPO, pr);
      expect(replies).to.have.length(1);
      expect(replies[0].body).to.contain('**`/apply` refused** for @alice').and.to.contain('no successful plan run for head def5678')
        .and.to.contain('- @bob\'s approval is stale: approved abc1234, head is def5678');
    });

    it('posts no reply without --reply-on-refusal', async () => {
      const result = await run(['apply-gate', '--pr', String(pr), '--actor', 'mallory']);
      expect(result.code).to.equal(1);
      expect(result.stderr).to.equal('apply refused: @mallory is not a collaborator on acme/chatbot-platform; /apply needs write\n');
      expect(fake.writes()).to.deep.equal([]);
    });

    it('checks named stacks against the synthesized manifest', async () => {
      addPlan();
      const manifest = workspace.file('manifest.json', JSON.stringify({ version: '0.21.0', stacks: { 'platform-dev': {}, 'bootstrap': {} } }));
      const result = await run(['apply-gate', '--pr', String(pr), '--actor', 'alice', '--stacks', '["platform-qa"]', '--manifest', manifest]);
      expect(result.code).to.equal(1);
      expect(workspace.outputs().reason).to.equal('unknown stack platform-qa (stacks: bootstrap, platform-dev)');
    });

    it('exits 2 on bad flags without calling GitHub', async () => {
      const cases: ReadonlyArray<readonly [readonly string[], string]> = [
        [['apply-gate', '--actor', 'alice'], '--pr is required'],
        [['apply-gate', '--pr', '0', '--actor', 'alice'], '--pr must be a positive integer, got "0"'],
        [['apply-gate', '--pr', '7', '--actor', 'al;ice'], '--actor must be a GitHub login'],
        [['apply-gate', '--pr', '7', '--actor', 'alice', '--plan-workflow', '../x.yml'], '--plan-workflow must be a workflow file name'],
        [['apply-gate', '--pr', '7', '--actor', 'alice', '--plan-workflow', '1234'], '--plan-workflow must be a workflow file name'],
        [['apply-gate', '--pr', '7', '--actor', 'alice', '--stacks', 'platform-dev'], '--stacks must be a JSON array of stack names'],
        [['apply-gate', '--pr', '7', '--actor', 'alice', '--stacks', '["a"]', '--manifest', '/nonexistent/manifest.json'], 'synthesize first'],
        [['apply-gate', '--pr', '7', '--actor', 'alice', '--force'], "Unknown option '--force'"],
        [['apply-gate', '--pr', '7', '--actor', 'alice', '--repo', 'not-a-repo'], '--repo must be "owner/repo"'],
      ];
      for (const [argv, message] of cases) {
        const result = await run(argv);
        expect(result.code, argv.join(' ')).to.equal(2);
        expect(result.stderr, argv.join(' ')).to.contain(message).and.to.contain('usage: apply-gate --pr <n>');
      }
      expect(fake.requests).to.deep.equal([]);
    });

    it('exits 2 without a token, and 1 with a clear message on a bad one', async () => {
      const missing = await run(['apply-gate', '--pr', String(pr), '--actor', 'alice'], { GITHUB_TOKEN: undefined });
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.contain('GITHUB_TOKEN is not set');
      const bad = await run(['apply-gate', '--pr', String(pr), '--actor', 'alice'], { GITHUB_TOKEN: 'ghs_wrong' });
      expect(bad.code).to.equal(1);
      expect(bad.stderr).to.equal('github apply-gate: GitHub API: check the permission of @alice on acme/chatbot-platform failed with HTTP 401: '
        + 'Bad credentials — the token is missing, expired or invalid\n');
    });
  });

  describe('reply', () => {
    it('posts the file as a comment', async () => {
      const pr = fake.addPullRequest(REPO);
      const bodyFile = workspace.file('apply.md', '### Apply result\n\nApply complete! Resources: 1 added.');
      const result = await run(['reply', '--pr', String(pr), '--body-file', bodyFile]);
      expect(result.code).to.equal(0);
      const [comment] = fake.comments(REPO, pr);
      expect(result.stdout).to.equal(`posted https://github.com/${REPO}/pull/${pr}#issuecomment-${comment.id}\n`);
      expect(comment.body).to.equal('### Apply result\n\nApply complete! Resources: 1 added.');
      expect(comment.user.login).to.equal('github-actions[bot]');
    });

    it('cuts a body over the limit, pointing at the run', async () => {
      const pr = fake.addPullRequest(REPO);
      const result = await run(['reply', '--pr', String(pr), '--body-file', workspace.file('big.md', 'x'.repeat(70_000))]);
      expect(result.code).to.equal(0);
      expect(fake.comments(REPO, pr)[0].body).to.match(/the full text is in https:\/\/github\.com\/acme\/chatbot-platform\/actions\/runs\/4242\._$/);
    });

    it('exits 2 on a missing or empty body file, 1 on a missing pull request', async () => {
      expect((await run(['reply', '--pr', '1', '--body-file', '/nonexistent.md'])).stderr).to.contain('--body-file: file "/nonexistent.md" does not exist');
      expect((await run(['reply', '--pr', '1', '--body-file', workspace.file('empty.md', ' \n')])).code).to.equal(2);
      const missing = await run(['reply', '--pr', '77', '--body-file', workspace.file('ok.md', 'hi')]);
      expect(missing.code).to.equal(1);
      expect(missing.stderr).to.contain('comment on acme/chatbot-platform#77 failed with HTTP 404');
    });
  });

  describe('drift-issue', () => {
    it('creates, then closes the environment\'s issue', async () => {
      const reportFile = workspace.file('report.md', '~ aws_s3_bucket.site');
      const created = await run(['drift-issue', '--environment', 'dev', '--status', 'drift', '--report-file', reportFile]);
      expect(created).to.include({ code: 0, stdout: `dev: created drift issue #1 https://github.com/${REPO}/issues/1\n` });
      expect(fake.issue(REPO, 1)!.body).to.contain(`[workflow run](https://github.com/${REPO}/actions/runs/4242)`);
      const closed = await run(['drift-issue', '--environment', 'dev', '--status', 'clean', '--report-file', reportFile, '--run-url', 'https://example.com/run/1']);
      expect(closed.stdout).to.equal(`dev: closed drift issue #1 https://github.com/${REPO}/issues/1\n`);
      expect(fake.issue(REPO, 1)!.state).to.equal('closed');
      const nothing = await run(['drift-issue', '--environment', 'dev', '--status', 'clean', '--report-file', reportFile]);
      expect(nothing.stdout).to.equal('dev: no open drift issue; nothing to close\n');
      expect(workspace.outputs()).to.deep.equal({ 'action': 'none', 'issue-number': '' });
    });

    it('exits 2 on a bad environment, status or URL', async () => {
      const reportFile = workspace.file('report.md', 'x');
      for (const [flag, value, message] of [
        ['--environment', 'Dev Env', '--environment must be an environment name'],
        ['--status', 'drifted', '--status must be one of drift, clean, error, got "drifted"'],
        ['--run-url', 'javascript:alert(1)', '--run-url must be an http(s) URL'],
      ]) {
        const argv = ['drift-issue', '--environment', 'dev', '--status', 'drift', '--report-file', reportFile, flag, value];
        const result = await run(argv);
        expect(result.code, flag).to.equal(2);
        expect(result.stderr, flag).to.contain(message);
      }
      expect(fake.writes()).to.deep.equal([]);
    });
  });

  it('runs as a process (npx tsx tools/github/src/cli.ts), with main\'s exit code', async () => {
    const cli = join(__dirname, '..', '..', '..', 'tools', 'github', 'src', 'cli.ts');
    const parsed = await runTsProcess(cli, ['parse-command'], workspace.env(fake, REPO, { COMMENT_BODY: '/plan' }));
    expect(parsed).to.include({ code: 0, stdout: 'command=plan stacks=[]\n' });
    const malformed = await runTsProcess(cli, ['parse-command'], workspace.env(fake, REPO, { COMMENT_BODY: '/apply a;b' }));
    expect(malformed.code).to.equal(2);
    const refused = await runTsProcess(cli, ['apply-gate', '--pr', '1', '--actor', 'nobody'], workspace.env(fake, REPO));
    expect(refused.code, refused.stderr).to.equal(1);
  });

  it('prints usage for an unknown or missing command', async () => {
    const unknown = await run(['destroy']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain('github: unknown command "destroy"').and.to.contain('apply-gate --pr <n> --actor <login>');
    expect((await run([])).code).to.equal(2);
    expect(await run(['--help'])).to.include({ code: 0 });
  });
});
