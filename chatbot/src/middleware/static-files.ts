/**
 * Serves the built web UI (chatbot/public) for GET and HEAD. Safe against path traversal: the
 * decoded path is resolved inside the root and refused if it leaves it (also through symlinks);
 * dot files and directories are not served. `index.html` and unhashed files must be revalidated
 * (no-cache + ETag) so a deploy shows at once; hashed names (`app.3f2a9c1b.js`) are immutable.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AppMiddleware } from '../http/app-state';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};
const HASHED_NAME = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;

export function staticFiles(root: string): AppMiddleware {
  const rootDir = resolve(root);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const file = await locate(rootDir, ctx.path === '/' ? '/index.html' : ctx.path);
    if (!file) return next();
    const etag = `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`;
    ctx.set('ETag', etag);
    ctx.set('Cache-Control', HASHED_NAME.test(file.path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    ctx.type = CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream';
    if (ctx.get('If-None-Match') === etag) {
      ctx.status = 304;
      return;
    }
    ctx.status = 200;
    // HEAD gets the headers only (Koa sends no body for it): opening the file would leak it.
    if (ctx.method === 'GET') ctx.body = createReadStream(file.path);
    ctx.length = file.size;
  };
}

/** The regular file `urlPath` names inside `rootDir`, or undefined when there is none to serve. */
async function locate(rootDir: string, urlPath: string): Promise<{ path: string; size: number; mtimeMs: number } | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined; // malformed %-escape: nothing by that name
  }
  if (decoded.includes('\0') || decoded.split(/[/\\]/).some((part) => part.startsWith('.'))) return undefined;
  const candidate = resolve(rootDir, `.${decoded}`);
  if (!candidate.startsWith(rootDir + sep)) return undefined;
  try {
    const [real, realRoot] = await Promise.all([realpath(candidate), realpath(rootDir)]);
    if (!real.startsWith(realRoot + sep)) return undefined;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined; // missing file or root: a 404 from the not-found middleware
  }
}
