/**
 * Keeps one open issue per environment that says whether its infrastructure has drifted from the
 * code. The nightly drift check reports here: drift or a failed check opens (or refreshes) the
 * issue; a clean check closes it with a comment. Found again by label plus a hidden marker, so
 * a person renaming the issue does not make the next run open another.
 */
import type { GitHubClient } from './client';
import { fitBody } from './comment-body';
import { syncTrackingIssue, type TrackingIssueAction, type TrackingIssueResult } from './tracking-issue';

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

export type DriftIssueAction = TrackingIssueAction;
export type DriftIssueResult = TrackingIssueResult;

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

export async function reportDrift(props: DriftIssueProps): Promise<DriftIssueResult> {
  const { octokit, owner, repo, environment, status } = props;
  const tracked = { octokit, owner, repo, labels: [DRIFT_LABEL], marker: driftMarker(environment), what: 'drift issue' } as const;
  if (status === 'clean') {
    const run = props.runUrl ? ` ([workflow run](${props.runUrl}))` : '';
    return syncTrackingIssue(tracked, environment, { close: `No drift in **${environment}** any more${run}; closing.` });
  }
  return syncTrackingIssue(tracked, environment, { title: driftIssueTitle(environment, status), body: issueBody(props) });
}
