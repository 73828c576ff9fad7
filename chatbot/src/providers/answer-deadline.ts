/**
 * The time budget of one answer across all its attempts and both models: one signal that aborts
 * when the caller's signal does (client gone, server draining) or when the total timeout passes,
 * so every SDK call, retry pause and stream read of the answer stops at the same moment.
 */
import { TotalTimeout } from './bedrock-errors';

export class AnswerDeadline {
  /** Aborts on the caller's abort (its reason) or at the deadline (a TotalTimeout). */
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly endsAt: number;
  private readonly forwardAbort: () => void;

  constructor(private readonly callerSignal: AbortSignal, timeoutMs: number, private readonly clock: () => number) {
    this.signal = this.controller.signal;
    this.endsAt = clock() + timeoutMs;
    this.timer = setTimeout(() => this.controller.abort(new TotalTimeout(timeoutMs)), timeoutMs);
    this.forwardAbort = () => this.controller.abort(callerSignal.reason);
    if (callerSignal.aborted) this.forwardAbort();
    else callerSignal.addEventListener('abort', this.forwardAbort, { once: true });
  }

  /** The caller aborted (as opposed to the deadline passing). */
  get callerAborted(): boolean {
    return this.callerSignal.aborted;
  }

  /** The total timeout passed before the caller aborted. */
  get timedOut(): boolean {
    return this.signal.aborted && this.signal.reason instanceof TotalTimeout;
  }

  /** Milliseconds left before the deadline. */
  remainingMs(): number {
    return Math.max(0, this.endsAt - this.clock());
  }

  /** Stops the timer and the listener on the caller's signal (the answer is over). */
  dispose(): void {
    clearTimeout(this.timer);
    this.callerSignal.removeEventListener('abort', this.forwardAbort);
  }
}
