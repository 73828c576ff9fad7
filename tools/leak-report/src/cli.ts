/**
 * `npx projen leak-report <env> [--json]`: what is left of an environment in its AWS account after
 * a destroy (or at any time), with why each resource counts as the environment's, what it costs
 * while it stays, and the aws CLI command that deletes it. Read-only: it deletes nothing.
 *
 * Exit codes: 0 clean (every check ran, nothing found); 1 resources are left; 2 the report is
 * incomplete (a check could not run: it is listed as "not checked", and the report is never clean
 * then), or it could not start (bad usage, invalid config, credentials of another account).
 */
import { AwsClients } from './aws-clients';
import { exitCode, LeakReportError, runLeakReport } from './leak-report';
import { renderText, toJson } from './render';
import { environmentScope } from './scope';
import { ConfigError } from '../../../stacks/config';
import { selectEnvironment, UnknownEnvironmentError } from '../../../stacks/select-environment';

const USAGE = 'usage: npx projen leak-report <environment> [--json]';

export interface LeakReportIo {
  /** Where PLATFORM_CONFIG_DIR is read from. */
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The AWS clients (tests pass their own options); made from the environment when absent. */
  readonly clients?: AwsClients;
}

export async function main(argv: readonly string[], io: LeakReportIo): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) {
    io.stderr(`leak-report: ${args.error}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    io.stdout(`${USAGE}\nLists what is left of an environment in its AWS account. Exit 0 clean, 1 resources left, 2 incomplete (a check could not run).\n`);
    return 0;
  }
  let environment;
  try {
    environment = selectEnvironment(args.environment, io.env);
  } catch (error) {
    if (error instanceof UnknownEnvironmentError) {
      io.stderr(`leak-report: ${noSuchEnvironment(error)}\n${USAGE}\n`);
      return 2;
    }
    if (!(error instanceof ConfigError)) throw error;
    io.stderr(`leak-report: ${error.message}\n`);
    return 2;
  }

  const clients = io.clients ?? new AwsClients({ env: io.env });
  try {
    const report = await runLeakReport(environmentScope(environment), clients);
    io.stdout(args.json ? `${JSON.stringify(toJson(report), null, 2)}\n` : renderText(report));
    return exitCode(report.status);
  } catch (error) {
    if (!(error instanceof LeakReportError)) throw error;
    io.stderr(`leak-report: ${error.message}\n`);
    return 2;
  } finally {
    if (!io.clients) clients.destroy();
  }
}

/** The environments there are, and the one probably meant. */
export function noSuchEnvironment(error: UnknownEnvironmentError): string {
  const meant = error.nearest === undefined ? '' : ` (did you mean ${error.nearest}?)`;
  return `no environment "${error.environment}" in ${error.projectFile}${meant}; environments: ${error.known.join(', ')}`;
}

type Args = { environment: string; json: boolean; help: boolean } | { error: string };

function parseArgs(argv: readonly string[]): Args {
  let environment: string | undefined;
  let json = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') return { environment: '', json, help: true };
    else if (arg.startsWith('-')) return { error: `unknown option ${arg}` };
    else if (environment !== undefined) return { error: `one environment at a time (got ${environment} and ${arg})` };
    else environment = arg;
  }
  if (environment === undefined) return { error: 'name the environment to check, e.g. dev' };
  return { environment, json, help: false };
}

if (require.main === module) {
  void main(process.argv.slice(2), {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`leak-report: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
