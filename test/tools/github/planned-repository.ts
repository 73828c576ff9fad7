/**
 * The repository most gate and provenance tests start from: main and a pull request's head hold
 * the same plan.yml, and the pull request is open (no plan run yet).
 */
import { FakeGitHub } from '../../support/fake-github';

export const REPO = 'acme/chatbot-platform';
export const HEAD = `def5678${'0'.repeat(33)}`;
export const MAIN_TIP = `9999999${'0'.repeat(33)}`;
export const PLAN_YML = 'name: plan\non: [pull_request, issue_comment]\n';

export interface PlannedRepository {
  readonly fake: FakeGitHub;
  readonly pr: number;
}

/** Start a fake GitHub holding that repository; `author` opens the pull request. */
export async function startPlannedRepository(author?: string): Promise<PlannedRepository> {
  const fake = await FakeGitHub.start();
  fake.addCommit(REPO, MAIN_TIP, { '.github/workflows/plan.yml': PLAN_YML }, 'main');
  fake.addCommit(REPO, HEAD, { '.github/workflows/plan.yml': PLAN_YML });
  const pr = fake.addPullRequest(REPO, { headSha: HEAD, headRef: 'feature-x', ...(author ? { user: { login: author, type: 'User' } } : {}) });
  return { fake, pr };
}
