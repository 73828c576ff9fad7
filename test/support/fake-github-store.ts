/**
 * The state behind the fake GitHub (fake-github.ts): repositories with issues, pull requests,
 * comments, reviews, permissions, commits (files per commit, branches), workflow runs and
 * artifacts (zip bytes and digest), returned in the shapes GitHub's REST API uses (ids, node_id,
 * user {login, type}, html_url, timestamps). Tests seed it directly and read it back to assert
 * what the tools did.
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

/** A repository as a run names it: `head_repository` is the fork for a fork's pull request. */
export interface FakeRepositoryRef {
  readonly fullName: string;
  readonly id: number;
}

/** A job of a run, as the jobs API lists it: GitHub renders `name` from the workflow. */
export interface FakeJob {
  readonly name: string;
  readonly conclusion: string | null;
}

export interface FakeWorkflowRun {
  readonly id: number;
  /** The workflow file name, e.g. `plan.yml`. */
  readonly workflowFile: string;
  /** The run's `path`; `.github/workflows/<workflowFile>` unless a test says otherwise. */
  readonly path: string;
  readonly workflowId: number;
  /** Where the head commit lives: this repository, or a fork. */
  readonly headRepository: FakeRepositoryRef;
  /** Numbers of the pull requests GitHub associates with the run (same-repository heads only). */
  readonly pullRequests: readonly number[];
  readonly jobs: readonly FakeJob[];
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
  /** The archive `GET .../artifacts/{id}/zip` redirects to. */
  readonly zip: Buffer;
  /** `sha256:<hex>` as upload-artifact v4+ records it; null as for older uploads. */
  readonly digest: string | null;
  /** The signature of the blob-storage URL the download redirects to. */
  readonly blobSignature: string;
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
  defaultBranch: string;
  /** Branch name → commit SHA. */
  readonly branches: Map<string, string>;
  /** Commit SHA → its files (path → content), a whole snapshot per commit. */
  readonly commits: Map<string, ReadonlyMap<string, string>>;
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

export const WEB = 'https://github.com';
export const API = 'https://api.github.com';

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
    head: { ref: pull.headRef, sha: pull.headSha, label: `${repository.fullName.split('/')[0]}:${pull.headRef}`, repo: repositoryJson(repository) },
    base: { ref: pull.baseRef, sha: '0'.repeat(40), label: `${repository.fullName.split('/')[0]}:${pull.baseRef}`, repo: repositoryJson(repository) },
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

/** GitHub's minimal-repository shape, as runs carry it in `repository` and `head_repository`. */
export function minimalRepositoryJson(ref: FakeRepositoryRef): Record<string, unknown> {
  const [owner, name] = ref.fullName.split('/');
  return {
    id: ref.id,
    node_id: `R_${ref.id}`,
    name,
    full_name: ref.fullName,
    owner: userJson({ login: owner, type: 'User' }),
    private: true,
    fork: false,
    html_url: `${WEB}/${ref.fullName}`,
    url: `${API}/repos/${ref.fullName}`,
  };
}

/** `GET /repos/{owner}/{repo}`: the full repository, with `default_branch`. */
export function repositoryJson(repository: FakeRepository): Record<string, unknown> {
  return {
    ...minimalRepositoryJson(repository),
    default_branch: repository.defaultBranch,
    visibility: 'private',
    archived: false,
    disabled: false,
  };
}
