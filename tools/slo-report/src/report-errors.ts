/**
 * Why `npx projen slo-report` could not report. The CLI prints the message as one line naming the
 * problem and the fix, and exits 1; never a stack trace.
 */
export class SloReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SloReportError';
  }
}
