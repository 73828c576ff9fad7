/**
 * What a route of the fake GitHub is: a method, a path pattern under `/repos/<owner>/<repo>`, and
 * a handler over the store that answers JSON, a list to paginate, or a GitHub-style error.
 */
import type { FakeClock, FakeRepository, FakeUser } from './fake-github-store';

export class FakeHttpError extends Error {
  constructor(public readonly status: number, message: string, public readonly errors?: readonly unknown[]) {
    super(message);
  }
}

export interface RouteRequest {
  readonly params: readonly string[];
  /** The fake's own root URL, for redirects to its blob storage. */
  readonly baseUrl: string;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  readonly user: FakeUser;
  readonly repository: FakeRepository;
  readonly clock: FakeClock;
}

/** A handler's answer: a JSON body, or a list the server paginates (wrapped under `key` if given). */
export type RouteResponse =
  | { readonly status: number; readonly json?: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly status: 200; readonly items: readonly unknown[]; readonly key?: string };

export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Matched against the path after `/repos/<owner>/<repo>` (empty for the repository itself). */
  readonly pattern: RegExp;
  readonly handle: (request: RouteRequest) => RouteResponse;
}
