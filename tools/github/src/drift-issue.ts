/**
 * Keeps one open issue per environment that says whether its infrastructure has drifted from the
 * code. The nightly drift check reports here: drift or a failed check opens (or refreshes) the
 * issue; a clean check closes it with a comment. Found again by label plus a hidden marker, so
 * a person renaming the issue does not make the next run open another.
 */
import { callGitHub } from './api-error';
import type { GitHubClient } from './client';
import { fitBody } from './comment-body';

export type DriftStatus = 'drift' | 'clean' | 'error';
export const DRIFT_STATUSES: readonly DriftStatus[] = ['drift', 'clean', 'error'];
export const DRIFT_LABEL = 'drift';

export interface DriftIssueProps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** Environment name, e.g. `dev`. */
  readonly environment: string;
  readonly status: DriftStatus;
  /** The drift check's report (Markdown). */
  readonly report: string;
  /** The workflow run that produced the report. */
  readonly runUrl?: string;
}

export type DriftIssueAction = 'created' | 'updated' | 'unchanged' | 'closed' | 'none';

export interface DriftIssueResult {
  readonly action: DriftIssueAction;
  /** The issue acted on; absent when there was nothing to do. */
  readonly issueNumber?: number;
  readonly issueUrl?: string;
}

export const ENVIRONMENT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/** The hidden marker that identifies an environment's drift issue. */
export function driftMarker(environment: string): string {
  if (!ENVIRONMENT_NAME_PATTERN.test(environment)) throw new Error(`driftMarker: invalid environment name "${environment}"`);
  return `<!-- ai-chatbot-platform:drift env=${environment} -->`;
}

export function driftIssueTitle(environment: string, status: DriftStatus): string {
  return status === 'error' ? `Drift check failed in ${environment}` : `Drift detected in ${environment}`;
}

function issueBody(props: DriftIssueProps): string {
  const run = props.runUrl ? `[workflow run](${props.runUrl})` : 'the workflow run';
  const headline = props.status === 'error'
    ? `The drift check for **${props.environment}** failed, so drift could not be ruled out. Details from ${run}:`
    : `The infrastructure of **${props.environment}** differs from the code on the default branch. Plan from ${run}:`;
  const footer = 'This issue is updated by each drift check and closed by the first clean one. To resolve: apply the code (merge a fix, or re-apply), or change the code to match.';
  const head = `${driftMarker(props.environment)}\n${headline}\n\n`;
  const tail = `\n\n---\n${footer}`;
  return `${head}${fitBody(props.report.trim(), props.runUrl ?? 'the workflow run', 65_536 - head.length - tail.length)}${tail}`;
}

type Issue = Awaited<ReturnType<GitHubClient['rest']['issues']['get']>>['data'];

/** The environment's open drift issue (the oldest, if someone made a second one by hand). */
async function findOpenIssue(props: DriftIssueProps): Promise<Issue | undefined> {
  const { octokit, owner, repo, environment } = props;
  const marker = driftMarker(environment);
  const issues = await callGitHub(`list open ${DRIFT_LABEL} issues in ${owner}/${repo}`,
    () => octokit.paginate(octokit.rest.issues.listForRepo, { owner, repo, state: 'open', labels: DRIFT_LABEL, per_page: 100 }));
  return issues
    .filter((issue) => issue.pull_request === undefined && (issue.body ?? '').startsWith(marker))
    .sort((a, b) => a.number - b.number)[0] as Issue | undefined;
}

export async function reportDrift(props: DriftIssueProps): Promise<DriftIssueResult> {
  const { octokit, owner, repo, environment, status } = props;
  const existing = await findOpenIssue(props);
  if (status === 'clean') {
    if (existing === undefined) return { action: 'none' };
    const where = `${owner}/${repo}#${existing.number}`;
    const run = props.runUrl ? ` ([workflow run](${props.runUrl}))` : '';
    await callGitHub(`comment on drift issue ${where}`, () => octokit.rest.issues.createComment({
      owner, repo, issue_number: existing.number, body: `No drift in **${environment}** any more${run}; closing.`,
    }));
    await callGitHub(`close drift issue ${where}`,
      () => octokit.rest.issues.update({ owner, repo, issue_number: existing.number, state: 'closed', state_reason: 'completed' }));
    return { action: 'closed', issueNumber: existing.number, issueUrl: existing.html_url };
  }
  const title = driftIssueTitle(environment, status);
  const body = issueBody(props);
  if (existing === undefined) {
    const { data } = await callGitHub(`create drift issue for ${environment} in ${owner}/${repo}`,
      () => octokit.rest.issues.create({ owner, repo, title, body, labels: [DRIFT_LABEL] }));
    return { action: 'created', issueNumber: data.number, issueUrl: data.html_url };
  }
  if (existing.title === title && existing.body === body) return { action: 'unchanged', issueNumber: existing.number, issueUrl: existing.html_url };
  await callGitHub(`update drift issue ${owner}/${repo}#${existing.number}`,
    () => octokit.rest.issues.update({ owner, repo, issue_number: existing.number, title, body }));
  return { action: 'updated', issueNumber: existing.number, issueUrl: existing.html_url };
}
