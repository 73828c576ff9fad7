import { expect } from 'chai';
import { GitHubApiError } from '../../../tools/github/src/api-error';
import { evaluateApplyGate, refusalComment, type ApplyGateProps } from '../../../tools/github/src/apply-gate';
import type { GitHubClient } from '../../../tools/github/src/client';
import { FakeGitHub } from '../../support/fake-github';
import { fakeGitHubClient } from '../../support/github-client';

const REPO = 'acme/chatbot-platform';
const HEAD = `def5678${'0'.repeat(33)}`;
const OLD_HEAD = `abc1234${'0'.repeat(33)}`;
const MAIN_TIP = `9999999${'0'.repeat(33)}`;

describe('evaluateApplyGate', () => {
  let fake: FakeGitHub;
  let octokit: GitHubClient;
  let pr: number;

  /** A pull request that passes every check: alice may write, bob approved, a plan exists for HEAD. */
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    octokit = fakeGitHubClient(fake);
    pr = fake.addPullRequest(REPO, { headSha: HEAD, headRef: 'feature-x' });
    fake.setPermission(REPO, 'alice', 'write');
    fake.setPermission(REPO, 'bob', 'read');
    fake.addReview(REPO, pr, { login: 'bob', state: 'APPROVED' });
    const run = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x' });
    fake.addArtifact(REPO, run.id, `plan-${HEAD}`);
  });
  afterEach(async () => fake.close());

  const gate = (extra: Partial<ApplyGateProps> = {}) =>
    evaluateApplyGate({ octokit, owner: 'acme', repo: 'chatbot-platform', pullNumber: pr, actor: 'alice', wait: async () => undefined, ...extra });

  /** Drops the plan set up in beforeEach. */
  const removePlan = (): void => {
    fake.repository(REPO).runs.length = 0;
    fake.repository(REPO).artifacts.length = 0;
  };

  it('allows an approved, mergeable pull request with a plan for its head', async () => {
    const decision = await gate();
    const run = fake.repository(REPO).runs[0];
    expect(decision).to.deep.include({ allowed: true, headSha: HEAD, planRunId: run.id, artifactName: `plan-${HEAD}` });
    expect(decision.reasons).to.deep.equal([`approved by @bob; plan run ${run.id} for def5678`]);
    expect(fake.writes()).to.deep.equal([]);
  });

  it('refuses someone with read permission, and asks nothing else', async () => {
    const decision = await gate({ actor: 'bob' });
    expect(decision).to.deep.equal({ allowed: false, reasons: ['@bob has read permission; /apply needs write'] });
    expect(fake.requests.map((r) => r.path)).to.deep.equal([`/repos/${REPO}/collaborators/bob/permission`]);
  });

  it('names the real role (triage shows as read in `permission`)', async () => {
    fake.setPermission(REPO, 'tina', 'read', 'triage');
    expect((await gate({ actor: 'tina' })).reasons).to.deep.equal(['@tina has triage permission; /apply needs write']);
  });

  it('allows maintainers and admins', async () => {
    fake.setPermission(REPO, 'mona', 'write', 'maintain');
    fake.setPermission(REPO, 'root', 'admin');
    expect((await gate({ actor: 'mona' })).allowed).to.equal(true);
    expect((await gate({ actor: 'root' })).allowed).to.equal(true);
  });

  it('refuses someone who is not a collaborator', async () => {
    expect((await gate({ actor: 'mallory' })).reasons).to.deep.equal(['@mallory is not a collaborator on acme/chatbot-platform; /apply needs write']);
  });

  it('refuses a closed or merged pull request', async () => {
    fake.pullRequest(REPO, pr).state = 'closed';
    expect((await gate()).reasons).to.deep.equal([`pull request #${pr} is closed`]);
    fake.pullRequest(REPO, pr).pull.merged = true;
    expect((await gate()).reasons).to.deep.equal([`pull request #${pr} is merged`]);
  });

  it('refuses while changes are requested, even with an approval', async () => {
    fake.addReview(REPO, pr, { login: 'carol', state: 'CHANGES_REQUESTED' });
    expect((await gate()).reasons).to.deep.equal(['changes requested by @carol']);
  });

  it('counts each reviewer\'s latest deciding review', async () => {
    fake.addReview(REPO, pr, { login: 'carol', state: 'CHANGES_REQUESTED' });
    fake.addReview(REPO, pr, { login: 'carol', state: 'APPROVED' });
    fake.addReview(REPO, pr, { login: 'bob', state: 'COMMENTED' });
    expect(await gate()).to.deep.include({ allowed: true });
  });

  it('refuses when the only approval was dismissed', async () => {
    fake.addReview(REPO, pr, { login: 'bob', state: 'DISMISSED' });
    expect((await gate()).reasons).to.deep.equal(['not approved: needs an approving review from a collaborator']);
  });

  it('does not count an approval from outside the repository', async () => {
    fake.repository(REPO).reviews.set(pr, []);
    fake.addReview(REPO, pr, { login: 'drive-by', state: 'APPROVED', association: 'NONE' });
    expect((await gate()).reasons).to.deep.equal(['not approved: needs an approving review from a collaborator (approval by @drive-by does not count: not a collaborator)']);
  });

  it('refuses a pull request with merge conflicts', async () => {
    Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: false, mergeable_state: 'dirty' });
    expect((await gate()).reasons).to.deep.equal(['not mergeable: merge conflicts']);
  });

  it('refuses a pull request blocked by branch protection or behind its base', async () => {
    fake.pullRequest(REPO, pr).pull.mergeable_state = 'blocked';
    expect((await gate()).reasons).to.deep.equal(['not mergeable: blocked by branch protection (required checks or reviews)']);
    fake.pullRequest(REPO, pr).pull.mergeable_state = 'behind';
    expect((await gate()).reasons).to.deep.equal(['not mergeable: the branch is behind its base; update it']);
  });

  it('accepts the unstable and has_hooks merge states', async () => {
    for (const state of ['unstable', 'has_hooks']) {
      fake.pullRequest(REPO, pr).pull.mergeable_state = state;
      expect((await gate()).allowed, state).to.equal(true);
    }
  });

  it('asks again while GitHub is still computing mergeability', async () => {
    Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: null, mergeable_state: 'unknown' });
    let waits = 0;
    const decision = await gate({
      wait: async () => {
        waits += 1;
        if (waits === 2) Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: true, mergeable_state: 'clean' });
      },
    });
    expect(decision.allowed).to.equal(true);
    expect(waits).to.equal(2);
  });

  it('gives up on mergeability after the retries, saying to try again', async () => {
    Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: null, mergeable_state: 'unknown' });
    expect((await gate({ mergeableRetries: 2 })).reasons).to.deep.equal(['not mergeable: GitHub has not worked out mergeability yet; comment /apply again in a minute']);
    expect(fake.requests.filter((r) => r.path === `/repos/${REPO}/pulls/${pr}`)).to.have.length(3);
  });

  it('refuses when the head moved after the plan', async () => {
    removePlan();
    const run = fake.addWorkflowRun(REPO, { head_sha: OLD_HEAD, head_branch: 'feature-x' });
    fake.addArtifact(REPO, run.id, `plan-${OLD_HEAD}`);
    const decision = await gate();
    expect(decision.reasons).to.deep.equal(['the pull request head moved from abc1234 to def5678 after the plan; comment /plan']);
    expect(decision).to.deep.include({ allowed: false, headSha: HEAD, artifactName: `plan-${HEAD}` });
    expect(decision.planRunId).to.equal(undefined);
  });

  it('refuses when no plan ran for the head', async () => {
    removePlan();
    expect((await gate()).reasons).to.deep.equal([`no successful plan run for head def5678 (with an unexpired plan-${HEAD} artifact); comment /plan`]);
  });

  it('does not count a failed plan run, or an expired artifact', async () => {
    removePlan();
    const failed = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x', conclusion: 'failure' });
    fake.addArtifact(REPO, failed.id, `plan-${HEAD}`);
    const expired = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x' });
    fake.addArtifact(REPO, expired.id, `plan-${HEAD}`, true);
    expect((await gate()).allowed).to.equal(false);
  });

  it('accepts a plan made by a /plan comment (issue_comment runs carry the default branch tip)', async () => {
    removePlan();
    const run = fake.addWorkflowRun(REPO, { head_sha: MAIN_TIP, head_branch: 'main', event: 'issue_comment' });
    fake.addArtifact(REPO, run.id, `plan-${HEAD}`);
    expect(await gate()).to.deep.include({ allowed: true, planRunId: run.id });
  });

  it('does not accept a plan-<sha> artifact uploaded by another workflow', async () => {
    removePlan();
    const run = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x', workflowFile: 'someone-elses.yml' });
    fake.addArtifact(REPO, run.id, `plan-${HEAD}`);
    expect((await gate()).allowed).to.equal(false);
  });

  it('uses the plan workflow it is told about', async () => {
    removePlan();
    const run = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x', workflowFile: 'terraform-plan.yml' });
    fake.addArtifact(REPO, run.id, `plan-${HEAD}`);
    expect((await gate()).allowed).to.equal(false);
    expect(await gate({ planWorkflow: 'terraform-plan.yml' })).to.deep.include({ allowed: true, planRunId: run.id });
  });

  it('lists every reason at once', async () => {
    fake.addReview(REPO, pr, { login: 'carol', state: 'CHANGES_REQUESTED' });
    Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: false, mergeable_state: 'dirty' });
    removePlan();
    const decision = await gate();
    expect(decision.reasons).to.have.length(3);
    expect(refusalComment('alice', decision)).to.equal([
      '**`/apply` refused** for @alice at def5678:',
      '',
      '- changes requested by @carol',
      '- not mergeable: merge conflicts',
      `- no successful plan run for head def5678 (with an unexpired plan-${HEAD} artifact); comment /plan`,
      '',
      'Nothing was applied. Fix the above and comment `/apply` again.',
    ].join('\n'));
  });

  it('refuses stacks the app does not have, when told the known stacks', async () => {
    const decision = await gate({ stacks: ['platform-dev', 'platform-qa'], knownStacks: ['platform-dev', 'bootstrap'] });
    expect(decision.reasons).to.deep.equal(['unknown stack platform-qa (stacks: bootstrap, platform-dev)']);
  });

  it('fails with an error naming the call when GitHub fails', async () => {
    fake.failNext({ method: 'GET', path: '/reviews', status: 503, message: 'Service Unavailable' });
    const error = await gate().then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(GitHubApiError);
    expect((error as Error).message).to.equal(`GitHub API: list reviews of acme/chatbot-platform#${pr} failed with HTTP 503: Service Unavailable — GitHub had an internal error; re-run the job`);
  });

  it('fails (rather than refusing) when the permission check itself is forbidden', async () => {
    fake.failNext({ method: 'GET', path: '/permission', status: 403, message: 'Resource not accessible by integration' });
    const error = await gate().then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.match(/^GitHub API: check the permission of @alice on acme\/chatbot-platform failed with HTTP 403/);
  });
});
