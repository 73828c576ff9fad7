/**
 * Finds the saved plan an apply may use: an artifact `plan-<head sha>` uploaded by a run that
 * provably ran the DEFAULT BRANCH's plan workflow for this pull request's head.
 *
 * An artifact's name proves nothing: any workflow run of the repository can upload one, including
 * a `pull_request` run, which executes the workflow file as the pull request (or a fork) changed
 * it. So every candidate's run must:
 * - be a run of `.github/workflows/<file>` (the run's `path`, compared exactly);
 * - have concluded `success`, with this repository as its head repository (never a fork);
 * - be either a `pull_request` run of this pull request (head_sha = the head, the pull request in
 *   `pull_requests`), or an `issue_comment` run (`/plan`), which GitHub runs on the default branch
 *   with the default branch's workflow file. Such a run's head_sha is the default branch's tip, so
 *   nothing GitHub records about the run says which commit it planned but the artifact name, and
 *   the plan job runs pull-request code that could upload an artifact under any name (a process
 *   can read the job's runtime token). So the run must also have a successful job whose NAME holds
 *   the head SHA: plan.yml names its plan job from the `resolve` job's output (no pull-request
 *   code runs there) and GitHub renders that name itself;
 * - have run the default branch's workflow file: its blob at the run's head_sha equals the blob on
 *   the default branch now. For a `pull_request` run that is the pull request's own copy (GitHub
 *   runs the merge commit's, which equals the head's unless the base changed the file meanwhile,
 *   in which case the head's differs from the default branch's and the run is refused anyway); for
 *   an `issue_comment` run it is the default branch's tip when the run started.
 * The artifact must belong to that run, be unexpired, and carry the `sha256:` digest upload-artifact
 * v4+ records, which download-plan later checks the zip against.
 */
import { callGitHub } from './api-error';
import type { GitHubClient } from './client';
import { WorkflowBlobs } from './workflow-blob';

export interface PlanRunQuery {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  readonly pullNumber: number;
  /** The commit the plan must be for (full SHA): the pull request's head. */
  readonly headSha: string;
  /** The plan workflow's file name under .github/workflows/ (`plan.yml`). */
  readonly workflowFile: string;
  /**
   * How many `plan-<sha>` artifacts to examine, newest first, before giving up.
   * @default 20
   */
  readonly maxCandidates?: number;
}

export interface PlanRun {
  readonly runId: number;
  readonly runUrl: string;
  readonly event: string;
  readonly artifactName: string;
  readonly artifactId: number;
  /** `sha256:<hex>` of the artifact's zip, as GitHub recorded it at upload. */
  readonly artifactDigest: string;
}

export interface PlanRunSearch {
  /** The newest trustworthy plan, if any. */
  readonly plan?: PlanRun;
  /** Why each `plan-<sha>` artifact examined before it was not used; one line each. */
  readonly refused: readonly string[];
}

/** The artifact name the plan workflow uploads for a commit. */
export function planArtifactName(headSha: string): string {
  return `plan-${headSha}`;
}

/** Where GitHub keeps a workflow file; runs report it as their `path`. */
export function workflowPath(workflowFile: string): string {
  return `.github/workflows/${workflowFile}`;
}

export const ARTIFACT_DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

interface ArtifactLike {
  readonly id: number;
  readonly name: string;
  readonly expired: boolean;
  readonly digest?: string | null;
  readonly workflow_run?: { readonly id?: number } | null;
}

interface RunLike {
  readonly id: number;
  readonly path: string;
  readonly event: string;
  readonly status: string | null;
  readonly conclusion: string | null;
  readonly head_sha: string;
  readonly head_branch: string | null;
  readonly html_url: string;
  readonly head_repository?: { readonly id: number; readonly full_name: string } | null;
  readonly pull_requests: ReadonlyArray<{ readonly number: number }> | null;
}

interface Trusted {
  readonly query: PlanRunQuery;
  readonly repositoryId: number;
  readonly defaultBranch: string;
  readonly blobs: WorkflowBlobs;
  /** The workflow file's blob on the default branch. */
  readonly trustedBlob: string;
}

const short = (sha: string): string => sha.slice(0, 7);

/** Whether the run has a successful job whose name, rendered by GitHub from the workflow, holds the head SHA. */
async function hasJobNamedFor(runId: number, query: PlanRunQuery): Promise<boolean> {
  const { octokit, owner, repo, headSha } = query;
  const jobs = await callGitHub(`list the jobs of run ${runId} of ${owner}/${repo}`,
    () => octokit.paginate(octokit.rest.actions.listJobsForWorkflowRun, { owner, repo, run_id: runId, filter: 'latest', per_page: 100 }));
  return jobs.some((job) => job.conclusion === 'success' && job.name.includes(headSha));
}

/** Why `run` cannot have made a plan for this pull request's head; undefined when it can. */
async function runRefusal(run: RunLike, trusted: Trusted): Promise<string | undefined> {
  const { query, defaultBranch, blobs } = trusted;
  const path = blobs.path;
  if (run.path !== path) return `run ${run.id} is a run of ${run.path}, not ${path}`;
  if (run.status !== 'completed') return `run ${run.id} has not finished (${run.status ?? 'unknown status'}); wait for it, then comment /apply again`;
  if (run.conclusion !== 'success') return `run ${run.id} concluded ${run.conclusion ?? 'without a conclusion'}, not success; comment /plan`;
  if (run.head_repository?.id !== trusted.repositoryId) {
    return `run ${run.id} ran on ${run.head_repository?.full_name ?? 'an unknown repository'}, not ${query.owner}/${query.repo}: plans from forks are never applied`;
  }
  if (run.event === 'pull_request') {
    if (run.head_sha !== query.headSha) return `run ${run.id} planned ${short(run.head_sha)}, not the head ${short(query.headSha)}; comment /plan`;
    if (!(run.pull_requests ?? []).some((pull) => pull.number === query.pullNumber)) return `run ${run.id} is not a run of pull request #${query.pullNumber}`;
  } else if (run.event === 'issue_comment') {
    if (run.head_branch !== defaultBranch) return `run ${run.id} ran on ${run.head_branch ?? 'no branch'}, not the default branch ${defaultBranch}`;
    if (!await hasJobNamedFor(run.id, query)) {
      return `run ${run.id} (/plan) has no successful job whose name carries the head ${query.headSha}; `
        + 'plan.yml must name its plan job with the planned SHA (needs.resolve.outputs.sha)';
    }
  } else {
    return `run ${run.id} was started by ${run.event}; plans come from pull_request or issue_comment (/plan) runs`;
  }
  const blob = await blobs.at(run.head_sha);
  if (blob === trusted.trustedBlob) return undefined;
  if (run.event === 'pull_request') {
    return `run ${run.id} ran ${path} as it is at ${short(run.head_sha)}, which differs from ${defaultBranch}'s: `
      + `merge the workflow change first, or comment /plan to plan with ${defaultBranch}'s workflow`;
  }
  return `run ${run.id} ran ${path} as it was on ${defaultBranch} at ${short(run.head_sha)}, not as it is now; comment /plan`;
}

async function candidate(artifact: ArtifactLike, trusted: Trusted): Promise<PlanRun | string> {
  const { octokit, owner, repo, headSha } = trusted.query;
  const artifactName = planArtifactName(headSha);
  const label = `artifact ${artifact.id}`;
  if (artifact.name !== artifactName) return `${label} is named ${artifact.name}, not ${artifactName}`;
  if (artifact.expired) return `${label} has expired; comment /plan`;
  const runId = artifact.workflow_run?.id;
  if (runId === undefined) return `${label} belongs to no workflow run`;
  const run = (await callGitHub(`get workflow run ${runId} of ${owner}/${repo}`,
    () => octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId }))).data as unknown as RunLike;
  const refusal = await runRefusal(run, trusted);
  if (refusal !== undefined) return `${label}: ${refusal}`;
  const digest = artifact.digest ?? '';
  if (!ARTIFACT_DIGEST_PATTERN.test(digest)) return `${label} has no sha256 digest (upload-artifact v4 or newer records one); comment /plan`;
  return { runId: Number(run.id), runUrl: run.html_url, event: run.event, artifactName, artifactId: artifact.id, artifactDigest: digest };
}

/** The newest trustworthy plan for the pull request's head, and why newer candidates were refused. */
export async function findPlanRun(query: PlanRunQuery): Promise<PlanRunSearch> {
  const { octokit, owner, repo, headSha } = query;
  const repository = (await callGitHub(`get repository ${owner}/${repo}`, () => octokit.rest.repos.get({ owner, repo }))).data;
  const blobs = new WorkflowBlobs(octokit, owner, repo, workflowPath(query.workflowFile));
  const trustedBlob = await blobs.at(repository.default_branch);
  if (trustedBlob === undefined) return { refused: [`the default branch ${repository.default_branch} has no ${blobs.path}; no plan can be trusted`] };
  const trusted: Trusted = { query, repositoryId: repository.id, defaultBranch: repository.default_branch, blobs, trustedBlob };

  const artifactName = planArtifactName(headSha);
  const artifacts = await callGitHub(`list artifacts named ${artifactName} in ${owner}/${repo}`,
    () => octokit.paginate(octokit.rest.actions.listArtifactsForRepo, { owner, repo, name: artifactName, per_page: 100 }));
  const refused: string[] = [];
  // Newest first, as GitHub lists them: a later /plan replaces an earlier plan.
  for (const artifact of artifacts.slice(0, query.maxCandidates ?? 20)) {
    const result = await candidate(artifact as ArtifactLike, trusted);
    if (typeof result !== 'string') return { plan: result, refused };
    refused.push(result);
  }
  return { refused };
}

/**
 * The head SHA of the newest successful plan run on the pull request's branch, to explain a
 * missing plan ("the head moved after the plan") rather than just reporting it.
 */
export async function lastPlannedSha(query: Pick<PlanRunQuery, 'octokit' | 'owner' | 'repo' | 'workflowFile'> & { readonly branch: string }): Promise<string | undefined> {
  const { octokit, owner, repo, workflowFile, branch } = query;
  const response = await callGitHub(`list successful runs of ${workflowFile} on branch ${branch}`,
    () => octokit.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: workflowFile, branch, event: 'pull_request', status: 'success', per_page: 1 }));
  return response.data.workflow_runs[0]?.head_sha;
}
