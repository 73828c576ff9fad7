/**
 * Keeps one open issue per environment that says whether its infrastructure has drifted from the
 * code. The nightly drift check reports here: drift or a failed check opens (or refreshes) the
 * issue; a clean check closes it with a comment. Found again by label plus a hidden marker, so
 * a person renaming the issue does not make the next run open another.
 */
import { syncTrackingIssue, trackingIssueBody, trackingMarker, type TrackingIssueProps, type TrackingIssueResult } from './tracking-issue';

export type DriftStatus = 'drift' | 'clean' | 'error';
export const DRIFT_STATUSES: readonly DriftStatus[] = ['drift', 'clean', 'error'];
export const DRIFT_LABEL = 'drift';

/** `report`: the drift check's report (Markdown). */
export type DriftIssueProps = TrackingIssueProps<DriftStatus>;

/** The hidden marker that identifies an environment's drift issue. */
export function driftMarker(environment: string): string {
  return trackingMarker('drift', environment);
}

export function driftIssueTitle(environment: string, status: DriftStatus): string {
  return status === 'error' ? `Drift check failed in ${environment}` : `Drift detected in ${environment}`;
}

function issueBody(props: DriftIssueProps): string {
  const run = props.runUrl ? `[workflow run](${props.runUrl})` : 'the workflow run';
  return trackingIssueBody({
    marker: driftMarker(props.environment),
    headline: props.status === 'error'
      ? `The drift check for **${props.environment}** failed, so drift could not be ruled out. Details from ${run}:`
      : `The infrastructure of **${props.environment}** differs from the code on the default branch. Plan from ${run}:`,
    content: props.report.trim(),
    footer: 'This issue is updated by each drift check and closed by the first clean one. To resolve: apply the code (merge a fix, or re-apply), or change the code to match.',
    runUrl: props.runUrl,
  });
}

export async function reportDrift(props: DriftIssueProps): Promise<TrackingIssueResult> {
  const { octokit, owner, repo, environment, status } = props;
  const tracked = { octokit, owner, repo, labels: [DRIFT_LABEL], marker: driftMarker(environment), what: 'drift issue' } as const;
  if (status === 'clean') {
    const run = props.runUrl ? ` ([workflow run](${props.runUrl}))` : '';
    return syncTrackingIssue(tracked, environment, { close: `No drift in **${environment}** any more${run}; closing.` });
  }
  return syncTrackingIssue(tracked, environment, { title: driftIssueTitle(environment, status), body: issueBody(props) });
}
