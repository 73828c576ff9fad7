/**
 * Bounded waiting with progress: poll what is still there until nothing is, printing what is
 * waited for, every change, and a heartbeat; give up after the timeout with one message naming
 * what is stuck, the command that shows it and where to look for why.
 */

export interface WaitSpec {
  /** What is waited for, as a noun phrase: "load balancers and target groups of cluster qa-dev". */
  readonly what: string;
  /** What is still there, one short line each; empty once it is all gone. Throws when it cannot look. */
  readonly remaining: () => Promise<readonly string[]>;
  readonly timeoutMs: number;
  /** The command that shows what is left. */
  readonly seeCommand: string;
  /** Who deletes it and where to look when it does not go. */
  readonly hint: string;
}

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface WaitOptions {
  readonly intervalMs: number;
  /** A "still waiting" line at least this often while nothing changes. */
  readonly heartbeatMs: number;
  readonly log: (line: string) => void;
  readonly clock: Clock;
  readonly signal?: AbortSignal;
  /** Says whether a failed look means "may not" (no point in retrying) rather than a passing fault. */
  readonly isDenied?: (error: unknown) => boolean;
  readonly describeError: (error: unknown) => string;
}

export type WaitOutcome =
  | { readonly status: 'gone'; readonly what: string }
  | { readonly status: 'stuck'; readonly what: string; readonly remaining: readonly string[]; readonly message: string }
  | { readonly status: 'failed'; readonly what: string; readonly message: string }
  | { readonly status: 'interrupted'; readonly what: string; readonly message: string };

/** Looks that may fail in a row (after the SDK's own retries) before the wait gives up. */
const FAILURES_IN_A_ROW = 3;

export async function waitUntilGone(spec: WaitSpec, options: WaitOptions): Promise<WaitOutcome> {
  const { clock, log } = options;
  const start = clock.now();
  const limit = formatDuration(spec.timeoutMs);
  let previous: string | undefined;
  let lastLine = start;
  let failures = 0;
  for (let first = true; ; first = false) {
    if (options.signal?.aborted) return { status: 'interrupted', what: spec.what, message: `interrupted while waiting for ${spec.what}` };
    let left: readonly string[] | undefined;
    try {
      left = await spec.remaining();
      failures = 0;
    } catch (error) {
      failures++;
      const reason = options.describeError(error);
      if (options.isDenied?.(error) || failures >= FAILURES_IN_A_ROW) {
        return {
          status: 'failed',
          what: spec.what,
          message: `could not look for ${spec.what}${failures > 1 ? ` (${failures} tries)` : ''}: ${reason}. See them: ${spec.seeCommand}`,
        };
      }
      log(`teardown: looking for ${spec.what} failed (${reason}); trying again`);
    }
    const elapsed = clock.now() - start;
    if (left !== undefined) {
      if (left.length === 0) {
        log(first ? `teardown: ${spec.what}: none left` : `teardown: ${spec.what}: gone after ${formatDuration(elapsed)}`);
        return { status: 'gone', what: spec.what };
      }
      const listing = `${left.length} left: ${summarize(left)}`;
      if (first) {
        log(`teardown: waiting up to ${limit} for ${spec.what} to go; ${listing}`);
        lastLine = clock.now();
      } else if (listing !== previous) {
        log(`teardown: ${spec.what}: ${listing} (${formatDuration(elapsed)} of ${limit})`);
        lastLine = clock.now();
      } else if (clock.now() - lastLine >= options.heartbeatMs) {
        log(`teardown: still waiting for ${spec.what} (${formatDuration(elapsed)} of ${limit}); ${listing}`);
        lastLine = clock.now();
      }
      previous = listing;
      if (elapsed >= spec.timeoutMs) {
        return {
          status: 'stuck',
          what: spec.what,
          remaining: left,
          message: `gave up after ${formatDuration(elapsed)} waiting for ${spec.what}. Still there: ${left.join(', ')}. See them: ${spec.seeCommand}. ${spec.hint}`,
        };
      }
    }
    await clock.sleep(Math.min(options.intervalMs, Math.max(0, spec.timeoutMs - elapsed)), options.signal);
  }
}

/** "1m30s", "45s", "2h0m". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  return `${Math.floor(minutes / 60)}h${minutes % 60}m`;
}

/** The first few items, and how many more. */
function summarize(items: readonly string[], shown = 5): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}
