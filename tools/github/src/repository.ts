/** An `owner/repo` name, validated once at the CLI edge. */
import { UsageError } from './cli-io';

export interface RepositoryName {
  readonly owner: string;
  readonly repo: string;
}

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/** Parses `owner/repo`; `source` names where it came from (`--repo`, `GITHUB_REPOSITORY`). */
export function parseRepositoryName(text: string, source: string): RepositoryName {
  const [owner, repo, ...rest] = text.trim().split('/');
  if (rest.length > 0 || !owner || !repo || !OWNER.test(owner) || !REPO.test(repo) || repo === '.' || repo === '..') {
    throw new UsageError(`${source} must be "owner/repo", got "${text}"`);
  }
  return { owner, repo };
}
