/**
 * The two ways a CI tool stops early. The CLI maps them to exit codes: a refusal or failure the
 * user can act on is 1, bad usage (a workflow calling the tool wrongly) is 2. Both messages are one
 * line naming the problem and the fix; neither is a stack trace.
 */

/** Input that is valid usage but cannot be acted on: unknown stack, failed plan, bad manifest. */
export class CiToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CiToolError';
  }
}

/** The tool was called wrongly: unknown subcommand, missing or malformed flag. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
