/**
 * Why the teardown stops: one message naming the problem and the fix, never a stack trace. The
 * CLI prints it and exits 1 (2 for bad usage).
 */
export class TeardownError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'TeardownError';
  }
}
