/**
 * Runs the provider's readiness check at start and again in the background, with backoff, until
 * it passes: credentials can appear after the service started (in EKS the Pod Identity agent on
 * the node may start after the pod). Each new reason is logged once, as one warn line; the
 * repeats of the same reason only at debug level, so a long wait does not flood the logs.
 */
import type { Logger } from './logger';
import { ProviderNotReady } from './providers/chat-provider';
import { RetryPolicy, RetryPolicyOptions } from './providers/retry-policy';
import { Readiness } from './readiness';

/** Options of {@link checkUntilReady}. */
export interface ReadinessCheckOptions {
  /** Resolves when the provider can answer; rejects with ProviderNotReady naming why. */
  readonly check: () => Promise<void>;
  /** Flipped to ready when `check` passes; holds the latest reason until then. */
  readonly readiness: Readiness;
  readonly logger: Logger;
  /** Backoff between checks. @default 1 s doubling to a 30 s cap, full jitter */
  readonly retry?: RetryPolicyOptions;
}

/** What {@link checkUntilReady} returns. */
export interface ReadinessCheck {
  /** Settles once the check passed, or once stopped. */
  readonly done: Promise<void>;
  /** Stops retrying (on shutdown); a check in flight is ignored. */
  stop(): void;
}

const RETRY_DEFAULTS: RetryPolicyOptions = { baseDelayMs: 1000, maxDelayMs: 30000 };

export function checkUntilReady(options: ReadinessCheckOptions): ReadinessCheck {
  const { check, readiness, logger } = options;
  const policy = new RetryPolicy({ ...RETRY_DEFAULTS, ...options.retry });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let finish = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let logged: string | undefined;

  const attempt = async (number: number): Promise<void> => {
    let reason: string | undefined;
    try {
      await check();
    } catch (err) {
      reason = err instanceof ProviderNotReady ? err.message : `the readiness check failed: ${err instanceof Error ? err.message : String(err)}`;
      if (!(err instanceof ProviderNotReady) && !stopped) logger.error({ err }, 'readiness check failed unexpectedly');
    }
    if (stopped) return;
    if (reason === undefined) {
      readiness.markReady();
      logger.info({ attempts: number }, 'ready: the model provider can answer');
      finish();
      return;
    }
    readiness.markNotReady(reason);
    const delayMs = policy.delayMs(number);
    // The message is the reason itself: the one line an operator reads to fix it.
    if (reason !== logged) logger.warn({ reason, retry_in_ms: delayMs }, `not ready: ${reason}`);
    else logger.debug({ reason, attempt: number, retry_in_ms: delayMs }, 'still not ready');
    logged = reason;
    timer = setTimeout(() => void attempt(number + 1), delayMs);
  };

  void attempt(1);
  return {
    done,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      finish();
    },
  };
}
