/**
 * The benchmark's load client. autocannon reports whole-response latency only, and a streamed
 * answer's first token is what a chat user waits for, so this client times each POST /api/chat
 * itself: request sent -> first `delta` event (time to first token) -> `done` (completion).
 */
import { Agent, request } from 'node:http';

const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'How do I rotate my access keys?' }] });

/** One streamed answer as the client saw it. */
export interface StreamTiming {
  readonly ok: boolean;
  /** Milliseconds from sending the request to the first `delta` event. */
  readonly ttftMs: number;
  /** Milliseconds from sending the request to the end of the response. */
  readonly totalMs: number;
}

/** The result of {@link runLoad}. */
export interface LoadResult {
  readonly timings: readonly StreamTiming[];
  readonly wallMs: number;
}

// One keep-alive agent without a socket cap, so `concurrency` really means open streams.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });

/**
 * Sends one streaming chat request; `onFirstDelta` fires once text arrives.
 * Never rejects: failures come back as `ok: false`.
 */
export function streamOnce(baseUrl: string, onFirstDelta: () => void = () => undefined): Promise<StreamTiming> {
  return new Promise((resolve) => {
    const start = performance.now();
    let ttftMs = NaN;
    let text = '';
    const req = request(`${baseUrl}/api/chat`, {
      method: 'POST',
      agent,
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream', 'Content-Length': Buffer.byteLength(BODY) },
    }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (Number.isNaN(ttftMs) && text.includes('event: delta')) {
          ttftMs = performance.now() - start;
          onFirstDelta();
        }
      });
      res.on('end', () => resolve({
        ok: res.statusCode === 200 && !Number.isNaN(ttftMs) && text.includes('event: done'),
        ttftMs,
        totalMs: performance.now() - start,
      }));
      res.on('error', () => resolve({ ok: false, ttftMs, totalMs: performance.now() - start }));
    });
    req.on('error', () => resolve({ ok: false, ttftMs, totalMs: performance.now() - start }));
    req.end(BODY);
  });
}

/**
 * `total` requests, at most `concurrency` in flight at any time. With `rampMs`, the streams open
 * one after another over that time instead of all at once: chat users do not press Enter in
 * lockstep, and a start in lockstep keeps the streams synchronised for the whole run (they all
 * take the same time), so every first token would wait behind `concurrency` request set-ups.
 * Ramping over one answer's duration spreads the arrivals evenly, as at a steady state.
 */
export async function runLoad(baseUrl: string, total: number, concurrency: number, rampMs = 0): Promise<LoadResult> {
  const timings: StreamTiming[] = [];
  let issued = 0;
  const start = performance.now();
  const worker = async (_: unknown, index: number): Promise<void> => {
    if (rampMs > 0) await new Promise((done) => setTimeout(done, (index * rampMs) / concurrency));
    while (issued < total) {
      issued++;
      timings.push(await streamOnce(baseUrl));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { timings, wallMs: performance.now() - start };
}

/** The q-quantile (0..1) of `values`, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Closes the client's idle keep-alive sockets (so the processes can exit). */
export function closeClient(): void {
  agent.destroy();
}
