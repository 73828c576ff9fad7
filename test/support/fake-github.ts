/**
 * A loopback fake of the GitHub REST API (node:http on 127.0.0.1, port 0) for the tools' tests.
 * The real Octokit client talks to it over HTTP through `baseUrl`, so requests, pagination
 * (Link headers honouring per_page/page), auth (401 without a known token), redirects (an
 * artifact download answers 302 to the fake's own signed "blob storage" URL, as GitHub's does)
 * and errors take the same path as in production. Every request is logged for assertions, and a
 * failure can be injected for the next matching request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newArtifact, newWorkflowRun, serveArtifactBlob, type FakeArtifactSeed, type FakeRunSeed } from './fake-github-actions';
import { readJson, sendError, sendRouteResponse } from './fake-github-http';
import { FakeHttpError, ROUTES, type RouteResponse } from './fake-github-routes';
import {
  ACTIONS_BOT, FakeClock, type FakeArtifact, type FakeComment, type FakeIssue, type FakePullRequest,
  type FakeRepository, type FakeReview, type FakeUser, type FakeWorkflowRun,
} from './fake-github-store';

export { gitBlobSha, sha256Digest, type FakeArtifactSeed, type FakeRunSeed } from './fake-github-actions';
export { ACTIONS_BOT, type FakeUser } from './fake-github-store';

/** The token tests use unless they need another identity; it acts as github-actions[bot]. */
export const FAKE_TOKEN = 'ghs_fake0000000000000000000000000000000';

export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, e.g. `/repos/acme/app/issues/7/comments`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body?: Record<string, unknown>;
  readonly status: number;
  readonly userAgent?: string;
  /** The authorization scheme sent (`token`, `bearer`), never the token itself. */
  readonly authScheme?: string;
}

export interface InjectedFailure {
  readonly method: string;
  /** Matches the path (a substring or a pattern); any path when absent. */
  readonly path?: string | RegExp;
  readonly status: number;
  readonly message?: string;
}

function matches(failure: InjectedFailure, method: string, path: string): boolean {
  if (failure.method.toUpperCase() !== method) return false;
  if (failure.path === undefined) return true;
  return typeof failure.path === 'string' ? path.includes(failure.path) : failure.path.test(path);
}


export class FakeGitHub {
  /** Starts a fake on a free loopback port. */
  public static async start(): Promise<FakeGitHub> {
    const fake = new FakeGitHub();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** Every request served, in order. */
  public readonly requests: RecordedRequest[] = [];
  public readonly clock = new FakeClock();
  private readonly server: Server;
  private readonly tokens = new Map<string, FakeUser>([[FAKE_TOKEN, ACTIONS_BOT]]);
  private readonly repositories = new Map<string, FakeRepository>();
  private readonly failures: InjectedFailure[] = [];

  private constructor() {
    this.server = createServer((request, response) => {
      this.serve(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: `fake-github bug: ${String(error)}` }));
      });
    });
  }

  /** The API root to pass as Octokit's `baseUrl` / GITHUB_API_URL. */
  public get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Another token and who it authenticates as. */
  public addToken(token: string, user: FakeUser): void {
    this.tokens.set(token, user);
  }

  /** The repository `owner/name`, created empty on first use. */
  public repository(fullName: string): FakeRepository {
    const key = fullName.toLowerCase();
    let repository = this.repositories.get(key);
    if (!repository) {
      repository = {
        fullName,
        id: 500 + this.repositories.size,
        issues: new Map(),
        comments: [],
        reviews: new Map(),
        permissions: new Map(),
        runs: [],
        artifacts: [],
        defaultBranch: 'main',
        branches: new Map(),
        commits: new Map(),
      };
      this.repositories.set(key, repository);
    }
    return repository;
  }

  /** Seeds an open pull request; returns its number. */
  public addPullRequest(fullName: string, pull: Partial<FakePullRequest> & { readonly title?: string; readonly user?: FakeUser } = {}): number {
    const repository = this.repository(fullName);
    const now = this.clock.now();
    const number = repository.issues.size + 1;
    const { title, user, ...rest } = pull;
    repository.issues.set(number, {
      number,
      title: title ?? `Pull request ${number}`,
      body: null,
      state: 'open',
      state_reason: null,
      labels: [],
      user: user ?? { login: 'alice', type: 'User' },
      created_at: now,
      updated_at: now,
      closed_at: null,
      pull: { headSha: 'a'.repeat(40), headRef: `feature-${number}`, baseRef: 'main', draft: false, merged: false, mergeable: true, mergeable_state: 'clean', ...rest },
    });
    return number;
  }

  public pullRequest(fullName: string, number: number): FakeIssue & { pull: FakePullRequest } {
    const issue = this.repository(fullName).issues.get(number);
    if (!issue?.pull) throw new Error(`fake-github: ${fullName} has no pull request #${number}`);
    return issue as FakeIssue & { pull: FakePullRequest };
  }

  /** Seeds an issue; returns its number. */
  public addIssue(fullName: string, issue: { title: string; body?: string; labels?: string[]; state?: 'open' | 'closed'; user?: FakeUser }): number {
    const repository = this.repository(fullName);
    const now = this.clock.now();
    const number = repository.issues.size + 1;
    repository.issues.set(number, {
      number,
      title: issue.title,
      body: issue.body ?? null,
      state: issue.state ?? 'open',
      state_reason: null,
      labels: issue.labels ?? [],
      user: issue.user ?? { login: 'alice', type: 'User' },
      created_at: now,
      updated_at: now,
      closed_at: issue.state === 'closed' ? now : null,
    });
    return number;
  }

  public issue(fullName: string, number: number): FakeIssue | undefined {
    return this.repository(fullName).issues.get(number);
  }

  /** Seeds a comment (by default from github-actions[bot]); returns it. */
  public addComment(fullName: string, issueNumber: number, body: string, user: FakeUser = ACTIONS_BOT): FakeComment {
    const now = this.clock.now();
    const comment = { id: this.clock.id(), issueNumber, body, user, created_at: now, updated_at: now };
    this.repository(fullName).comments.push(comment);
    return comment;
  }

  /** The comments on an issue or pull request, oldest first. */
  public comments(fullName: string, issueNumber: number): readonly FakeComment[] {
    return this.repository(fullName).comments.filter((c) => c.issueNumber === issueNumber);
  }

  /**
   * A collaborator's access, as `GET .../collaborators/{user}/permission` reports it: `permission`
   * is the legacy level (maintain shows as write, triage as read), `role_name` the real role.
   */
  public setPermission(fullName: string, login: string, permission: 'admin' | 'write' | 'read' | 'none', roleName: string = permission): void {
    this.repository(fullName).permissions.set(login, { permission, role_name: roleName });
  }

  /** A review; by default of the pull request's current head, as GitHub records it. */
  public addReview(fullName: string, pullNumber: number, review: { login: string; state: FakeReview['state']; association?: string; commitId?: string }): void {
    const reviews = this.repository(fullName).reviews;
    reviews.set(pullNumber, [...(reviews.get(pullNumber) ?? []), {
      id: this.clock.id(),
      user: { login: review.login, type: 'User' },
      state: review.state,
      commit_id: review.commitId ?? this.pullRequest(fullName, pullNumber).pull.headSha,
      author_association: review.association ?? 'MEMBER',
      submitted_at: this.clock.now(),
    }]);
  }

  /**
   * A commit with its whole tree (path → content); `branch` also points that branch at it. The
   * contents API serves these files by commit SHA or branch name.
   */
  public addCommit(fullName: string, sha: string, files: Readonly<Record<string, string>>, branch?: string): void {
    const repository = this.repository(fullName);
    repository.commits.set(sha, new Map(Object.entries(files)));
    if (branch !== undefined) repository.branches.set(branch, sha);
  }

  /**
   * A workflow run. Like GitHub, a `pull_request` run from this repository lists the open pull
   * requests whose head is its head_sha; a fork's lists none.
   */
  public addWorkflowRun(fullName: string, seed: FakeRunSeed): FakeWorkflowRun {
    const repository = this.repository(fullName);
    const run = newWorkflowRun(repository, this.repository(seed.headRepository ?? fullName), seed, this.clock);
    repository.runs.push(run);
    return run;
  }

  /** An artifact of a run: an empty zip and its digest unless the test gives them. */
  public addArtifact(fullName: string, runId: number, name: string, seed: FakeArtifactSeed = {}): FakeArtifact {
    const artifact = newArtifact(runId, name, seed, this.clock);
    this.repository(fullName).artifacts.push(artifact);
    return artifact;
  }

  /** Makes the next request matching `failure` fail with its status (once). */
  public failNext(failure: InjectedFailure): void {
    this.failures.push(failure);
  }

  /** Requests that changed something (anything but GET). */
  public writes(): readonly RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const method = (request.method ?? 'GET').toUpperCase();
    let body: Record<string, unknown> | undefined;
    let status = 500;
    try {
      body = await readJson(request);
      if (url.pathname.startsWith('/_blob/')) {
        status = serveArtifactBlob([...this.repositories.values()].flatMap((r) => r.artifacts), method, url, response);
        this.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), status });
        return;
      }
      const result = this.handle(method, url, request.headers.authorization, body);
      status = result.status;
      sendRouteResponse(response, url, result);
    } catch (error) {
      const httpError = error instanceof FakeHttpError ? error : new FakeHttpError(500, `fake-github: ${String(error)}`);
      status = httpError.status;
      sendError(response, httpError);
    }
    this.requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      ...(method === 'GET' ? {} : { body }),
      status,
      userAgent: request.headers['user-agent'],
      authScheme: request.headers.authorization?.split(' ')[0].toLowerCase(),
    });
  }

  private handle(method: string, url: URL, authorization: string | undefined, body: Record<string, unknown>): RouteResponse {
    const token = /^(?:token|bearer) (.+)$/i.exec(authorization ?? '')?.[1];
    const user = token === undefined ? undefined : this.tokens.get(token);
    if (!user) throw new FakeHttpError(401, token === undefined ? 'Requires authentication' : 'Bad credentials');
    const failure = this.failures.find((f) => matches(f, method, url.pathname));
    if (failure) {
      this.failures.splice(this.failures.indexOf(failure), 1);
      throw new FakeHttpError(failure.status, failure.message ?? `Injected failure ${failure.status}`);
    }
    const repoPath = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const repository = repoPath ? this.repositories.get(`${repoPath[1]}/${repoPath[2]}`.toLowerCase()) : undefined;
    if (!repoPath || !repository) throw new FakeHttpError(404, 'Not Found');
    for (const route of ROUTES) {
      const match = route.method === method ? route.pattern.exec(repoPath[3] ?? '') : null;
      if (!match) continue;
      return route.handle({ params: match.slice(1), baseUrl: this.url, query: url.searchParams, body, user, repository, clock: this.clock });
    }
    throw new FakeHttpError(404, 'Not Found');
  }
}
