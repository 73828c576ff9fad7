/**
 * One open issue per environment that tracks a condition (drift, teardown leftovers): found again
 * by label plus a hidden marker at the start of its body, so renaming it does not make the next
 * run open another. A run that finds the condition creates or refreshes the issue; a clean run
 * closes it with a comment.
 */
import { callGitHub } from './api-error';
import type { GitHubClient } from './client';
import { fitBody, GITHUB_BODY_MAX_CHARS } from './comment-body';

export const ENVIRONMENT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** What a report step hands over: the repository, the environment, the report's status and text. */
export interface TrackingIssueProps<Status extends string> {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** Environment name, e.g. `dev`. */
  readonly environment: string;
  readonly status: Status;
  /** The report, as the issue shows it. */
  readonly report: string;
  /** The workflow run that produced the report. */
  readonly runUrl?: string;
}

export type TrackingIssueAction = 'created' | 'updated' | 'unchanged' | 'closed' | 'none';

export interface TrackingIssueResult {
  readonly action: TrackingIssueAction;
  /** The issue acted on; absent when there was nothing to do. */
  readonly issueNumber?: number;
  readonly issueUrl?: string;
}

export interface TrackingIssue {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The label the issue is found by (the first of `labels`). */
  readonly labels: readonly [string, ...string[]];
  /** The hidden marker its body starts with. */
  readonly marker: string;
  /** What the issue is about, in error messages: `drift issue`, `teardown issue`. */
  readonly what: string;
}

/** The hidden marker that identifies an environment's issue of one kind (`drift`, `teardown-leftovers`). */
export function trackingMarker(kind: string, environment: string): string {
  if (!ENVIRONMENT_NAME_PATTERN.test(environment)) throw new Error(`${kind} marker: invalid environment name "${environment}"`);
  return `<!-- ai-chatbot-platform:${kind} env=${environment} -->`;
}

/**
 * An issue body: the marker, the headline, `content` cut to GitHub's body limit (pointing at the
 * run for the rest), a rule and the footer.
 */
export function trackingIssueBody(parts: { marker: string; headline: string; content: string; footer: string; runUrl?: string }): string {
  const head = `${parts.marker}\n${parts.headline}\n\n`;
  const tail = `\n\n---\n${parts.footer}`;
  return `${head}${fitBody(parts.content, parts.runUrl ?? 'the workflow run', GITHUB_BODY_MAX_CHARS - head.length - tail.length)}${tail}`;
}

/** What the issue should say now, or `close` with the comment that says why. */
export type TrackingIssueState = { readonly title: string; readonly body: string } | { readonly close: string };

type Issue = Awaited<ReturnType<GitHubClient['rest']['issues']['get']>>['data'];

/** The open issue (the oldest, if someone made a second one by hand). */
async function findOpenIssue(tracked: TrackingIssue): Promise<Issue | undefined> {
  const { octokit, owner, repo, marker } = tracked;
  const label = tracked.labels[0];
  const issues = await callGitHub(`list open ${label} issues in ${owner}/${repo}`,
    () => octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', labels: label, per_page: 100 }));
  return issues
    .filter((issue) => issue.pull_request === undefined && (issue.body ?? '').startsWith(marker))
    .sort((a, b) => a.number - b.number)[0] as Issue | undefined;
}

export async function syncTrackingIssue(tracked: TrackingIssue, environment: string, state: TrackingIssueState): Promise<TrackingIssueResult> {
  const { octokit, owner, repo, what } = tracked;
  const existing = await findOpenIssue(tracked);
  if ('close' in state) {
    if (existing === undefined) return { action: 'none' };
    const where = `${owner}/${repo}#${existing.number}`;
    await callGitHub(`comment on ${what} ${where}`, () => octokit.rest.issues.createComment({ owner, repo, issue_number: existing.number, body: state.close }));
    await callGitHub(`close ${what} ${where}`,
      () => octokit.rest.issues.update({ owner, repo, issue_number: existing.number, state: 'closed', state_reason: 'completed' }));
    return { action: 'closed', issueNumber: existing.number, issueUrl: existing.html_url };
  }
  const { title, body } = state;
  if (existing === undefined) {
    const { data } = await callGitHub(`create ${what} for ${environment} in ${owner}/${repo}`,
      () => octokit.rest.issues.create({ owner, repo, title, body, labels: [...tracked.labels] }));
    return { action: 'created', issueNumber: data.number, issueUrl: data.html_url };
  }
  if (existing.title === title && existing.body === body) return { action: 'unchanged', issueNumber: existing.number, issueUrl: existing.html_url };
  await callGitHub(`update ${what} ${owner}/${repo}#${existing.number}`,
    () => octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title, body }));
  return { action: 'updated', issueNumber: existing.number, issueUrl: existing.html_url };
}
