/**
 * The REST endpoints the fake GitHub serves, each a small handler over the store (the repository,
 * contents and Actions ones are in fake-github-actions-routes.ts). Only what the tools call is here;
 * anything else gets GitHub's 404. Validation mirrors GitHub's where a tool
 * could get it wrong (missing or oversized body → 422).
 */
import { ACTIONS_ROUTES } from './fake-github-actions-routes';
import { FakeHttpError, type Route, type RouteRequest } from './fake-github-route';
import { commentJson, issueJson, pullRequestJson, reviewJson, type FakeIssue, type FakeRepository } from './fake-github-store';

export { FakeHttpError, type Route, type RouteRequest, type RouteResponse } from './fake-github-route';

const MAX_BODY = 65_536;

function issueOr404(request: RouteRequest, numberText: string): FakeIssue {
  const issue = request.repository.issues.get(Number(numberText));
  if (!issue) throw new FakeHttpError(404, 'Not Found');
  return issue;
}

function validBody(request: RouteRequest, resource: string, required: boolean): string | undefined {
  const body = request.body.body;
  if (body === undefined && !required) return undefined;
  if (typeof body !== 'string' || (required && body === '')) {
    throw new FakeHttpError(422, 'Validation Failed', [{ resource, code: 'missing_field', field: 'body' }]);
  }
  if (body.length > MAX_BODY) {
    throw new FakeHttpError(422, 'Validation Failed', [{ resource, code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` }]);
  }
  return body;
}

function commentOr404(request: RouteRequest) {
  const comment = request.repository.comments.find((c) => c.id === Number(request.params[0]));
  if (!comment) throw new FakeHttpError(404, 'Not Found');
  return comment;
}

function commentCount(repository: FakeRepository, issueNumber: number): number {
  return repository.comments.filter((c) => c.issueNumber === issueNumber).length;
}

const comments: Route[] = [
  {
    method: 'GET',
    pattern: /^\/issues\/(\d+)\/comments$/,
    handle: (request) => {
      issueOr404(request, request.params[0]);
      const items = request.repository.comments.filter((c) => c.issueNumber === Number(request.params[0]));
      return { status: 200, items: items.map((c) => commentJson(request.repository, c)) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/issues\/(\d+)\/comments$/,
    handle: (request) => {
      const issue = issueOr404(request, request.params[0]);
      const body = validBody(request, 'IssueComment', true)!;
      const now = request.clock.now();
      const comment = { id: request.clock.id(), issueNumber: issue.number, body, user: request.user, created_at: now, updated_at: now };
      request.repository.comments.push(comment);
      return { status: 201, json: commentJson(request.repository, comment) };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/issues\/comments\/(\d+)$/,
    handle: (request) => {
      const comment = commentOr404(request);
      comment.body = validBody(request, 'IssueComment', true)!;
      comment.updated_at = request.clock.now();
      return { status: 200, json: commentJson(request.repository, comment) };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/issues\/comments\/(\d+)$/,
    handle: (request) => {
      const comment = commentOr404(request);
      request.repository.comments.splice(request.repository.comments.indexOf(comment), 1);
      return { status: 204 };
    },
  },
];

const issues: Route[] = [
  {
    method: 'GET',
    pattern: /^\/issues$/,
    handle: (request) => {
      const state = request.query.get('state') ?? 'open';
      const labels = (request.query.get('labels') ?? '').split(',').filter((l) => l !== '');
      // GitHub's default order: newest first.
      const items = [...request.repository.issues.values()].reverse()
        .filter((issue) => state === 'all' || issue.state === state)
        .filter((issue) => labels.every((label) => issue.labels.includes(label)));
      return { status: 200, items: items.map((issue) => issueJson(request.repository, issue, commentCount(request.repository, issue.number))) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/issues\/(\d+)$/,
    handle: (request) => {
      const issue = issueOr404(request, request.params[0]);
      return { status: 200, json: issueJson(request.repository, issue, commentCount(request.repository, issue.number)) };
    },
  },
  {
    method: 'POST',
    pattern: /^\/issues$/,
    handle: (request) => {
      const title = request.body.title;
      if (typeof title !== 'string' || title === '') throw new FakeHttpError(422, 'Validation Failed', [{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
      const now = request.clock.now();
      const issue: FakeIssue = {
        number: request.repository.issues.size + 1,
        title,
        body: validBody(request, 'Issue', false) ?? null,
        state: 'open',
        state_reason: null,
        labels: Array.isArray(request.body.labels) ? request.body.labels.map(String) : [],
        user: request.user,
        created_at: now,
        updated_at: now,
        closed_at: null,
      };
      request.repository.issues.set(issue.number, issue);
      return { status: 201, json: issueJson(request.repository, issue, 0) };
    },
  },
  {
    method: 'PATCH',
    pattern: /^\/issues\/(\d+)$/,
    handle: (request) => {
      const issue = issueOr404(request, request.params[0]);
      const { title, state, state_reason: stateReason, labels } = request.body;
      if (typeof title === 'string') issue.title = title;
      const body = validBody(request, 'Issue', false);
      if (body !== undefined) issue.body = body;
      if (Array.isArray(labels)) issue.labels = labels.map(String);
      if (state === 'open' || state === 'closed') {
        if (state !== issue.state) issue.closed_at = state === 'closed' ? request.clock.now() : null;
        issue.state = state;
        issue.state_reason = state === 'closed' ? (typeof stateReason === 'string' ? stateReason : 'completed') : 'reopened';
      } else if (state !== undefined) {
        throw new FakeHttpError(422, 'Validation Failed', [{ resource: 'Issue', code: 'invalid', field: 'state' }]);
      }
      issue.updated_at = request.clock.now();
      return { status: 200, json: issueJson(request.repository, issue, commentCount(request.repository, issue.number)) };
    },
  },
];

const pulls: Route[] = [
  {
    method: 'GET',
    pattern: /^\/pulls\/(\d+)$/,
    handle: (request) => {
      const issue = issueOr404(request, request.params[0]);
      if (!issue.pull) throw new FakeHttpError(404, 'Not Found');
      return { status: 200, json: pullRequestJson(request.repository, issue, issue.pull) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/pulls\/(\d+)\/reviews$/,
    handle: (request) => {
      const issue = issueOr404(request, request.params[0]);
      if (!issue.pull) throw new FakeHttpError(404, 'Not Found');
      const reviews = request.repository.reviews.get(issue.number) ?? [];
      return { status: 200, items: reviews.map((review) => reviewJson(request.repository, issue.number, review)) };
    },
  },
  {
    method: 'GET',
    pattern: /^\/collaborators\/([^/]+)\/permission$/,
    handle: (request) => {
      const login = decodeURIComponent(request.params[0]);
      const entry = [...request.repository.permissions.entries()].find(([name]) => name.toLowerCase() === login.toLowerCase());
      if (!entry) throw new FakeHttpError(404, `${login} is not a user`);
      return { status: 200, json: { permission: entry[1].permission, role_name: entry[1].role_name, user: { login: entry[0], type: 'User' } } };
    },
  },
];

export const ROUTES: readonly Route[] = [...comments, ...issues, ...pulls, ...ACTIONS_ROUTES];
