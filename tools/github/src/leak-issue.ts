/**
 * Keeps one open issue per environment while its teardown leaves resources behind (or cannot be
 * verified). lifecycle.yml's destroy reports here after the leak report: leftovers or an
 * incomplete report open (or refresh) the issue with the report's table, what it costs and the
 * commands that delete each resource; a clean report closes it with a comment. Found again by
 * label plus a hidden marker, like the drift issue, so renaming it does not make the next run open
 * another.
 */
import { syncTrackingIssue, trackingIssueBody, trackingMarker, type TrackingIssueProps, type TrackingIssueResult } from './tracking-issue';

/** clean/leftovers/incomplete: the leak report's own statuses; error: the destroy died before it could report. */
export type LeakStatus = 'clean' | 'leftovers' | 'incomplete' | 'error';
export const LEAK_STATUSES: readonly LeakStatus[] = ['clean', 'leftovers', 'incomplete', 'error'];
/** The label the issue is found by, and the one that says what it costs. */
export const LEAK_LABEL = 'teardown-leftovers';
export const LEAK_LABELS = [LEAK_LABEL, 'cost'] as const;

/** `report`: the leak report as text (`npx projen leak-report <env>`): header lines, a Markdown table, the checks. */
export type LeakIssueProps = TrackingIssueProps<LeakStatus>;

export function leakMarker(environment: string): string {
  return trackingMarker('teardown-leftovers', environment);
}

export function leakIssueTitle(environment: string, status: Exclude<LeakStatus, 'clean'>): string {
  return status === 'leftovers' ? `Resources left after the teardown of ${environment}` : `Teardown of ${environment} could not be verified`;
}

/**
 * The body: why the issue is open, the report's table (its Markdown lines, as they are), and the
 * whole report folded below it.
 */
export function leakIssueBody(props: Pick<LeakIssueProps, 'environment' | 'status' | 'report' | 'runUrl'>): string {
  const run = props.runUrl ? `[workflow run](${props.runUrl})` : 'the workflow run';
  const headline =
    props.status === 'leftovers'
      ? `The teardown of **${props.environment}** left resources behind; they are billed until deleted. From ${run}:`
      : props.status === 'incomplete'
        ? `The leak report after the teardown of **${props.environment}** could not check everything (see NOT CHECKED below), so the account cannot be called clean. From ${run}:`
        : `The teardown of **${props.environment}** failed before the leak report could run; the environment may be partly up. See ${run}.`;
  const lines = props.report.trimEnd().split('\n');
  const table = lines.filter((l) => l.startsWith('|'));
  const summary = lines.filter((l) => /^(Estimated cost|Result:)/.test(l));
  const parts = [
    ...(table.length > 0 ? [table.join('\n')] : []),
    ...(summary.length > 0 ? [summary.join('\n\n')] : []),
    `<details><summary>The whole report</summary>\n\n\`\`\`\n${props.report.trimEnd()}\n\`\`\`\n\n</details>`,
  ];
  return trackingIssueBody({
    marker: leakMarker(props.environment),
    headline,
    content: parts.join('\n\n'),
    footer: `This issue is updated by every teardown of ${props.environment} and closed by the first one whose leak report is clean. Delete what is listed with the commands in the last column, then run \`npx projen leak-report ${props.environment}\`.`,
    runUrl: props.runUrl,
  });
}

export async function reportLeaks(props: LeakIssueProps): Promise<TrackingIssueResult> {
  const { octokit, owner, repo, environment, status } = props;
  const tracked = { octokit, owner, repo, labels: LEAK_LABELS, marker: leakMarker(environment), what: 'teardown issue' } as const;
  if (status === 'clean') {
    const run = props.runUrl ? ` ([workflow run](${props.runUrl}))` : '';
    return syncTrackingIssue(tracked, environment, { close: `The leak report of **${environment}** is clean${run}: nothing is left; closing.` });
  }
  return syncTrackingIssue(tracked, environment, { title: leakIssueTitle(environment, status), body: leakIssueBody(props) });
}
