/**
 * Why `npx projen deploy|destroy` stops before cdktf runs. The CLI prints the message as one
 * paragraph naming the problem and the fix, and exits 1; never a stack trace.
 */
export class LifecycleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LifecycleError';
  }
}
