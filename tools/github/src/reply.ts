/** Posts a comment on a pull request (the result of an apply, a refusal). */
import { callGitHub } from './api-error';
import type { GitHubClient } from './client';
import { fitBody } from './comment-body';

export interface ReplyProps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** Pull request (or issue) number. */
  readonly issueNumber: number;
  readonly body: string;
  /** Where the full text is, named in the note when the body has to be cut (the run page). */
  readonly fullTextUrl?: string;
}

export interface PostedComment {
  readonly id: number;
  readonly url: string;
}

export async function postReply(props: ReplyProps): Promise<PostedComment> {
  const { octokit, owner, repo, issueNumber } = props;
  if (props.body.trim() === '') throw new Error('postReply: the comment body is empty');
  const { data } = await callGitHub(`comment on ${owner}/${repo}#${issueNumber}`,
    () => octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: fitBody(props.body, props.fullTextUrl ?? 'the workflow run') }));
  return { id: data.id, url: data.html_url };
}
