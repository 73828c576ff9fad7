/**
 * `npx tsx tools/ci/src/cli.ts <subcommand> [flags]`: the logic of the plan, apply, lifecycle and
 * drift workflows, kept out of inline shell so it is tested. Subcommands:
 *
 *   plan-stacks  --manifest M --plans-dir D [--environment E] [--include-bootstrap]
 *   plan-digests --paths "<upload-artifact path: entries>" --out plans/digests.json [--root .]
 *   select-apply --manifest M --plans-dir D --stacks <JSON array> --sha S --reply-file F
 *   apply-plans  --manifest M --environment E --stacks "<names>" --result-file F
 *   run-stacks   --action up|destroy --manifest M --environment E --result-file F
 *   apply-report --results-dir D --targets <JSON> --sha S [--run-url U] --out F
 *   drift-report --environment E --manifest M --plans-dir D [--summary-file F] [--run-url U] --out F [--status-file F]
 *
 * (`--terraform <path>` replaces the terraform binary.) Outputs go to $GITHUB_OUTPUT. Exit 0 done,
 * 1 refused or failed (one line on stderr), 2 bad usage.
 */
import { CiToolError, UsageError } from './ci-errors';
import {
  applyPlansCommand,
  applyReportCommand,
  driftReportCommand,
  planDigestsCommand,
  planStacksCommand,
  runStacksCommand,
  selectApplyCommand,
  type CommandContext,
} from './cli-commands';

const COMMANDS: Record<string, (argv: readonly string[], ctx: CommandContext) => number | Promise<number>> = {
  'plan-stacks': planStacksCommand,
  'plan-digests': planDigestsCommand,
  'select-apply': selectApplyCommand,
  'apply-plans': applyPlansCommand,
  'run-stacks': runStacksCommand,
  'apply-report': applyReportCommand,
  'drift-report': driftReportCommand,
};

/** Run one subcommand; returns the exit code. */
export async function runCiCli(argv: readonly string[], ctx: CommandContext & { readonly error: (line: string) => void }): Promise<number> {
  const [name, ...rest] = argv;
  try {
    const command = name === undefined ? undefined : COMMANDS[name];
    if (command === undefined) {
      throw new UsageError(`${name === undefined ? 'missing subcommand' : `unknown subcommand "${name}"`}; use one of ${Object.keys(COMMANDS).join(', ')}`);
    }
    return await command(rest, ctx);
  } catch (error) {
    if (error instanceof UsageError) {
      ctx.error(`ci: ${error.message}`);
      return 2;
    }
    if (error instanceof CiToolError) {
      ctx.error(`ci: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  void runCiCli(process.argv.slice(2), {
    githubOutput: process.env.GITHUB_OUTPUT,
    log: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}
