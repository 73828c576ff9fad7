/**
 * Decides whether an `/apply` comment may apply the saved plan, with every reason it may not.
 * The checks: the commenter can write to the repository; the pull request is open, approved
 * (no outstanding change requests) and mergeable; and a successful plan exists for its CURRENT
 * head, so what gets applied is exactly what reviewers saw.
 */
import { callGitHub, describeApiFailure } from './api-error';
import type { GitHubClient } from './client';
import { findPlanRun, lastPlannedSha, planArtifactName } from './plan-run';
import { reviewRefusals, reviewVerdict } from './review-verdict';

export interface ApplyGateProps {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  /** Who commented `/apply`. */
  readonly actor: string;
  /**
   * The plan workflow (file name or id).
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
}

const WRITE_PERMISSIONS = new Set(['admin', 'write']);
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
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: actor });
    // `permission` maps maintain to write and triage to read; `role_name` is what people know.
    if (WRITE_PERMISSIONS.has(data.permission)) return undefined;
    return `@${actor} has ${data.role_name || data.permission} permission; /apply needs write`;
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return `@${actor} is not a collaborator on ${owner}/${repo}; /apply needs write`;
    throw describeApiFailure(`check the permission of @${actor} on ${owner}/${repo}`, error);
  }
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
  const verdict = reviewVerdict(reviews);
  const reasons = [...reviewRefusals(verdict), mergeRefusal(pull), stackRefusal(props)].filter((r): r is string => r !== undefined);

  const artifactName = planArtifactName(headSha);
  const plan = await findPlanRun({ octokit, owner, repo, workflow, headSha });
  if (plan === undefined) {
    const planned = await lastPlannedSha({ octokit, owner, repo, workflow, branch: pull.head.ref });
    reasons.push(planned !== undefined && planned !== headSha
      ? `the pull request head moved from ${short(planned)} to ${short(headSha)} after the plan; comment /plan`
      : `no successful plan run for head ${short(headSha)} (with an unexpired ${artifactName} artifact); comment /plan`);
  }
  if (reasons.length > 0 || plan === undefined) return { allowed: false, reasons, headSha, artifactName };
  return {
    allowed: true,
    reasons: [`approved by ${verdict.approvedBy.map((l) => `@${l}`).join(', ')}; plan run ${plan.runId} for ${short(headSha)}`],
    headSha,
    planRunId: plan.runId,
    planRunUrl: plan.runUrl,
    artifactName,
  };
}

/** The pull-request comment that explains a refusal. */
export function refusalComment(actor: string, decision: ApplyGateDecision): string {
  return [
    `**\`/apply\` refused** for @${actor}${decision.headSha ? ` at ${short(decision.headSha)}` : ''}:`,
    '',
    ...decision.reasons.map((reason) => `- ${reason}`),
    '',
    'Nothing was applied. Fix the above and comment `/apply` again.',
  ].join('\n');
}
