/**
 * Decides whether an `/apply` comment may apply the saved plan, with every reason it may not.
 * The checks: the commenter can write to the repository; the pull request is open, mergeable and
 * approved at its CURRENT head by someone who can write (review-verdict.ts; no outstanding change
 * requests); and a plan of that head exists that the default branch's plan workflow made for this
 * pull request (plan-run.ts), so what gets applied is exactly what reviewers saw, planned by
 * reviewed workflow code. The decision names the artifact by id and digest: download-plan
 * fetches exactly that one and checks the zip against the digest.
 */
import { callGitHub } from './api-error';
import type { GitHubClient } from './client';
import { findPlanRun, lastPlannedSha, planArtifactName, workflowPath } from './plan-run';
import { canWrite, getRepositoryPermission, roleOf, type RepositoryPermission } from './repository-permission';
import { approversToCheck, reviewRefusals, reviewVerdict } from './review-verdict';

export interface ApplyGateProps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  /** Who commented `/apply`. */
  readonly actor: string;
  /**
   * The plan workflow's file name under .github/workflows/.
   * @default 'plan.yml'
   */
  readonly planWorkflow?: string;
  /** Stacks named in the command; checked against `knownStacks` when both are given. */
  readonly stacks?: readonly string[];
  /** Stacks the synthesized app has (cdktf.out/manifest.json). */
  readonly knownStacks?: readonly string[];
  /**
   * GitHub computes mergeability in the background and answers `null` until it is done; how
   * many times to ask again.
   * @default 3
   */
  readonly mergeableRetries?: number;
  /** Waits between those retries. @default 2 s */
  readonly wait?: () => Promise<void>;
}

export interface ApplyGateDecision {
  readonly allowed: boolean;
  /** Why not (every reason), or what allowed it; one line each. */
  readonly reasons: readonly string[];
  /** The pull request's head when checked; the apply must check out exactly this. */
  readonly headSha?: string;
  readonly planRunId?: number;
  readonly planRunUrl?: string;
  readonly artifactName?: string;
  /** The plan artifact's id: download exactly this one. */
  readonly artifactId?: number;
  /** `sha256:<hex>` of the artifact's zip, as GitHub recorded it at upload. */
  readonly artifactDigest?: string;
  /** Approvals that do not count, one line each saying why (stale, reader, author). */
  readonly ignoredApprovals?: readonly string[];
}

const MERGEABLE_STATES = new Set(['clean', 'has_hooks', 'unstable']);
const MERGEABLE_STATE_REASONS: Readonly<Record<string, string>> = {
  dirty: 'merge conflicts',
  behind: 'the branch is behind its base; update it',
  blocked: 'blocked by branch protection (required checks or reviews)',
  draft: 'the pull request is a draft',
  unknown: 'GitHub has not worked out mergeability yet; comment /apply again in a minute',
};

const short = (sha: string): string => sha.slice(0, 7);

async function permissionRefusal(props: ApplyGateProps): Promise<string | undefined> {
  const { octokit, owner, repo, actor } = props;
  const access = await getRepositoryPermission({ octokit, owner, repo, login: actor });
  if (access === undefined) return `@${actor} is not a collaborator on ${owner}/${repo}; /apply needs write`;
  return canWrite(access) ? undefined : `@${actor} has ${roleOf(access)} permission; /apply needs write`;
}

type PullRequest = Awaited<ReturnType<GitHubClient['rest']['pulls']['get']>>['data'];

/** The pull request, asked again while GitHub is still computing `mergeable`. */
async function getPullRequest(props: ApplyGateProps): Promise<PullRequest> {
  const { octokit, owner, repo, pullNumber } = props;
  const get = async () => (await callGitHub(`get pull request ${owner}/${repo}#${pullNumber}`,
    () => octokit.rest.pulls.get({ owner, repo, pull_number: pullNumber }))).data;
  let pull = await get();
  const wait = props.wait ?? (() => new Promise<void>((resolve) => setTimeout(resolve, 2000)));
  for (let attempt = 0; pull.state === 'open' && pull.mergeable === null && attempt < (props.mergeableRetries ?? 3); attempt++) {
    await wait();
    pull = await get();
  }
  return pull;
}

function mergeRefusal(pull: PullRequest): string | undefined {
  if (pull.mergeable === true && MERGEABLE_STATES.has(pull.mergeable_state)) return undefined;
  if (pull.mergeable === null) return `not mergeable: ${MERGEABLE_STATE_REASONS.unknown}`;
  if (pull.mergeable === false && pull.mergeable_state !== 'draft') return `not mergeable: ${MERGEABLE_STATE_REASONS.dirty}`;
  return `not mergeable: ${MERGEABLE_STATE_REASONS[pull.mergeable_state] ?? `merge state is "${pull.mergeable_state}"`}`;
}

function stackRefusal(props: ApplyGateProps): string | undefined {
  if (props.stacks === undefined || props.knownStacks === undefined) return undefined;
  const unknown = props.stacks.filter((stack) => !props.knownStacks!.includes(stack));
  if (unknown.length === 0) return undefined;
  return `unknown stack${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (stacks: ${[...props.knownStacks].sort().join(', ')})`;
}

export async function evaluateApplyGate(props: ApplyGateProps): Promise<ApplyGateDecision> {
  const { octokit, owner, repo, pullNumber } = props;
  const workflow = props.planWorkflow ?? 'plan.yml';
  // Someone without write access learns nothing more, and costs no further API calls.
  const permission = await permissionRefusal(props);
  if (permission !== undefined) return { allowed: false, reasons: [permission] };

  const pull = await getPullRequest(props);
  const headSha = pull.head.sha;
  if (pull.state !== 'open') return { allowed: false, reasons: [`pull request #${pullNumber} is ${pull.merged ? 'merged' : 'closed'}`], headSha };

  const reviews = await callGitHub(`list reviews of ${owner}/${repo}#${pullNumber}`,
    () => octokit.paginate(octokit.rest.pulls.listReviews, { owner, repo, pull_number: pullNumber, per_page: 100 }));
  const reviewContext = { headSha, author: pull.user?.login ?? '' };
  // Asked one by one: a pull request has a handful of approvers, and the answers are per user.
  const permissions = new Map<string, RepositoryPermission | undefined>();
  for (const login of approversToCheck(reviews, reviewContext)) {
    permissions.set(login, await getRepositoryPermission({ octokit, owner, repo, login }));
  }
  const verdict = reviewVerdict(reviews, { ...reviewContext, repository: `${owner}/${repo}`, permissions });
  const reasons = [...reviewRefusals(verdict, headSha), mergeRefusal(pull), stackRefusal(props)].filter((r): r is string => r !== undefined);
  const ignoredApprovals = verdict.ignoredApprovals;

  const artifactName = planArtifactName(headSha);
  const { plan, refused } = await findPlanRun({ octokit, owner, repo, pullNumber, headSha, workflowFile: workflow });
  if (plan === undefined && refused.length > 0) {
    reasons.push(...refused.map((why) => `no trusted plan of ${short(headSha)} from ${workflowPath(workflow)}: ${why}`));
  } else if (plan === undefined) {
    const planned = await lastPlannedSha({ octokit, owner, repo, workflowFile: workflow, branch: pull.head.ref });
    reasons.push(planned !== undefined && planned !== headSha
      ? `the pull request head moved from ${short(planned)} to ${short(headSha)} after the plan; comment /plan`
      : `no successful plan run for head ${short(headSha)} (with an unexpired ${artifactName} artifact); comment /plan`);
  }
  if (reasons.length > 0 || plan === undefined) return { allowed: false, reasons, headSha, artifactName, ignoredApprovals };
  return {
    allowed: true,
    reasons: [`approved by ${verdict.approvedBy.map((l) => `@${l}`).join(', ')} at ${short(headSha)}; plan run ${plan.runId} (${plan.event}), artifact ${plan.artifactId}`],
    headSha,
    planRunId: plan.runId,
    planRunUrl: plan.runUrl,
    artifactName,
    artifactId: plan.artifactId,
    artifactDigest: plan.artifactDigest,
    ignoredApprovals,
  };
}

/** The pull-request comment that explains a refusal. */
export function refusalComment(actor: string, decision: ApplyGateDecision): string {
  return [
    `**\`/apply\` refused** for @${actor}${decision.headSha ? ` at ${short(decision.headSha)}` : ''}:`,
    '',
    ...decision.reasons.map((reason) => `- ${reason}`),
    '',
    ...((decision.ignoredApprovals ?? []).length === 0 ? [] : [
      'Approvals not counted (an approval counts when it is of the head commit, by someone with write, maintain or admin access, other than the author):',
      '',
      ...(decision.ignoredApprovals ?? []).map((line) => `- ${line}`),
      '',
    ]),
    'Nothing was applied. Fix the above and comment `/apply` again.',
  ].join('\n');
}
