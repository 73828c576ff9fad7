import { expect } from 'chai';
import { HEAD, PLAN_YML, REPO, startPlannedRepository } from './planned-repository';
import { GitHubApiError } from '../../../tools/github/src/api-error';
import { evaluateApplyGate, refusalComment, type ApplyGateProps } from '../../../tools/github/src/apply-gate';
import type { GitHubClient } from '../../../tools/github/src/client';
import { FakeGitHub } from '../../support/fake-github';
import { fakeGitHubClient } from '../../support/github-client';

const OLD_HEAD = `abc1234${'0'.repeat(33)}`;

describe('evaluateApplyGate', () => {
  let fake: FakeGitHub;
  let octokit: GitHubClient;
  let pr: number;

  /**
   * A pull request by alice that passes every check: alice may write, bob (write) approved the
   * head, and main's plan.yml planned the head in a pull_request run.
   */
  beforeEach(async () => {
    ({ fake, pr } = await startPlannedRepository('alice'));
    octokit = fakeGitHubClient(fake);
    fake.setPermission(REPO, 'alice', 'write');
    fake.setPermission(REPO, 'bob', 'write');
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
  /** Only bob's approval, replaced by `review`. */
  const onlyReview = (review: Parameters<FakeGitHub['addReview']>[2]): void => {
    fake.repository(REPO).reviews.set(pr, []);
    fake.addReview(REPO, pr, review);
  };

  it('allows an approved, mergeable pull request with a trusted plan for its head, naming the artifact by id and digest', async () => {
    const decision = await gate();
    const [run] = fake.repository(REPO).runs;
    const [artifact] = fake.repository(REPO).artifacts;
    expect(decision).to.deep.include({
      allowed: true,
      headSha: HEAD,
      planRunId: run.id,
      artifactName: `plan-${HEAD}`,
      artifactId: artifact.id,
      artifactDigest: artifact.digest,
      planRunUrl: `https://github.com/${REPO}/actions/runs/${run.id}`,
      ignoredApprovals: [],
    });
    expect(decision.artifactDigest).to.match(/^sha256:[0-9a-f]{64}$/);
    expect(decision.reasons).to.deep.equal([`approved by @bob at def5678; plan run ${run.id} (pull_request), artifact ${artifact.id}`]);
    expect(fake.writes()).to.deep.equal([]);
  });

  describe('who may /apply', () => {
    it('refuses someone with read permission, and asks nothing else', async () => {
      fake.setPermission(REPO, 'rita', 'read');
      const decision = await gate({ actor: 'rita' });
      expect(decision).to.deep.equal({ allowed: false, reasons: ['@rita has read permission; /apply needs write'] });
      expect(fake.requests.map((r) => r.path)).to.deep.equal([`/repos/${REPO}/collaborators/rita/permission`]);
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
  });

  describe('approvals', () => {
    it('ignores an approval of an older commit, and names it in the reply', async () => {
      onlyReview({ login: 'bob', state: 'APPROVED', commitId: OLD_HEAD });
      const decision = await gate();
      expect(decision.allowed).to.equal(false);
      expect(decision.reasons).to.deep.equal(['not approved: needs an approval of the head def5678 by someone with write, maintain or admin access']);
      expect(decision.ignoredApprovals).to.deep.equal(['@bob\'s approval is stale: approved abc1234, head is def5678']);
      expect(refusalComment('alice', decision)).to.contain('- @bob\'s approval is stale: approved abc1234, head is def5678');
      // A stale approval costs no permission look-up.
      expect(fake.requests.filter((r) => r.path.endsWith('/collaborators/bob/permission'))).to.deep.equal([]);
    });

    it('ignores an approval by an organisation member with read access (author_association MEMBER is not trusted)', async () => {
      fake.setPermission(REPO, 'rita', 'read');
      onlyReview({ login: 'rita', state: 'APPROVED', association: 'MEMBER' });
      const decision = await gate();
      expect(decision.allowed).to.equal(false);
      expect(decision.ignoredApprovals).to.deep.equal(['@rita\'s approval does not count: @rita has read permission']);
      expect(refusalComment('alice', decision)).to.contain('- @rita\'s approval does not count: @rita has read permission');
    });

    it('ignores approvals by triagers and by people who are not collaborators', async () => {
      fake.setPermission(REPO, 'tina', 'read', 'triage');
      onlyReview({ login: 'tina', state: 'APPROVED' });
      fake.addReview(REPO, pr, { login: 'drive-by', state: 'APPROVED', association: 'NONE' });
      expect((await gate()).ignoredApprovals).to.deep.equal([
        '@drive-by\'s approval does not count: not a collaborator on acme/chatbot-platform',
        '@tina\'s approval does not count: @tina has triage permission',
      ]);
    });

    it('counts an approval by a maintainer, an admin, or a writer whatever their association', async () => {
      for (const [login, permission, role, association] of [['mona', 'write', 'maintain', 'MEMBER'], ['root', 'admin', 'admin', 'OWNER'], ['olga', 'write', 'write', 'CONTRIBUTOR']] as const) {
        fake.setPermission(REPO, login, permission, role);
        onlyReview({ login, state: 'APPROVED', association });
        expect(await gate(), login).to.deep.include({ allowed: true, ignoredApprovals: [] });
      }
    });

    it('never counts the author\'s own approval', async () => {
      onlyReview({ login: 'alice', state: 'APPROVED', association: 'OWNER' });
      const decision = await gate();
      expect(decision.allowed).to.equal(false);
      expect(decision.ignoredApprovals).to.deep.equal(['@alice\'s approval does not count: the author of a pull request cannot approve it']);
    });

    it('allows on a current approval while naming the ignored ones', async () => {
      fake.setPermission(REPO, 'rita', 'read');
      fake.addReview(REPO, pr, { login: 'rita', state: 'APPROVED' });
      fake.addReview(REPO, pr, { login: 'carol', state: 'APPROVED', commitId: OLD_HEAD });
      expect(await gate()).to.deep.include({
        allowed: true,
        ignoredApprovals: ['@carol\'s approval is stale: approved abc1234, head is def5678', '@rita\'s approval does not count: @rita has read permission'],
      });
    });

    it('refuses while changes are requested, even with an approval', async () => {
      fake.addReview(REPO, pr, { login: 'carol', state: 'CHANGES_REQUESTED' });
      expect((await gate()).reasons).to.deep.equal(['changes requested by @carol']);
    });

    it('counts each reviewer\'s latest deciding review', async () => {
      fake.setPermission(REPO, 'carol', 'write');
      fake.addReview(REPO, pr, { login: 'carol', state: 'CHANGES_REQUESTED' });
      fake.addReview(REPO, pr, { login: 'carol', state: 'APPROVED' });
      fake.addReview(REPO, pr, { login: 'bob', state: 'COMMENTED' });
      expect(await gate()).to.deep.include({ allowed: true });
      // bob's later approval of an older commit replaces his approval of the head.
      fake.addReview(REPO, pr, { login: 'bob', state: 'APPROVED', commitId: OLD_HEAD });
      expect((await gate()).ignoredApprovals).to.deep.equal(['@bob\'s approval is stale: approved abc1234, head is def5678']);
    });

    it('refuses when the only approval was dismissed', async () => {
      fake.addReview(REPO, pr, { login: 'bob', state: 'DISMISSED' });
      expect((await gate()).reasons).to.deep.equal(['not approved: needs an approval of the head def5678 by someone with write, maintain or admin access']);
    });
  });

  describe('the pull request', () => {
    it('refuses a closed or merged pull request', async () => {
      fake.pullRequest(REPO, pr).state = 'closed';
      expect((await gate()).reasons).to.deep.equal([`pull request #${pr} is closed`]);
      fake.pullRequest(REPO, pr).pull.merged = true;
      expect((await gate()).reasons).to.deep.equal([`pull request #${pr} is merged`]);
    });

    it('refuses a pull request with merge conflicts, blocked, or behind its base', async () => {
      Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: false, mergeable_state: 'dirty' });
      expect((await gate()).reasons).to.deep.equal(['not mergeable: merge conflicts']);
      Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: true, mergeable_state: 'blocked' });
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

    it('asks again while GitHub is still computing mergeability, then gives up saying to try again', async () => {
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
      Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: null, mergeable_state: 'unknown' });
      expect((await gate({ mergeableRetries: 2 })).reasons).to.deep.equal(['not mergeable: GitHub has not worked out mergeability yet; comment /apply again in a minute']);
    });

    it('refuses stacks the app does not have, when told the known stacks', async () => {
      const decision = await gate({ stacks: ['platform-dev', 'platform-qa'], knownStacks: ['platform-dev', 'bootstrap'] });
      expect(decision.reasons).to.deep.equal(['unknown stack platform-qa (stacks: bootstrap, platform-dev)']);
    });
  });

  describe('the plan', () => {
    it('refuses when the head moved after the plan', async () => {
      removePlan();
      const run = fake.addWorkflowRun(REPO, { head_sha: OLD_HEAD, head_branch: 'feature-x' });
      fake.addArtifact(REPO, run.id, `plan-${OLD_HEAD}`);
      const decision = await gate();
      expect(decision.reasons).to.deep.equal(['the pull request head moved from abc1234 to def5678 after the plan; comment /plan']);
      expect(decision).to.deep.include({ allowed: false, headSha: HEAD, artifactName: `plan-${HEAD}` });
      expect([decision.planRunId, decision.artifactId, decision.artifactDigest]).to.deep.equal([undefined, undefined, undefined]);
    });

    it('refuses when no plan ran for the head', async () => {
      removePlan();
      expect((await gate()).reasons).to.deep.equal([`no successful plan run for head def5678 (with an unexpired plan-${HEAD} artifact); comment /plan`]);
    });

    it('refuses a forged plan from a pull_request run of a modified plan.yml, saying what to do', async () => {
      removePlan();
      fake.addCommit(REPO, HEAD, { '.github/workflows/plan.yml': `${PLAN_YML}# and upload whatever I like\n` });
      const run = fake.addWorkflowRun(REPO, { head_sha: HEAD, head_branch: 'feature-x' });
      const artifact = fake.addArtifact(REPO, run.id, `plan-${HEAD}`);
      const decision = await gate();
      expect([decision.allowed, decision.artifactId, decision.artifactDigest]).to.deep.equal([false, undefined, undefined]);
      expect(decision.reasons).to.deep.equal([`no trusted plan of def5678 from .github/workflows/plan.yml: artifact ${artifact.id}: run ${run.id} ran `
        + '.github/workflows/plan.yml as it is at def5678, which differs from main\'s: merge the workflow change first, or comment /plan to plan with main\'s workflow']);
    });

    it('lists every reason at once, ignored approvals included', async () => {
      fake.addReview(REPO, pr, { login: 'carol', state: 'CHANGES_REQUESTED' });
      fake.addReview(REPO, pr, { login: 'bob', state: 'APPROVED', commitId: OLD_HEAD });
      Object.assign(fake.pullRequest(REPO, pr).pull, { mergeable: false, mergeable_state: 'dirty' });
      removePlan();
      const decision = await gate();
      expect(decision.reasons).to.have.length(4);
      expect(refusalComment('alice', decision)).to.equal([
        '**`/apply` refused** for @alice at def5678:',
        '',
        '- changes requested by @carol',
        '- not approved: needs an approval of the head def5678 by someone with write, maintain or admin access',
        '- not mergeable: merge conflicts',
        `- no successful plan run for head def5678 (with an unexpired plan-${HEAD} artifact); comment /plan`,
        '',
        'Approvals not counted (an approval counts when it is of the head commit, by someone with write, maintain or admin access, other than the author):',
        '',
        '- @bob\'s approval is stale: approved abc1234, head is def5678',
        '',
        'Nothing was applied. Fix the above and comment `/apply` again.',
      ].join('\n'));
    });
  });

  it('fails with an error naming the call when GitHub fails', async () => {
    fake.failNext({ method: 'GET', path: '/reviews', status: 503, message: 'Service Unavailable' });
    const error = await gate().then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(GitHubApiError);
    expect((error as Error).message).to.equal(`GitHub API: list reviews of acme/chatbot-platform#${pr} failed with HTTP 503: Service Unavailable — GitHub had an internal error; re-run the job`);
  });

  it('fails (rather than refusing) when a permission check itself is forbidden', async () => {
    fake.failNext({ method: 'GET', path: '/permission', status: 403, message: 'Resource not accessible by integration' });
    expect((await gate().then(() => undefined, (e: unknown) => e as Error))?.message).to.match(/^GitHub API: check the permission of @alice on acme\/chatbot-platform failed with HTTP 403/);
    fake.failNext({ method: 'GET', path: '/collaborators/bob/permission', status: 403, message: 'Resource not accessible by integration' });
    expect((await gate().then(() => undefined, (e: unknown) => e as Error))?.message).to.match(/^GitHub API: check the permission of @bob/);
  });
});
