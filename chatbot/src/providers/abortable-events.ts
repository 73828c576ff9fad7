/**
 * Reads an async iterator so that an abort ends a pending read at once: after an abort the AWS
 * SDK's event stream may never settle the read it has pending, and a reader stuck on it would
 * hold the answer (and its retries, its fallback, its error event) forever.
 *
 * This runs for every token of every answer, so a read costs one promise and one `then`: no
 * `Promise.race`, whose reactions on a never-settling abort promise would pile up for the whole
 * stream, and one abort listener per stream rather than one per read.
 */
export class AbortableEvents<T> {
  /** The pending read's settle functions; cleared once it settled, so a late result is dropped. */
  private resolveRead?: (result: IteratorResult<T, undefined>) => void;
  private rejectRead?: (reason: unknown) => void;
  // Built once per stream rather than once per read.
  private readonly startRead: (resolve: (result: IteratorResult<T, undefined>) => void, reject: (reason: unknown) => void) => void;
  private readonly onResult: (result: IteratorResult<T, undefined>) => void;
  private readonly onError: (reason: unknown) => void;
  private readonly onAbort: () => void;

  /** `events` undefined reads as an empty stream. */
  constructor(events: AsyncIterator<T> | undefined, private readonly signal: AbortSignal) {
    this.startRead = events === undefined
      ? (resolve) => resolve({ done: true, value: undefined })
      : (resolve, reject) => {
        this.resolveRead = resolve;
        this.rejectRead = reject;
        // Its rejection is always handled here, even when an abort settled the read first.
        events.next().then(this.onResult, this.onError);
      };
    this.onResult = (result) => {
      const resolve = this.resolveRead;
      this.forgetRead();
      resolve?.(result);
    };
    this.onError = (reason) => this.failRead(reason);
    this.onAbort = () => this.failRead(signal.reason);
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /**
   * The next event, or a rejection with the abort reason as soon as the signal aborts (at once
   * when it already has). One read at a time: call again only once the last one settled.
   */
  next(): Promise<IteratorResult<T, undefined>> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason);
    return new Promise(this.startRead);
  }

  /** Removes the abort listener (the stream is over). A read still pending stays pending. */
  dispose(): void {
    this.signal.removeEventListener('abort', this.onAbort);
  }

  private failRead(reason: unknown): void {
    const reject = this.rejectRead;
    this.forgetRead();
    reject?.(reason);
  }

  private forgetRead(): void {
    this.resolveRead = undefined;
    this.rejectRead = undefined;
  }
}
