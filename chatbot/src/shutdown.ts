/**
 * Graceful shutdown. On SIGTERM (Kubernetes stopping the pod): readiness turns false and new
 * requests get 503, open chat streams get up to the drain timeout to finish, the ones still
 * open then end with an `error` event `shutting_down`, the server closes, and the process exits
 * 0. The pod's terminationGracePeriodSeconds must exceed DRAIN_TIMEOUT_MS plus a few seconds.
 */
import type { Server } from 'node:http';
import type { Lifecycle } from './lifecycle';
import type { Logger } from './logger';

/** Options of {@link drainAndClose}. */
export interface DrainOptions {
  readonly server: Server;
  readonly lifecycle: Lifecycle;
  readonly logger: Logger;
  /** How long open answers may take to finish. */
  readonly drainTimeoutMs: number;
  /** After the drain timeout, time for aborted streams to send their error and for last responses to end. @default 2000 */
  readonly graceMs?: number;
}

const DEFAULTS = { graceMs: 2000 };

/** Drains open answers and closes the server; resolves once it is closed. */
export async function drainAndClose(options: DrainOptions): Promise<void> {
  const { server, lifecycle, logger, drainTimeoutMs, graceMs } = { ...DEFAULTS, ...options };
  lifecycle.startDraining();
  logger.info({ open_answers: lifecycle.openAnswers, drain_timeout_ms: drainTimeoutMs }, 'draining');
  if (!(await lifecycle.waitForIdle(drainTimeoutMs))) {
    logger.warn({ open_answers: lifecycle.openAnswers }, 'drain timeout: ending the open answers');
    lifecycle.abortOpen();
    await lifecycle.waitForIdle(graceMs);
  }
  await closeServer(server, graceMs);
  logger.info('server closed');
}

/** Closes the server: idle keep-alive connections at once, busy ones after `graceMs`. */
function closeServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Keep-alive connections whose response just ended turn idle a moment later, so keep
    // closing idle ones until the server reports closed.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
    server.close(() => {
      clearInterval(sweep);
      clearTimeout(deadline);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Runs `shutdown` once on SIGTERM or SIGINT, then exits 0 (1 if it failed or hung). */
export function exitOnSignal(shutdown: () => Promise<void>, logger: Logger, hardLimitMs: number): void {
  let started = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (started) return;
    started = true;
    logger.info({ signal }, 'shutting down');
    const watchdog = setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, hardLimitMs);
    watchdog.unref();
    shutdown().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
