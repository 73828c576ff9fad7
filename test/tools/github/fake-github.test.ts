import { expect } from 'chai';
import { FAKE_TOKEN, FakeGitHub } from '../../support/fake-github';

/** The fake's own contract with the tests: it must answer like GitHub where the tools depend on it. */
describe('fake GitHub', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    const pr = fake.addPullRequest('acme/app');
    for (let i = 0; i < 5; i++) fake.addComment('acme/app', pr, `c${i}`);
  });
  afterEach(async () => fake.close());

  /** `auth: null` sends no Authorization header. */
  const get = (path: string, auth: string | null = `token ${FAKE_TOKEN}`) =>
    fetch(`${fake.url}${path}`, { headers: auth === null ? {} : { authorization: auth } });

  it('listens on loopback only', () => {
    expect(new URL(fake.url).hostname).to.equal('127.0.0.1');
  });

  it('requires a known token (token or Bearer)', async () => {
    expect((await get('/repos/acme/app/issues/1/comments', null)).status).to.equal(401);
    expect(await (await get('/repos/acme/app/issues/1/comments', 'token nope')).json()).to.include({ message: 'Bad credentials' });
    expect((await get('/repos/acme/app/issues/1/comments', `Bearer ${FAKE_TOKEN}`)).status).to.equal(200);
  });

  it('paginates with per_page/page and a Link header', async () => {
    const first = await get('/repos/acme/app/issues/1/comments?per_page=2');
    expect((await first.json() as Array<{ body: string }>).map((c) => c.body)).to.deep.equal(['c0', 'c1']);
    expect(first.headers.get('link')).to.equal(
      `<${fake.url}/repos/acme/app/issues/1/comments?per_page=2&page=2>; rel="next", <${fake.url}/repos/acme/app/issues/1/comments?per_page=2&page=3>; rel="last"`);
    const last = await get('/repos/acme/app/issues/1/comments?per_page=2&page=3');
    expect((await last.json() as Array<{ body: string }>).map((c) => c.body)).to.deep.equal(['c4']);
    expect(last.headers.get('link')).to.contain('rel="prev"').and.not.to.contain('rel="next"');
  });

  it('answers 404 for unknown repositories, resources and routes', async () => {
    expect((await get('/repos/acme/other/issues/1/comments')).status).to.equal(404);
    expect((await get('/repos/acme/app/issues/99/comments')).status).to.equal(404);
    expect((await get('/repos/acme/app/teleport')).status).to.equal(404);
  });

  it('fails the next matching request once, then recovers', async () => {
    fake.failNext({ method: 'GET', path: '/comments', status: 500 });
    expect((await get('/repos/acme/app/issues/1/comments')).status).to.equal(500);
    expect((await get('/repos/acme/app/issues/1/comments')).status).to.equal(200);
  });

  it('returns GitHub\'s comment shape', async () => {
    const [comment] = await (await get('/repos/acme/app/issues/1/comments')).json() as Array<Record<string, unknown>>;
    expect(comment).to.include.keys('id', 'node_id', 'html_url', 'body', 'user', 'created_at', 'updated_at');
    expect(comment.user).to.include({ login: 'github-actions[bot]', type: 'Bot' });
    expect(comment.html_url).to.match(/^https:\/\/github\.com\/acme\/app\/pull\/1#issuecomment-\d+$/);
  });
});
