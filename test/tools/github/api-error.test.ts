import { expect } from 'chai';
import { callGitHub, describeApiFailure, GitHubApiError } from '../../../tools/github/src/api-error';
import { createGitHubClient } from '../../../tools/github/src/client';
import { FAKE_TOKEN, FakeGitHub } from '../../support/fake-github';
import { fakeGitHubClient } from '../../support/github-client';

describe('GitHub API errors', () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await FakeGitHub.start();
    fake.addPullRequest('acme/app');
  });
  afterEach(async () => fake.close());

  it('includes GitHub\'s validation details for a 422', async () => {
    const octokit = fakeGitHubClient(fake);
    const error = await callGitHub('comment on acme/app#1', () => octokit.rest.issues.createComment({ owner: 'acme', repo: 'app', issue_number: 1, body: '' }))
      .then(() => undefined, (e: unknown) => e as GitHubApiError);
    expect(error).to.be.instanceOf(GitHubApiError);
    expect(error).to.include({ status: 422, operation: 'comment on acme/app#1' });
    expect(error?.message).to.equal('GitHub API: comment on acme/app#1 failed with HTTP 422: Validation Failed (body missing_field) — GitHub rejected the request as invalid');
  });

  it('says there was no response when GitHub cannot be reached', async () => {
    const octokit = fakeGitHubClient(fake);
    await fake.close();
    const error = await callGitHub('get pull request acme/app#1', () => octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 1 }))
      .then(() => undefined, (e: unknown) => e as GitHubApiError);
    expect(error).to.include({ status: 0 });
    expect(error?.message).to.match(/^GitHub API: get pull request acme\/app#1 failed: no response from GitHub \(/);
    fake = await FakeGitHub.start();
  });

  it('never puts the token in the message', async () => {
    const octokit = fakeGitHubClient(fake, 'ghs_secret_token_value_1234');
    const error = await callGitHub('list comments', () => octokit.rest.issues.listComments({ owner: 'acme', repo: 'app', issue_number: 1 }))
      .then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.contain('HTTP 401: Bad credentials').and.not.to.contain('ghs_secret_token_value_1234');
  });

  it('passes through errors that are not HTTP errors', () => {
    const plain = new TypeError('boom');
    expect(describeApiFailure('anything', plain)).to.equal(plain);
  });

  it('sends the token and a user agent naming the tool', async () => {
    const octokit = createGitHubClient({ token: FAKE_TOKEN, baseUrl: `${fake.url}/`, tool: 'plan-comment' });
    await octokit.rest.pulls.get({ owner: 'acme', repo: 'app', pull_number: 1 });
    const [request] = fake.requests;
    expect(request).to.include({ path: '/repos/acme/app/pulls/1', status: 200, authScheme: 'token' });
    expect(request.userAgent).to.match(/^ai-chatbot-platform-tools\/plan-comment /);
  });

  it('refuses to build a client without a token', () => {
    expect(() => createGitHubClient({ token: ' ', tool: 'x' })).to.throw('the token is empty');
  });
});
