/**
 * Reads a JSON request body into `ctx.state.body`, on the routes that take one. Every way a body
 * can be wrong is a 4xx with a precise message, never a 5xx: declared or actual size over the
 * limit -> 413 (the rest is not read, and the connection is closed), a content type other than
 * JSON -> 415, invalid UTF-8 -> 400, empty -> 400, bad JSON -> 400 with the position.
 */
import type { IncomingMessage } from 'node:http';
import type { AppMiddleware } from '../http/app-state';
import { findJsonSyntaxError } from '../http/json-syntax-error';
import { RequestError } from '../http/request-error';

export function jsonBody(limitBytes: number): AppMiddleware {
  return async (ctx, next) => {
    // The media type alone (`ctx.is` answers null for a body-less request, whatever its type).
    const type = ctx.request.type;
    // Requiring JSON also makes cross-origin browser posts preflighted, so CORS decides.
    if (type !== '' && type !== 'application/json') {
      throw new RequestError(415, 'unsupported_media_type', `Content-Type must be application/json (got ${JSON.stringify(type.slice(0, 100))})`);
    }
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
