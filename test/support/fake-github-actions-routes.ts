/**
 * The fake GitHub's repository, contents and Actions endpoints: the repository itself (its default
 * branch), files by commit or branch with git's blob SHA, workflow runs (path, head repository,
 * pull requests, jobs), and artifacts with their digest, whose download answers 302 to the fake's
 * own signed blob-storage URL as GitHub's does. Shapes follow GitHub's REST API.
 */
import { gitBlobSha } from './fake-github-actions';
import { FakeHttpError, type Route, type RouteRequest } from './fake-github-route';
import {
  API, minimalRepositoryJson, repositoryJson, WEB,
  type FakeArtifact, type FakeJob, type FakeRepository, type FakeWorkflowRun,
} from './fake-github-store';

/** `GET /repos/{owner}/{repo}/contents/{path}` for a file: base64 content cut into 60-character lines, as GitHub sends it. */
export function contentJson(repository: FakeRepository, path: string, ref: string, content: string): Record<string, unknown> {
  const sha = gitBlobSha(content);
  const base64 = Buffer.from(content, 'utf8').toString('base64').replace(/.{60}/g, '$&\n');
  const url = `${API}/repos/${repository.fullName}/contents/${path}?ref=${ref}`;
  const gitUrl = `${API}/repos/${repository.fullName}/git/blobs/${sha}`;
  const htmlUrl = `${WEB}/${repository.fullName}/blob/${ref}/${path}`;
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(content),
    name: path.slice(path.lastIndexOf('/') + 1),
    path,
    content: base64,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: `https://raw.githubusercontent.com/${repository.fullName}/${ref}/${path}`,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

function pullRequestMinimalJson(repository: FakeRepository, number: number): Record<string, unknown> {
  const pull = repository.issues.get(number)?.pull;
  const repo = { id: repository.id, url: `${API}/repos/${repository.fullName}`, name: repository.fullName.split('/')[1] };
  return {
    id: number * 10_000 + repository.id,
    number,
    url: `${API}/repos/${repository.fullName}/pulls/${number}`,
    head: { ref: pull?.headRef ?? '', sha: pull?.headSha ?? '', repo },
    base: { ref: pull?.baseRef ?? repository.defaultBranch, sha: '0'.repeat(40), repo },
  };
}

export function runJson(repository: FakeRepository, run: FakeWorkflowRun): Record<string, unknown> {
  return {
    id: run.id,
    node_id: `WFR_${run.id}`,
    name: run.workflowFile.replace(/\.ya?ml$/, ''),
    path: run.path,
    workflow_id: run.workflowId,
    head_sha: run.head_sha,
    head_branch: run.head_branch,
    event: run.event,
    status: run.status,
    conclusion: run.conclusion,
    run_number: run.id % 1000,
    run_attempt: 1,
    url: `${API}/repos/${repository.fullName}/actions/runs/${run.id}`,
    html_url: `${WEB}/${repository.fullName}/actions/runs/${run.id}`,
    created_at: run.created_at,
    updated_at: run.created_at,
    pull_requests: run.pullRequests.map((number) => pullRequestMinimalJson(repository, number)),
    repository: minimalRepositoryJson(repository),
    head_repository: minimalRepositoryJson(run.headRepository),
    head_repository_id: run.headRepository.id,
  };
}

function jobJson(repository: FakeRepository, run: FakeWorkflowRun, job: FakeJob, index: number): Record<string, unknown> {
  const id = run.id * 10 + index;
  return {
    id,
    run_id: run.id,
    run_attempt: 1,
    node_id: `CR_${id}`,
    head_sha: run.head_sha,
    head_branch: run.head_branch,
    url: `${API}/repos/${repository.fullName}/actions/jobs/${id}`,
    html_url: `${WEB}/${repository.fullName}/actions/runs/${run.id}/job/${id}`,
    status: run.status,
    conclusion: job.conclusion,
    started_at: run.created_at,
    completed_at: run.created_at,
    name: job.name,
    steps: [],
    labels: ['ubuntu-latest'],
    workflow_name: run.workflowFile.replace(/\.ya?ml$/, ''),
  };
}

export function artifactJson(repository: FakeRepository, artifact: FakeArtifact, run: FakeWorkflowRun | undefined): Record<string, unknown> {
  return {
    id: artifact.id,
    node_id: `MDEwOkFydGlmYWN0${artifact.id}`,
    name: artifact.name,
    size_in_bytes: artifact.zip.length,
    url: `${API}/repos/${repository.fullName}/actions/artifacts/${artifact.id}`,
    archive_download_url: `${API}/repos/${repository.fullName}/actions/artifacts/${artifact.id}/zip`,
    expired: artifact.expired,
    digest: artifact.digest,
    created_at: artifact.created_at,
    updated_at: artifact.created_at,
    expires_at: artifact.created_at,
    workflow_run: run
      ? { id: run.id, repository_id: repository.id, head_repository_id: run.headRepository.id, head_branch: run.head_branch, head_sha: run.head_sha }
      : null,
  };
}

function runsFilter(request: RouteRequest) {
  const q = request.query;
  return (run: FakeRepository['runs'][number]): boolean => {
    const status = q.get('status');
    const statusMatches = status === null || run.status === status || run.conclusion === status;
    return statusMatches && [['head_sha', run.head_sha], ['event', run.event], ['branch', run.head_branch]]
      .every(([name, value]) => q.get(name) === null || q.get(name) === value);
  };
}

const repository: Route[] = [
  {
    method: 'GET',
    pattern: /^$/,
    handle: (request) => ({ status: 200, json: repositoryJson(request.repository) }),
  },
  {
    method: 'GET',
    pattern: /^\/contents\/(.+)$/,
    handle: (request) => {
      const path = decodeURIComponent(request.params[0]);
      const ref = request.query.get('ref') ?? request.repository.defaultBranch;
      const sha = request.repository.branches.get(ref) ?? (request.repository.commits.has(ref) ? ref : undefined);
      if (sha === undefined) throw new FakeHttpError(404, `No commit found for the ref ${ref}`);
      const content = request.repository.commits.get(sha)!.get(path);
      if (content === undefined) throw new FakeHttpError(404, 'Not Found');
      return { status: 200, json: contentJson(request.repository, path, ref, content) };
    },
  },
];

function runOr404(request: RouteRequest): FakeWorkflowRun {
  const run = request.repository.runs.find((r) => r.id === Number(request.params[0]));
  if (!run) throw new FakeHttpError(404, 'Not Found');
  return run;
}

function artifactOr404(request: RouteRequest) {
  const artifact = request.repository.artifacts.find((a) => a.id === Number(request.params[0]));
  if (!artifact) throw new FakeHttpError(404, 'Not Found');
  return artifact;
}

const actions: Route[] = [
  {
    method: 'GET',
    pattern: /^\/actions\/workflows\/([^/]+)\/runs$/,
    handle: (request) => {
      const workflow = decodeURIComponent(request.params[0]);
      const ofWorkflow = request.repository.runs.filter((run) => run.workflowFile === workflow || String(run.workflowId) === workflow);
      if (ofWorkflow.length === 0 && !/^[\w.-]+\.ya?ml$/.test(workflow)) throw new FakeHttpError(404, 'Not Found');
      const items = ofWorkflow.filter(runsFilter(request)).reverse();
      return { status: 200, items: items.map((run) => runJson(request.repository, run)), key: 'workflow_runs' };
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/runs\/(\d+)$/,
    handle: (request) => {
      const run = runOr404(request);
      return { status: 200, json: runJson(request.repository, run) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/runs\/(\d+)\/jobs$/,
    handle: (request) => {
      const run = runOr404(request);
      return { status: 200, items: run.jobs.map((job, index) => jobJson(request.repository, run, job, index)), key: 'jobs' };
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/runs\/(\d+)\/artifacts$/,
    handle: (request) => {
      const run = runOr404(request);
      const name = request.query.get('name');
      const items = request.repository.artifacts.filter((a) => a.runId === run.id && (name === null || a.name === name));
      return { status: 200, items: items.map((a) => artifactJson(request.repository, a, run)), key: 'artifacts' };
    },
  },
  {
    method: 'GET',
    pattern: /^\/actions\/artifacts$/,
    handle: (request) => {
      const name = request.query.get('name');
      const items = request.repository.artifacts.filter((a) => name === null || a.name === name).reverse();
      return { status: 200, items: items.map((a) => artifactJson(request.repository, a, request.repository.runs.find((r) => r.id === a.runId))), key: 'artifacts' };
    },
  },
];

const artifacts: Route[] = [
  {
    method: 'GET',
    pattern: /^\/actions\/artifacts\/(\d+)$/,
    handle: (request) => {
      const artifact = artifactOr404(request);
      return { status: 200, json: artifactJson(request.repository, artifact, request.repository.runs.find((r) => r.id === artifact.runId)) };
    },
  },
  {
    // GitHub answers with a redirect to a short-lived, signed blob-storage URL (no token needed
    // there); the fake's blob storage is its own /_blob/ path.
    method: 'GET',
    pattern: /^\/actions\/artifacts\/(\d+)\/([^/]+)$/,
    handle: (request) => {
      const artifact = artifactOr404(request);
      if (request.params[1] !== 'zip') throw new FakeHttpError(422, 'Unsupported archive format');
      if (artifact.expired) throw new FakeHttpError(410, 'Artifact has expired');
      return { status: 302, headers: { location: `${request.baseUrl}/_blob/artifacts/${artifact.id}?sig=${artifact.blobSignature}` } };
    },
  },
];

export const ACTIONS_ROUTES: readonly Route[] = [...repository, ...actions, ...artifacts];
