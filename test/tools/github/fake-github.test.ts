import { expect } from 'chai';
import { FAKE_TOKEN, FakeGitHub, sha256Digest } from '../../support/fake-github';

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

  it('serves files by branch or commit with git\'s blob SHA, and 404s for a missing file or ref', async () => {
    fake.addCommit('acme/app', 'c'.repeat(40), { '.github/workflows/plan.yml': 'hi' }, 'main');
    const file = await (await get('/repos/acme/app/contents/.github%2Fworkflows%2Fplan.yml?ref=main')).json() as Record<string, unknown>;
    // `printf hi | git hash-object --stdin`
    expect(file).to.include({ type: 'file', encoding: 'base64', path: '.github/workflows/plan.yml', sha: '32f95c0d1244a78b2be1bab8de17906fabb2c4a8', content: 'aGk=' });
    expect((await get(`/repos/acme/app/contents/.github/workflows/plan.yml?ref=${'c'.repeat(40)}`)).status).to.equal(200);
    expect((await get('/repos/acme/app/contents/README.md?ref=main')).status).to.equal(404);
    expect(await (await get('/repos/acme/app/contents/README.md?ref=nope')).json()).to.include({ message: 'No commit found for the ref nope' });
    expect(await (await get('/repos/acme/app')).json()).to.include({ full_name: 'acme/app', default_branch: 'main' });
  });

  it('shapes runs like GitHub: path, head_repository, and the pull requests of a same-repository head', async () => {
    const own = fake.addWorkflowRun('acme/app', { head_sha: 'a'.repeat(40) });
    const fork = fake.addWorkflowRun('acme/app', { head_sha: 'a'.repeat(40), headRepository: 'mallory/app' });
    const json = async (id: number) => await (await get(`/repos/acme/app/actions/runs/${id}`)).json() as Record<string, any>;
    const ownJson = await json(own.id);
    expect(ownJson).to.include({ path: '.github/workflows/plan.yml', event: 'pull_request' });
    expect(ownJson.head_repository).to.include({ full_name: 'acme/app', id: fake.repository('acme/app').id });
    expect(ownJson.pull_requests.map((p: { number: number }) => p.number)).to.deep.equal([1]);
    expect((await json(fork.id)).head_repository).to.include({ full_name: 'mallory/app' });
    expect((await json(fork.id)).pull_requests).to.deep.equal([]);
    const jobs = await (await get(`/repos/acme/app/actions/runs/${own.id}/jobs`)).json() as { total_count: number; jobs: Array<{ name: string; conclusion: string }> };
    expect(jobs.jobs.map((j) => [j.name, j.conclusion])).to.deep.equal([['Resolve the pull request', 'success'], [`Plan every stack at ${'a'.repeat(40)}`, 'success']]);
  });

  it('redirects an artifact download to signed blob storage that needs no token', async () => {
    const run = fake.addWorkflowRun('acme/app', { head_sha: 'a'.repeat(40) });
    const zip = Buffer.from('PK fake zip');
    const artifact = fake.addArtifact('acme/app', run.id, 'plan-x', { zip });
    expect(await (await get(`/repos/acme/app/actions/artifacts/${artifact.id}`)).json()).to.include({ digest: sha256Digest(zip), size_in_bytes: zip.length });
    const redirect = await fetch(`${fake.url}/repos/acme/app/actions/artifacts/${artifact.id}/zip`, { headers: { authorization: `token ${FAKE_TOKEN}` }, redirect: 'manual' });
    expect(redirect.status).to.equal(302);
    const location = redirect.headers.get('location')!;
    expect(location).to.match(new RegExp(`^${fake.url}/_blob/artifacts/${artifact.id}\\?sig=[0-9a-f]{16}$`));
    const blob = await fetch(location);
    expect(blob.headers.get('content-type')).to.equal('application/zip');
    expect(Buffer.from(await blob.arrayBuffer())).to.deep.equal(zip);
    expect((await fetch(location.replace(/sig=.*/, 'sig=guess'))).status).to.equal(403);
    const expired = fake.addArtifact('acme/app', run.id, 'plan-y', { expired: true });
    expect((await get(`/repos/acme/app/actions/artifacts/${expired.id}/zip`)).status).to.equal(410);
  });
});
