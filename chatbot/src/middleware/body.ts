/**
 * Reads a JSON request body into `ctx.state.body`, on the routes that take one. Every way a body
 * can be wrong is a 4xx with a precise message, never a 5xx: declared or actual size over the
 * limit -> 413 (the rest is not read, and the connection is closed), a content type other than
 * JSON (or none) -> 415, invalid UTF-8 -> 400, empty -> 400, bad JSON -> 400 with the position.
 *
 * The content type is a CSRF defence, not pedantry: a browser sends a cross-origin POST without
 * asking first (no CORS preflight) only when its type is none, text/plain, form-urlencoded or
 * multipart. Accepting nothing but application/json makes every cross-origin call preflighted,
 * so the CORS policy (middleware/cors.ts) decides, and a foreign page cannot spend our model
 * budget through a visitor's browser.
 */
import type { IncomingMessage } from 'node:http';
import type { AppMiddleware } from '../http/app-state';
import { findJsonSyntaxError } from '../http/json-syntax-error';
import { RequestError } from '../http/request-error';

export function jsonBody(limitBytes: number): AppMiddleware {
  return async (ctx, next) => {
    requireJsonContentType(ctx.request.type, ctx.request.charset);
    const declared = Number(ctx.get('Content-Length') || 0);
    if (declared > limitBytes) throw tooLarge(limitBytes);
    const bytes = await readAtMost(ctx.req, limitBytes);
    if (bytes === undefined) throw tooLarge(limitBytes);
    let text: string;
    try {
      // `fatal` makes invalid sequences an error instead of silently becoming U+FFFD.
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new RequestError(400, 'invalid_utf8', 'Body is not valid UTF-8 text');
    }
    if (text.trim() === '') {
      throw new RequestError(400, 'empty_body', 'Body is empty: send a JSON object such as {"messages":[{"role":"user","content":"Hello"}]}');
    }
    try {
      ctx.state.body = JSON.parse(text);
    } catch {
      const problem = findJsonSyntaxError(text);
      const where = problem ? `${problem.reason} at position ${problem.position}` : 'it could not be parsed';
      throw new RequestError(400, 'invalid_json', `Body is not valid JSON: ${where}`);
    }
    await next();
  };
}

/**
 * Accepts `application/json`, optionally with `charset=utf-8` (what fetch and most clients send);
 * any other charset is refused rather than misread, since the body is decoded as UTF-8.
 * `type` is the media type without parameters, '' when the header is missing.
 */
function requireJsonContentType(type: string, charset: string): void {
  // Media types are case-insensitive (RFC 9110), and Koa passes the header's spelling through.
  if (type.trim().toLowerCase() !== 'application/json') {
    const got = type === '' ? 'none' : JSON.stringify(type.slice(0, 100));
    throw new RequestError(415, 'unsupported_media_type', `Content-Type must be application/json (got ${got}): send the body as JSON with that header`);
  }
  if (charset !== '' && charset.toLowerCase() !== 'utf-8') {
    throw new RequestError(415, 'unsupported_media_type', `Content-Type charset must be utf-8 (got ${JSON.stringify(charset.slice(0, 40))}): the body is read as UTF-8 JSON`);
  }
}

function tooLarge(limitBytes: number): RequestError {
  return new RequestError(413, 'body_too_large', `Body is larger than ${limitBytes} bytes: shorten the conversation`, { Connection: 'close' });
}

/** The whole body, or undefined as soon as it passes `limit` (reading stops there). */
function readAtMost(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop reading but keep the socket: the 413 must still reach the client.
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(new RequestError(400, 'incomplete_body', `Body could not be read: ${err.message}`));
    };
    const onClose = (): void => {
      cleanup();
      reject(new RequestError(400, 'incomplete_body', 'The client closed the connection before sending the whole body'));
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}
