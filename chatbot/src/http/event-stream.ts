/**
 * A Server-Sent Events response on the raw Node response. Each event is written (and so flushed)
 * on its own; a comment line every `heartbeatMs` keeps idle connections open through the ALB
 * (idle timeout 60 s) and proxies; writes wait for `drain` so a slow client cannot make the
 * server buffer a whole answer.
 */
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

export class EventStream {
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly res: ServerResponse, private readonly heartbeatMs: number) {}

  /** False once the client is gone or the stream ended. */
  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  /** Sends the status and headers now, so the client sees the stream start at once. */
  start(): void {
    this.res.statusCode = 200;
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform: proxies must not compress or buffer the stream.
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    // nginx-style proxies buffer responses unless told not to.
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    // Small writes go out at once instead of waiting for Nagle's algorithm.
    this.res.socket?.setNoDelay(true);
    this.heartbeat = setInterval(() => {
      if (this.open) this.res.write(': keep-alive\n\n');
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  /**
   * Writes one event; JSON never holds a raw newline, so one `data:` line is enough. Returns a
   * promise only when the client is slow (wait for it before sending more); the usual case costs
   * no promise at all, which matters for a call made once per token.
   *
   * Not corked to batch the events of one tick: on Node 22 an `end()` while corked drops the
   * buffered events (seen with the bundle on 22.22; Node 20 was fine), and the code supports 22.
   */
  send(event: string, data: unknown): Promise<void> | undefined {
    return this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /**
   * Writes one `delta` event: the same as `send('delta', { text })`, without building and
   * serialising an object for each token.
   */
  sendText(text: string): Promise<void> | undefined {
    return this.write(`event: delta\ndata: {"text":${JSON.stringify(text)}}\n\n`);
  }

  private write(chunk: string): Promise<void> | undefined {
    if (!this.open) return undefined;
    if (this.res.write(chunk)) return undefined;
    // Backpressure: wait for `drain` (or the client leaving). The abort removes the listener that
    // lost the race, so slow clients do not pile them up.
    const cleanup = new AbortController();
    return Promise.race([
      once(this.res, 'drain', { signal: cleanup.signal }),
      once(this.res, 'close', { signal: cleanup.signal }),
    ]).then(() => undefined).finally(() => cleanup.abort());
  }

  /** Stops the heartbeat and ends the response. */
  end(): void {
    clearInterval(this.heartbeat);
    if (this.open) this.res.end();
  }
}
