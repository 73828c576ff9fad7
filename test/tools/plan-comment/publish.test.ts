import { expect } from 'chai';
import { GitHubApiError } from '../../../tools/github/src/api-error';
import type { GitHubClient } from '../../../tools/github/src/client';
import { commentMarker } from '../../../tools/plan-comment/src/marker';
import { describePublishResult, publishPlanComment } from '../../../tools/plan-comment/src/publish';
import type { CommentPart } from '../../../tools/plan-comment/src/types';
import { ACTIONS_BOT, FakeGitHub } from '../../support/fake-github';
import { fakeGitHubClient } from '../../support/github-client';

const REPO = 'acme/chatbot-platform';
const [OWNER, NAME] = REPO.split('/');

/** Parts as the renderer makes them: marker first, then any text. */
function parts(pullRequest: number, texts: readonly string[]): CommentPart[] {
  return texts.map((text, index) => ({ part: index + 1, total: texts.length, body: `${commentMarker(pullRequest, index + 1)}\n${text}` }));
}

describe('publishPlanComment (against the fake GitHub, real Octokit)', () => {
  let fake: FakeGitHub;
  let octokit: GitHubClient;
  let pr: number;

  beforeEach(async () => {
    fake = await FakeGitHub.start();
    octokit = fakeGitHubClient(fake);
    pr = fake.addPullRequest(REPO);
  });
  afterEach(async () => fake.close());

  const publish = async (texts: readonly string[], extra: { author?: string; dryRun?: boolean } = {}) =>
    publishPlanComment({ octokit, owner: OWNER, repo: NAME, issueNumber: pr, parts: parts(pr, texts), author: ACTIONS_BOT.login, ...extra });

  it('creates every part, in order, on the first run', async () => {
    const result = await publish(['one', 'two', 'three']);
    expect(describePublishResult(result)).to.equal('created 3, updated 0, deleted 0, unchanged 0');
    expect(fake.comments(REPO, pr).map((c) => c.body)).to.deep.equal(parts(pr, ['one', 'two', 'three']).map((p) => p.body));
    expect(fake.writes().map((w) => w.method)).to.deep.equal(['POST', 'POST', 'POST']);
  });

  it('makes no write when the same bodies are published again', async () => {
    await publish(['one', 'two']);
    const before = fake.writes().length;
    const result = await publish(['one', 'two']);
    expect(result).to.include({ created: 0, updated: 0, deleted: 0, unchanged: 2 });
    expect(fake.writes().length).to.equal(before);
  });

  it('updates changed parts in place, keeping their comment ids', async () => {
    await publish(['one', 'two']);
    const ids = fake.comments(REPO, pr).map((c) => c.id);
    const result = await publish(['one', 'TWO']);
    expect(result).to.include({ created: 0, updated: 1, unchanged: 1 });
    expect(fake.comments(REPO, pr).map((c) => c.id)).to.deep.equal(ids);
    expect(fake.comments(REPO, pr)[1].body).to.contain('TWO');
    expect(fake.writes().slice(-1)[0]).to.include({ method: 'PATCH', path: `/repos/${REPO}/issues/comments/${ids[1]}` });
  });

  it('adds parts when the plan grows (2 -> 4)', async () => {
    await publish(['a', 'b']);
    const ids = fake.comments(REPO, pr).map((c) => c.id);
    const result = await publish(['a2', 'b2', 'c2', 'd2']);
    expect(result).to.include({ created: 2, updated: 2, deleted: 0 });
    const comments = fake.comments(REPO, pr);
    expect(comments.map((c) => c.id).slice(0, 2)).to.deep.equal(ids);
    expect(comments.map((c) => c.body.split('\n')[1])).to.deep.equal(['a2', 'b2', 'c2', 'd2']);
  });

  it('deletes surplus parts when the plan shrinks (4 -> 1)', async () => {
    await publish(['a', 'b', 'c', 'd']);
    const firstId = fake.comments(REPO, pr)[0].id;
    const result = await publish(['only']);
    expect(result).to.include({ created: 0, updated: 1, deleted: 3 });
    expect(fake.comments(REPO, pr).map((c) => [c.id, c.body])).to.deep.equal([[firstId, parts(pr, ['only'])[0].body]]);
  });

  it('finds its parts across pages of a busy pull request (250 other comments)', async () => {
    for (let i = 0; i < 120; i++) fake.addComment(REPO, pr, `chatter ${i}`, { login: 'bob', type: 'User' });
    const seeded = parts(pr, ['old 1', 'old 2', 'old 3']);
    fake.addComment(REPO, pr, seeded[0].body);
    for (let i = 0; i < 100; i++) fake.addComment(REPO, pr, `more chatter ${i}`, { login: 'carol', type: 'User' });
    fake.addComment(REPO, pr, seeded[1].body);
    for (let i = 0; i < 30; i++) fake.addComment(REPO, pr, `late chatter ${i}`, { login: 'bob', type: 'User' });
    fake.addComment(REPO, pr, seeded[2].body);

    const result = await publish(['new 1', 'new 2', 'new 3']);
    expect(result).to.include({ created: 0, updated: 3, deleted: 0 });
    const listCalls = fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/comments'));
    expect(listCalls.map((r) => r.query.page ?? '1')).to.deep.equal(['1', '2', '3']);
    expect(listCalls.every((r) => r.query.per_page === '100')).to.equal(true);
    expect(fake.comments(REPO, pr)).to.have.length(253);
  });

  it('never touches comments by other users, or markers for another pull request', async () => {
    const planted = fake.addComment(REPO, pr, parts(pr, ['planted'])[0].body, { login: 'mallory', type: 'User' });
    const otherPr = fake.addComment(REPO, pr, parts(pr + 100, ['copied from elsewhere'])[0].body);
    const result = await publish(['real']);
    expect(result).to.include({ created: 1, updated: 0, deleted: 0 });
    const byId = new Map(fake.comments(REPO, pr).map((c) => [c.id, c.body]));
    expect(byId.get(planted.id)).to.contain('planted');
    expect(byId.get(otherPr.id)).to.contain('copied from elsewhere');
  });

  it('keeps the oldest of duplicate parts (left by a crashed run) and deletes the rest', async () => {
    const body = parts(pr, ['x'])[0].body;
    const oldest = fake.addComment(REPO, pr, body);
    const newer = fake.addComment(REPO, pr, body);
    const newest = fake.addComment(REPO, pr, body);
    const result = await publish(['x']);
    expect(result).to.include({ unchanged: 1, deleted: 2 });
    expect(fake.comments(REPO, pr).map((c) => c.id)).to.deep.equal([oldest.id]);
    expect(fake.writes().map((w) => w.path)).to.deep.equal([newer.id, newest.id].map((id) => `/repos/${REPO}/issues/comments/${id}`));
  });

  it('runs its calls in a fixed order: parts 1..N, then deletions by id', async () => {
    await publish(['a', 'b', 'c']);
    fake.addComment(REPO, pr, parts(pr, ['dup'])[0].body);
    const result = await publish(['A', 'b']);
    // Part 3's comment is older than the duplicate of part 1, so it goes first.
    expect(result.operations.map((o) => `${o.kind}:${o.part}`)).to.deep.equal(['update:1', 'unchanged:2', 'delete:3', 'delete:1']);
    const deletedIds = fake.writes().filter((w) => w.method === 'DELETE').map((w) => Number(w.path.split('/').pop()));
    expect(deletedIds).to.deep.equal([...deletedIds].sort((a, b) => a - b)).and.to.have.length(2);
  });

  it('writes nothing in a dry run but reports what it would do', async () => {
    await publish(['a']);
    const before = fake.writes().length;
    const result = await publish(['b', 'c'], { dryRun: true });
    expect(result).to.include({ created: 1, updated: 1 });
    expect(fake.writes().length).to.equal(before);
  });

  it('turns a GitHub failure into an error naming the operation and status', async () => {
    await publish(['a']);
    fake.failNext({ method: 'PATCH', status: 403, message: 'Resource not accessible by integration' });
    const error = await publish(['b']).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(GitHubApiError);
    expect((error as GitHubApiError).status).to.equal(403);
    expect((error as Error).message).to.match(/^GitHub API: update comment \d+ \(plan part 1\) on acme\/chatbot-platform#1 failed with HTTP 403: Resource not accessible by integration — the token lacks a permission/);
  });

  it('reports a 5xx while listing as a failed list, before any write', async () => {
    fake.failNext({ method: 'GET', path: '/comments', status: 502, message: 'Bad Gateway' });
    const error = await publish(['a']).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.match(/list comments of acme\/chatbot-platform#1 failed with HTTP 502: Bad Gateway — GitHub had an internal error/);
    expect(fake.writes()).to.deep.equal([]);
  });

  it('reports an unknown pull request as a 404', async () => {
    const error = await publishPlanComment({ octokit, owner: OWNER, repo: NAME, issueNumber: 99, parts: parts(99, ['a']) }).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.match(/HTTP 404: Not Found — not found, or the token cannot see it/);
  });

  it('refuses parts that the next run could not find again, before any request', async () => {
    const bad: CommentPart[] = [{ part: 1, total: 1, body: 'no marker here' }];
    const error = await publishPlanComment({ octokit, owner: OWNER, repo: NAME, issueNumber: pr, parts: bad })
      .then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.contain('part 1 does not start with the marker for pull request #1 part 1');
    expect(fake.requests).to.deep.equal([]);
  });

  it('refuses a part over GitHub\'s 65,536 character limit, before any request', async () => {
    const big = parts(pr, ['x'.repeat(70_000)]);
    const error = await publishPlanComment({ octokit, owner: OWNER, repo: NAME, issueNumber: pr, parts: big })
      .then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.match(/part 1 is 70\d+ characters; GitHub's limit is 65536/);
    expect(fake.requests).to.deep.equal([]);
  });
});
