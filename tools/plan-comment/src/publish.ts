/**
 * Publishes the rendered plan comment to a pull request as "sticky" comments: one per part,
 * found again on the next run by the hidden marker and updated in place, so a pull request
 * carries one plan comment however often it is re-planned.
 */
import { planPublication, validateParts, type ExistingComment, type PublishOperation } from './publish-plan';
import type { CommentPart } from './types';
import { callGitHub } from '../../github/src/api-error';
import type { GitHubClient } from '../../github/src/client';

export interface PublishPlanCommentProps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The pull request number (pull requests are issues to the comments API). */
  readonly issueNumber: number;
  /** The rendered parts, 1..N, each starting with its marker. */
  readonly parts: readonly CommentPart[];
  /**
   * Only comments by this login are treated as ours, so a comment someone else planted with a
   * copied marker is never edited or deleted. In a workflow this is `github-actions[bot]`.
   * @default any author
   */
  readonly author?: string;
  /**
   * Read the existing comments and work out the operations, but write nothing.
   * @default false
   */
  readonly dryRun?: boolean;
}

export interface PublishResult {
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly unchanged: number;
  /** What was done (or, in a dry run, would be done), in order. */
  readonly operations: readonly PublishOperation[];
}

/** All comments on the pull request, every page. */
async function listComments(props: PublishPlanCommentProps): Promise<readonly ExistingComment[]> {
  const { octokit, owner, repo, issueNumber } = props;
  return callGitHub(`list comments of ${owner}/${repo}#${issueNumber}`,
    () => octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: issueNumber, per_page: 100 }));
}

async function perform(props: PublishPlanCommentProps, operation: PublishOperation): Promise<void> {
  const { octokit, owner, repo, issueNumber } = props;
  const where = `${owner}/${repo}#${issueNumber}`;
  switch (operation.kind) {
    case 'unchanged':
      return;
    case 'update':
      await callGitHub(`update comment ${operation.commentId} (plan part ${operation.part}) on ${where}`,
        () => octokit.rest.issues.updateComment({ owner, repo, comment_id: operation.commentId, body: operation.body }));
      return;
    case 'create':
      await callGitHub(`create comment (plan part ${operation.part}) on ${where}`,
        () => octokit.rest.issues.createComment({ owner, repo, issue_number: issueNumber, body: operation.body }));
      return;
    case 'delete':
      await callGitHub(`delete ${operation.reason} comment ${operation.commentId} (plan part ${operation.part}) on ${where}`,
        () => octokit.rest.issues.deleteComment({ owner, repo, comment_id: operation.commentId }));
      return;
  }
}

function count(operations: readonly PublishOperation[], kind: PublishOperation['kind']): number {
  return operations.filter((operation) => operation.kind === kind).length;
}

/**
 * Brings the pull request's plan comments in line with `parts`: unchanged parts cost no write,
 * changed parts are edited in place (keeping their comment ids and position), missing parts are
 * created in order, and parts beyond the new total, or duplicates of a part, are deleted.
 * Calls run one at a time in a fixed order. A failed call throws a GitHubApiError naming it;
 * calls already made stay made, and the next run finishes the job.
 */
export async function publishPlanComment(props: PublishPlanCommentProps): Promise<PublishResult> {
  if (!Number.isInteger(props.issueNumber) || props.issueNumber < 1) {
    throw new Error(`publishPlanComment: issueNumber must be a positive integer, got ${props.issueNumber}`);
  }
  // Validate before the first request: a bad part must not leave a half-published comment.
  validateParts(props.issueNumber, props.parts);
  const existing = await listComments(props);
  const operations = planPublication({ pullRequest: props.issueNumber, parts: props.parts, existing, author: props.author });
  if (props.dryRun !== true) {
    for (const operation of operations) await perform(props, operation);
  }
  return {
    created: count(operations, 'create'),
    updated: count(operations, 'update'),
    deleted: count(operations, 'delete'),
    unchanged: count(operations, 'unchanged'),
    operations,
  };
}

/** One line for a log: "created 1, updated 2, deleted 0, unchanged 1". */
export function describePublishResult(result: PublishResult): string {
  return `created ${result.created}, updated ${result.updated}, deleted ${result.deleted}, unchanged ${result.unchanged}`;
}
