/**
 * The git blob SHA of one file at a commit or branch, from the contents API
 * (`GET /repos/{o}/{r}/contents/{path}?ref=<ref>` → `sha`). Two commits whose blob SHAs agree hold
 * byte-identical files, so this tells whether a run executed the default branch's workflow file.
 * Answers are cached per ref: one gate asks about the same few commits.
 */
import { describeApiFailure } from './api-error';
import type { GitHubClient } from './client';

export class WorkflowBlobs {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly octokit: GitHubClient,
    private readonly owner: string,
    private readonly repo: string,
    /** Path inside the repository, e.g. `.github/workflows/plan.yml`. */
    public readonly path: string,
  ) {}

  /** The file's blob SHA at `ref`, or undefined when the file (or the ref) does not exist there. */
  public at(ref: string): Promise<string | undefined> {
    let blob = this.cache.get(ref);
    if (blob === undefined) {
      blob = this.fetch(ref);
      this.cache.set(ref, blob);
    }
    return blob;
  }

  private async fetch(ref: string): Promise<string | undefined> {
    const { octokit, owner, repo, path } = this;
    try {
      const { data } = await octokit.rest.repos.getContent({ owner, repo, path, ref });
      // A directory answers with an array; a symlink or submodule is not the workflow file either.
      return !Array.isArray(data) && data.type === 'file' ? data.sha : undefined;
    } catch (error) {
      if ((error as { status?: unknown }).status === 404) return undefined;
      throw describeApiFailure(`read ${path} at ${ref} in ${owner}/${repo}`, error);
    }
  }
}
