/**
 * What a CLI entry point receives instead of touching `process` directly, so tests run the whole
 * command in-process with their own argv, environment and captured output.
 */

/** The environment as the CLI sees it (`process.env` in production). */
export type CliEnv = Readonly<Record<string, string | undefined>>;

export interface CliIo {
  /** Normal output (what happened). */
  readonly stdout: (text: string) => void;
  /** Refusals, failures and usage errors. */
  readonly stderr: (text: string) => void;
}

/** The exit codes of the contract: 0 success, 1 refusal or failure, 2 bad usage. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Bad flags or input the caller must fix: printed with the usage text, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The real process streams. */
export const PROCESS_IO: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * Runs a CLI's `main` as the process entry: sets the exit code and never prints a stack trace
 * for an expected failure (main already turned those into messages and exit codes).
 */
export function runAsProcess(main: (argv: readonly string[], env: CliEnv, io: CliIo) => Promise<number>): void {
  main(process.argv.slice(2), process.env, PROCESS_IO).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      // Only a bug gets here; show it, since that is what a bug report needs.
      process.stderr.write(`internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}

/** A subcommand of a CLI: its usage text and what it does. */
export interface CliCommand {
  /** One line per form, shown on a usage error. */
  readonly usage: string;
  readonly run: (argv: readonly string[], env: CliEnv, io: CliIo) => Promise<number>;
}

/**
 * Dispatches `argv[0]` to a subcommand and turns every expected failure into a message and an
 * exit code: usage errors exit 2 with the usage text, anything else exits 1 with its message
 * only (GitHub API errors already name the operation and status; no stack traces in logs).
 */
export async function runCli(
  tool: string, commands: Readonly<Record<string, CliCommand>>, argv: readonly string[], env: CliEnv, io: CliIo,
): Promise<number> {
  const usage = `usage:\n${Object.values(commands).map((c) => `  ${c.usage}`).join('\n')}\n`;
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (command === undefined) {
    io.stderr(`${tool}: unknown command "${name}"\n${usage}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(rest, env, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${tool} ${name}: ${error.message}\nusage: ${command.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`${tool} ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILURE;
  }
}
