/**
 * The HTTP side of the fake GitHub: request bodies in, JSON and GitHub-style errors out, and
 * list pagination the way GitHub does it (per_page up to 100, page, and a Link header with
 * next/last/first/prev that Octokit's paginate follows).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeHttpError, type RouteResponse } from './fake-github-routes';

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {};
  } catch {
    throw new FakeHttpError(400, 'Problems parsing JSON');
  }
}

/** GitHub's error shape: message, validation errors for a 422, documentation_url. */
export function sendError(response: ServerResponse, error: FakeHttpError): void {
  response.writeHead(error.status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({
    message: error.message,
    ...(error.errors ? { errors: error.errors } : {}),
    documentation_url: 'https://docs.github.com/rest',
    status: String(error.status),
  }));
}

/** A handler's answer; a list is cut to the requested page with Link headers to the others. */
export function sendRouteResponse(response: ServerResponse, url: URL, result: RouteResponse): void {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (!('items' in result)) {
    response.writeHead(result.status, { ...headers, ...result.headers });
    response.end(result.json === undefined ? '' : JSON.stringify(result.json));
    return;
  }
  const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
  const lastPage = Math.max(Math.ceil(result.items.length / perPage), 1);
  const pageItems = result.items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string): string => {
    const target = new URL(url.toString());
    target.searchParams.set('page', String(n));
    return `<${target.toString()}>; rel="${rel}"`;
  };
  const links = [
    ...(page < lastPage ? [link(page + 1, 'next'), link(lastPage, 'last')] : []),
    ...(page > 1 ? [link(1, 'first'), link(page - 1, 'prev')] : []),
  ];
  if (links.length > 0) headers.link = links.join(', ');
  response.writeHead(200, headers);
  response.end(JSON.stringify(result.key ? { total_count: result.items.length, [result.key]: pageItems } : pageItems));
}
