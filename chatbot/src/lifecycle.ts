/**
 * The server's life after start-up: whether it is draining (readiness false, new requests 503)
 * and which chat answers are still open, so shutdown can wait for them and then end the rest.
 */
import { ServerShuttingDown } from './chat/abort-reasons';

export class Lifecycle {
  private isDraining = false;
  private readonly open = new Set<AbortController>();
  private readonly idleWaiters = new Set<() => void>();

  /** True from the moment shutdown begins. */
  get draining(): boolean {
    return this.isDraining;
  }

  /** Number of chat answers still in progress. */
  get openAnswers(): number {
    return this.open.size;
  }

  /** Turns readiness false; new requests are refused from now on. */
  startDraining(): void {
    this.isDraining = true;
  }

  /** Registers an answer in progress; call the returned function once it has ended. */
  track(controller: AbortController): () => void {
    this.open.add(controller);
    return () => {
      this.open.delete(controller);
      if (this.open.size === 0) this.idleWaiters.forEach((resolve) => resolve());
    };
  }

  /** Resolves true once no answer is open, or false when `timeoutMs` passed first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.open.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (idle: boolean): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(onIdle);
        resolve(idle);
      };
      const onIdle = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.idleWaiters.add(onIdle);
    });
  }

  /** Aborts every open answer; each ends with an `error` event `shutting_down`. */
  abortOpen(): void {
    for (const controller of this.open) controller.abort(new ServerShuttingDown());
  }
}
