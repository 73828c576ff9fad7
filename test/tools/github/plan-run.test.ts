import { expect } from 'chai';
import { HEAD, MAIN_TIP, PLAN_YML, REPO, startPlannedRepository } from './planned-repository';
import type { GitHubClient } from '../../../tools/github/src/client';
import { findPlanRun, type PlanRunQuery } from '../../../tools/github/src/plan-run';
import { FakeGitHub, gitBlobSha } from '../../support/fake-github';
import { fakeGitHubClient } from '../../support/github-client';

const OLD_MAIN = `8888888${'0'.repeat(33)}`;
const FORGED_YML = `${PLAN_YML}# uploads a plan of my own\n`;

describe('findPlanRun (plan artifact provenance)', () => {
  let fake: FakeGitHub;
  let octokit: GitHubClient;
  let pr: number;

  /** main and the pull request's head hold the same plan.yml; no plan yet. */
  beforeEach(async () => {
    ({ fake, pr } = await startPlannedRepository());
    octokit = fakeGitHubClient(fake);
  });
  afterEach(async () => fake.close());

  const find = (extra: Partial<PlanRunQuery> = {}) =>
    findPlanRun({ octokit, owner: 'acme', repo: 'chatbot-platform', pullNumber: pr, headSha: HEAD, workflowFile: 'plan.yml', ...extra });
  /** A plan run and its `plan-<HEAD>` artifact; a pull_request run of this repository by default. */
  const plan = (run: Parameters<FakeGitHub['addWorkflowRun']>[1], artifact: Parameters<FakeGitHub['addArtifact']>[3] = {}) => {
    const created = fake.addWorkflowRun(REPO, run);
    return { run: created, artifact: fake.addArtifact(REPO, created.id, `plan-${HEAD}`, artifact) };
  };
  /** The one refusal of a search that found nothing. */
  const onlyRefusal = async (): Promise<string> => {
    const search = await find();
    expect(search.plan).to.equal(undefined);
    expect(search.refused).to.have.length(1);
    return search.refused[0];
  };

  it('accepts a pull_request run of the head that ran main\'s plan.yml, with the artifact\'s id and digest', async () => {
    const { run, artifact } = plan({ head_sha: HEAD });
    expect(await find()).to.deep.equal({
      plan: { runId: run.id, runUrl: `https://github.com/${REPO}/actions/runs/${run.id}`, event: 'pull_request', artifactName: `plan-${HEAD}`, artifactId: artifact.id, artifactDigest: artifact.digest },
      refused: [],
    });
    // The workflow file was compared through the contents API, at main and at the run's head.
    expect(fake.requests.filter((r) => decodeURIComponent(r.path).endsWith('/contents/.github/workflows/plan.yml')).map((r) => r.query.ref)).to.deep.equal(['main', HEAD]);
  });

  it('refuses a forged artifact from a pull_request run of a plan.yml the pull request modified', async () => {
    fake.addCommit(REPO, HEAD, { '.github/workflows/plan.yml': FORGED_YML });
    const { run, artifact } = plan({ head_sha: HEAD });
    expect(gitBlobSha(FORGED_YML)).not.to.equal(gitBlobSha(PLAN_YML));
    expect(await onlyRefusal()).to.equal(`artifact ${artifact.id}: run ${run.id} ran .github/workflows/plan.yml as it is at def5678, which differs from main's: `
      + 'merge the workflow change first, or comment /plan to plan with main\'s workflow');
  });

  it('then accepts the /plan run (issue_comment, main\'s workflow) over a newer forged one', async () => {
    fake.addCommit(REPO, HEAD, { '.github/workflows/plan.yml': FORGED_YML });
    const trusted = plan({ head_sha: MAIN_TIP, head_branch: 'main', event: 'issue_comment', plannedSha: HEAD });
    const forged = plan({ head_sha: HEAD });
    const search = await find();
    expect(search.plan).to.deep.include({ runId: trusted.run.id, event: 'issue_comment', artifactId: trusted.artifact.id });
    expect(search.refused).to.have.length(1);
    expect(search.refused[0]).to.match(new RegExp(`^artifact ${forged.artifact.id}: run ${forged.run.id} ran .github/workflows/plan.yml as it is at def5678`));
  });

  it('refuses a plan-<head> artifact from a /plan run whose plan job planned another commit (a name forged by the code it ran)', async () => {
    const other = `5555555${'0'.repeat(33)}`;
    const { run } = plan({ head_sha: MAIN_TIP, head_branch: 'main', event: 'issue_comment', plannedSha: other });
    expect(await onlyRefusal()).to.contain(`run ${run.id} (/plan) has no successful job whose name carries the head ${HEAD}`);
    expect(fake.requests.map((r) => r.path)).to.include(`/repos/${REPO}/actions/runs/${run.id}/jobs`);
  });

  it('refuses an issue_comment run of an older plan.yml of main', async () => {
    fake.addCommit(REPO, OLD_MAIN, { '.github/workflows/plan.yml': 'name: plan (old)\n' });
    const { run } = plan({ head_sha: OLD_MAIN, head_branch: 'main', event: 'issue_comment', plannedSha: HEAD });
    expect(await onlyRefusal()).to.contain(`run ${run.id} ran .github/workflows/plan.yml as it was on main at 8888888, not as it is now; comment /plan`);
  });

  it('refuses an artifact uploaded by a run of another workflow file, or a path that only ends like it', async () => {
    const other = plan({ head_sha: HEAD, workflowFile: 'someone-elses.yml' });
    expect(await onlyRefusal()).to.equal(`artifact ${other.artifact.id}: run ${other.run.id} is a run of .github/workflows/someone-elses.yml, not .github/workflows/plan.yml`);
    fake.repository(REPO).artifacts.length = 0;
    const nested = plan({ head_sha: HEAD, path: 'vendor/.github/workflows/plan.yml' });
    expect(await onlyRefusal()).to.contain(`run ${nested.run.id} is a run of vendor/.github/workflows/plan.yml`);
  });

  it('refuses a run of a fork\'s head, even with the right head SHA', async () => {
    const { run } = plan({ head_sha: HEAD, headRepository: 'mallory/chatbot-platform' });
    expect(run.pullRequests).to.deep.equal([]);
    expect(await onlyRefusal()).to.contain(`run ${run.id} ran on mallory/chatbot-platform, not acme/chatbot-platform: plans from forks are never applied`);
  });

  it('refuses a pull_request run of another head or another pull request', async () => {
    const other = plan({ head_sha: MAIN_TIP });
    expect(await onlyRefusal()).to.contain(`run ${other.run.id} planned 9999999, not the head def5678`);
    fake.repository(REPO).artifacts.length = 0;
    const unrelated = plan({ head_sha: HEAD, pullRequests: [pr + 1] });
    expect(await onlyRefusal()).to.contain(`run ${unrelated.run.id} is not a run of pull request #${pr}`);
  });

  it('refuses runs of other events, or an issue_comment run off the default branch', async () => {
    const dispatched = plan({ head_sha: HEAD, event: 'workflow_dispatch' });
    expect(await onlyRefusal()).to.contain(`run ${dispatched.run.id} was started by workflow_dispatch`);
    fake.repository(REPO).artifacts.length = 0;
    const offMain = plan({ head_sha: MAIN_TIP, head_branch: 'feature-x', event: 'issue_comment' });
    expect(await onlyRefusal()).to.contain(`run ${offMain.run.id} ran on feature-x, not the default branch main`);
  });

  it('refuses a failed or unfinished run, an expired artifact and one without a digest', async () => {
    const failed = plan({ head_sha: HEAD, conclusion: 'failure' });
    expect(await onlyRefusal()).to.contain(`run ${failed.run.id} concluded failure, not success`);
    fake.repository(REPO).artifacts.length = 0;
    const running = plan({ head_sha: HEAD, status: 'in_progress', conclusion: null });
    expect(await onlyRefusal()).to.contain(`run ${running.run.id} has not finished (in_progress)`);
    fake.repository(REPO).artifacts.length = 0;
    const expired = plan({ head_sha: HEAD }, { expired: true });
    expect(await onlyRefusal()).to.equal(`artifact ${expired.artifact.id} has expired; comment /plan`);
    fake.repository(REPO).artifacts.length = 0;
    const undigested = plan({ head_sha: HEAD }, { digest: null });
    expect(await onlyRefusal()).to.equal(`artifact ${undigested.artifact.id} has no sha256 digest (upload-artifact v4 or newer records one); comment /plan`);
  });

  it('trusts no plan when the default branch has no plan workflow', async () => {
    fake.addCommit(REPO, MAIN_TIP, {}, 'main');
    plan({ head_sha: HEAD });
    expect(await find()).to.deep.equal({ refused: ['the default branch main has no .github/workflows/plan.yml; no plan can be trusted'] });
  });

  it('follows the default branch GitHub names and pages through many artifacts', async () => {
    fake.repository(REPO).defaultBranch = 'trunk';
    fake.addCommit(REPO, MAIN_TIP, { '.github/workflows/plan.yml': PLAN_YML }, 'trunk');
    const good = plan({ head_sha: MAIN_TIP, head_branch: 'trunk', event: 'issue_comment', plannedSha: HEAD });
    for (let i = 0; i < 3; i++) plan({ head_sha: HEAD, workflowFile: 'spam.yml' });
    const search = await find({ maxCandidates: 150 });
    expect(search.plan?.artifactId).to.equal(good.artifact.id);
    expect(search.refused).to.have.length(3);
  });
});
