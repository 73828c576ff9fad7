/**
 * Finds the successful plan-workflow run whose saved plan an apply may use: one for the pull
 * request's current head, with its `plan-<sha>` artifact still downloadable.
 *
 * Plans come from two triggers. A `pull_request` run has the PR head as its head_sha, so
 * listing the workflow's runs by head_sha finds it. An `issue_comment` run (`/plan`) runs on the
 * default branch (its head_sha is the default branch's tip), so it is found the other way round:
 * by the artifact name, which carries the planned head, then checking which workflow made it.
 */
import { callGitHub } from './api-error';
import type { GitHubClient } from './client';

export interface PlanRunQuery {
  readonly octokit: GitHubClient;
  readonly owner: string;
  readonly repo: string;
  /** The plan workflow's file name (`plan.yml`) or numeric id. */
  readonly workflow: string;
  /** The commit the plan must be for (full SHA). */
  readonly headSha: string;
}

export interface PlanRun {
  readonly runId: number;
  readonly runUrl: string;
  readonly event: string;
  readonly artifactName: string;
  readonly artifactId: number;
}

/** The artifact name the plan workflow uploads for a commit. */
export function planArtifactName(headSha: string): string {
  return `plan-${headSha}`;
}

interface RunLike {
  readonly id: number;
  readonly path: string;
  readonly workflow_id: number;
  readonly conclusion: string | null;
  readonly html_url: string;
  readonly event: string;
}

function isPlanWorkflow(run: RunLike, workflow: string): boolean {
  return /^[0-9]+$/.test(workflow) ? String(run.workflow_id) === workflow : run.path.replace(/^.*\//, '').replace(/@.*$/, '') === workflow;
}

async function viaRunsForHead(query: PlanRunQuery, artifactName: string): Promise<PlanRun | undefined> {
  const { octokit, owner, repo, workflow, headSha } = query;
  const runs = await callGitHub(`list successful runs of ${workflow} for ${headSha.slice(0, 7)} in ${owner}/${repo}`,
    () => octokit.paginate(octokit.rest.actions.listWorkflowRuns, { owner, repo, workflow_id: workflow, head_sha: headSha, status: 'success', per_page: 100 }));
  for (const run of runs) {
    if (run.conclusion !== 'success') continue;
    const artifacts = await callGitHub(`list artifacts of run ${run.id}`,
      () => octokit.paginate(octokit.rest.actions.listWorkflowRunArtifacts, { owner, repo, run_id: run.id, name: artifactName, per_page: 100 }));
    const artifact = artifacts.find((a) => a.name === artifactName && !a.expired);
    if (artifact) return { runId: Number(run.id), runUrl: run.html_url, event: run.event, artifactName, artifactId: artifact.id };
  }
  return undefined;
}

async function viaArtifactName(query: PlanRunQuery, artifactName: string): Promise<PlanRun | undefined> {
  const { octokit, owner, repo, workflow } = query;
  const artifacts = await callGitHub(`list artifacts named ${artifactName} in ${owner}/${repo}`,
    () => octokit.paginate(octokit.rest.actions.listArtifactsForRepo, { owner, repo, name: artifactName, per_page: 100 }));
  for (const artifact of artifacts) {
    const runId = artifact.workflow_run?.id;
    if (artifact.name !== artifactName || artifact.expired || runId === undefined) continue;
    const run = (await callGitHub(`get workflow run ${runId}`, () => octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId }))).data;
    // The name alone proves nothing: only an artifact uploaded by a successful run of the plan
    // workflow itself is a plan.
    if (run.conclusion === 'success' && isPlanWorkflow(run as RunLike, workflow)) {
      return { runId: Number(run.id), runUrl: run.html_url, event: run.event, artifactName, artifactId: artifact.id };
    }
  }
  return undefined;
}

/** The newest usable plan run for `headSha`, or undefined when there is none. */
export async function findPlanRun(query: PlanRunQuery): Promise<PlanRun | undefined> {
  const artifactName = planArtifactName(query.headSha);
  return await viaRunsForHead(query, artifactName) ?? await viaArtifactName(query, artifactName);
}

/**
 * The head SHA of the newest successful plan run on the pull request's branch, to explain a
 * missing plan ("the head moved after the plan") rather than just reporting it.
 */
export async function lastPlannedSha(query: Omit<PlanRunQuery, 'headSha'> & { readonly branch: string }): Promise<string | undefined> {
  const { octokit, owner, repo, workflow, branch } = query;
  const response = await callGitHub(`list successful runs of ${workflow} on branch ${branch}`,
    () => octokit.rest.actions.listWorkflowRuns({ owner, repo, workflow_id: workflow, branch, event: 'pull_request', status: 'success', per_page: 1 }));
  return response.data.workflow_runs[0]?.head_sha;
}
