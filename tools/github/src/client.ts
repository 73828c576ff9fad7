/**
 * The one place an Octokit client is built, so every tool talks to GitHub the same way: token
 * auth, the API root of the server the workflow runs on (GitHub Enterprise sets GITHUB_API_URL),
 * and a user agent that names the tool in GitHub's audit log.
 */
import { Octokit } from '@octokit/rest';

export interface GitHubClientProps {
  /** A GitHub token (the workflow's GITHUB_TOKEN). Never logged. */
  readonly token: string;
  /**
   * REST API root.
   * @default 'https://api.github.com'
   */
  readonly baseUrl?: string;
  /** Which tool is calling, e.g. `plan-comment`; becomes part of the user agent. */
  readonly tool: string;
  /**
   * Where Octokit's warnings (deprecations) go.
   * @default dropped
   */
  readonly warn?: (message: string) => void;
}

export const DEFAULT_API_URL = 'https://api.github.com';

/** The client type every tool function accepts (the real client in production and tests). */
export type GitHubClient = Octokit;

export function createGitHubClient(props: GitHubClientProps): GitHubClient {
  if (props.token.trim() === '') throw new Error('createGitHubClient: the token is empty');
  return new Octokit({
    auth: props.token,
    // A trailing slash would double up in every route ("//repos/...").
    baseUrl: (props.baseUrl ?? DEFAULT_API_URL).replace(/\/+$/, ''),
    userAgent: `ai-chatbot-platform-tools/${props.tool}`,
    // Octokit's default logger writes to the console in the middle of the tool's own output;
    // failures reach the caller as exceptions anyway, so only warnings are kept, where asked.
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (message: string) => props.warn?.(message),
      error: () => undefined,
    },
  });
}
