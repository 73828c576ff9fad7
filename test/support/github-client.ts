/** A real Octokit client pointed at a running fake GitHub, as the tools build it in production. */
import { FAKE_TOKEN, type FakeGitHub } from './fake-github';
import { createGitHubClient, type GitHubClient } from '../../tools/github/src/client';

export function fakeGitHubClient(fake: FakeGitHub, token: string = FAKE_TOKEN): GitHubClient {
  return createGitHubClient({ token, baseUrl: fake.url, tool: 'test' });
}
