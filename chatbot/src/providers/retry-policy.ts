/**
 * Backoff between attempts on one model: exponential with full jitter and a cap, as in the AWS
 * Architecture Blog's "Exponential Backoff And Jitter" (the SDKs' own strategy). Full jitter
 * spreads the retries of many chat requests throttled at the same moment instead of sending them
 * back in lockstep, which would be throttled again.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link RetryPolicy}. */
export interface RetryPolicyOptions {
  /** Upper bound of the first retry's delay; doubles per attempt. @default 250 */
  readonly baseDelayMs?: number;
  /** Cap on any one delay. @default 4000 */
  readonly maxDelayMs?: number;
  /** Uniform random number in [0, 1) (tests pin it). @default Math.random */
  readonly random?: () => number;
}

const DEFAULTS: Required<RetryPolicyOptions> = { baseDelayMs: 250, maxDelayMs: 4000, random: Math.random };

export class RetryPolicy {
  private readonly options: Required<RetryPolicyOptions>;

  constructor(options: RetryPolicyOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** The pause after failed attempt number `attempt` (1 = the first call): uniform in [0, min(cap, base * 2^(attempt-1))]. */
  delayMs(attempt: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.options;
    // Math.min before the power would overflow to Infinity for large attempts; the cap bounds it.
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
    return Math.floor(random() * ceiling);
  }
}

/** Waits `ms`, or rejects with `signal.reason` as soon as `signal` aborts (no retry after a disconnect). */
export async function pause(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  try {
    await sleep(ms, undefined, { signal });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    throw error;
  }
}
