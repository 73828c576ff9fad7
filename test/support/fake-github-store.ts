/**
 * The state behind the fake GitHub (fake-github.ts): repositories with issues, pull requests,
 * comments, reviews, permissions, workflow runs and artifacts, returned in the shapes GitHub's
 * REST API uses (ids, node_id, user {login, type}, html_url, timestamps). Tests seed it directly
 * and read it back to assert what the tools did.
 */

export interface FakeUser {
  readonly login: string;
  readonly type: 'User' | 'Bot';
}

export const ACTIONS_BOT: FakeUser = { login: 'github-actions[bot]', type: 'Bot' };

export interface FakeComment {
  readonly id: number;
  readonly issueNumber: number;
  body: string;
  readonly user: FakeUser;
  readonly created_at: string;
  updated_at: string;
}

export interface FakeIssue {
  readonly number: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: string | null;
  labels: string[];
  readonly user: FakeUser;
  readonly created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Present for a pull request (pull requests are issues too). */
  pull?: FakePullRequest;
}

export interface FakePullRequest {
  headSha: string;
  headRef: string;
  baseRef: string;
  draft: boolean;
  merged: boolean;
  mergeable: boolean | null;
  mergeable_state: string;
}

export interface FakeReview {
  readonly id: number;
  readonly user: FakeUser;
  readonly state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  readonly commit_id: string;
  readonly author_association: string;
  readonly submitted_at: string;
}

export interface FakeWorkflowRun {
  readonly id: number;
  /** The workflow file name, e.g. `plan.yml`. */
  readonly workflowFile: string;
  readonly workflowId: number;
  readonly head_sha: string;
  readonly head_branch: string;
  readonly event: string;
  readonly status: string;
  readonly conclusion: string | null;
  readonly created_at: string;
}

export interface FakeArtifact {
  readonly id: number;
  readonly runId: number;
  readonly name: string;
  readonly expired: boolean;
  readonly created_at: string;
}

export interface FakeRepository {
  readonly fullName: string;
  readonly id: number;
  readonly issues: Map<number, FakeIssue>;
  readonly comments: FakeComment[];
  readonly reviews: Map<number, FakeReview[]>;
  readonly permissions: Map<string, { permission: string; role_name: string }>;
  readonly runs: FakeWorkflowRun[];
  readonly artifacts: FakeArtifact[];
}

/** Ids and timestamps that only ever grow, so "oldest" is well defined and runs are repeatable. */
export class FakeClock {
  private nextId = 1_000_001;
  private seconds = 0;

  public id(): number {
    return this.nextId++;
  }

  public now(): string {
    this.seconds += 1;
    return new Date(Date.UTC(2025, 0, 1) + this.seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');
  }
}

const WEB = 'https://github.com';
const API = 'https://api.github.com';

export function userJson(user: FakeUser): Record<string, unknown> {
  return {
    login: user.login,
    id: [...user.login].reduce((sum, c) => sum * 31 + c.charCodeAt(0), 7) % 100_000_000,
    node_id: `U_${Buffer.from(user.login).toString('base64url')}`,
    type: user.type,
    site_admin: false,
    html_url: `${WEB}/${user.login}`,
    url: `${API}/users/${user.login}`,
  };
}

function labelJson(name: string): Record<string, unknown> {
  return { id: name.length * 1000 + 1, node_id: `LA_${name}`, name, color: 'ededed', default: false, description: null };
}

export function commentJson(repository: FakeRepository, comment: FakeComment): Record<string, unknown> {
  const kind = repository.issues.get(comment.issueNumber)?.pull ? 'pull' : 'issues';
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    url: `${API}/repos/${repository.fullName}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${repository.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${API}/repos/${repository.fullName}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(comment.user),
    created_at: comment.created_at,
    updated_at: comment.updated_at,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER',
  };
}

export function issueJson(repository: FakeRepository, issue: FakeIssue, comments: number): Record<string, unknown> {
  const kind = issue.pull ? 'pull' : 'issues';
  return {
    id: issue.number * 10_000 + repository.id,
    node_id: `I_${repository.id}_${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state_reason,
    labels: issue.labels.map(labelJson),
    user: userJson(issue.user),
    locked: false,
    comments,
    url: `${API}/repos/${repository.fullName}/issues/${issue.number}`,
    html_url: `${WEB}/${repository.fullName}/${kind}/${issue.number}`,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    ...(issue.pull ? { pull_request: { url: `${API}/repos/${repository.fullName}/pulls/${issue.number}`, html_url: `${WEB}/${repository.fullName}/pull/${issue.number}` } } : {}),
  };
}

export function pullRequestJson(repository: FakeRepository, issue: FakeIssue, pull: FakePullRequest): Record<string, unknown> {
  return {
    id: issue.number * 10_000 + repository.id,
    node_id: `PR_${repository.id}_${issue.number}`,
    number: issue.number,
    state: issue.state,
    title: issue.title,
    body: issue.body,
    user: userJson(issue.user),
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.mergeable,
    mergeable_state: pull.mergeable_state,
    head: { ref: pull.headRef, sha: pull.headSha, label: `${repository.fullName.split('/')[0]}:${pull.headRef}` },
    base: { ref: pull.baseRef, sha: '0'.repeat(40), label: `${repository.fullName.split('/')[0]}:${pull.baseRef}` },
    url: `${API}/repos/${repository.fullName}/pulls/${issue.number}`,
    html_url: `${WEB}/${repository.fullName}/pull/${issue.number}`,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
  };
}

export function reviewJson(repository: FakeRepository, pullNumber: number, review: FakeReview): Record<string, unknown> {
  return {
    id: review.id,
    node_id: `PRR_${review.id}`,
    user: userJson(review.user),
    body: '',
    state: review.state,
    commit_id: review.commit_id,
    author_association: review.author_association,
    submitted_at: review.submitted_at,
    html_url: `${WEB}/${repository.fullName}/pull/${pullNumber}#pullrequestreview-${review.id}`,
    pull_request_url: `${API}/repos/${repository.fullName}/pulls/${pullNumber}`,
  };
}

export function runJson(repository: FakeRepository, run: FakeWorkflowRun): Record<string, unknown> {
  return {
    id: run.id,
    node_id: `WFR_${run.id}`,
    name: run.workflowFile.replace(/\.ya?ml$/, ''),
    path: `.github/workflows/${run.workflowFile}`,
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
    pull_requests: [],
  };
}

export function artifactJson(repository: FakeRepository, artifact: FakeArtifact, run: FakeWorkflowRun | undefined): Record<string, unknown> {
  return {
    id: artifact.id,
    node_id: `MDEwOkFydGlmYWN0${artifact.id}`,
    name: artifact.name,
    size_in_bytes: 1024,
    url: `${API}/repos/${repository.fullName}/actions/artifacts/${artifact.id}`,
    archive_download_url: `${API}/repos/${repository.fullName}/actions/artifacts/${artifact.id}/zip`,
    expired: artifact.expired,
    created_at: artifact.created_at,
    updated_at: artifact.created_at,
    expires_at: artifact.created_at,
    workflow_run: run
      ? { id: run.id, repository_id: repository.id, head_repository_id: repository.id, head_branch: run.head_branch, head_sha: run.head_sha }
      : null,
  };
}
