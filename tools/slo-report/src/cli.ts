/**
 * `npx projen slo-report <environment> [--json] [--window-days <n>]`: the error budgets, burn
 * rates and alarms of one environment, read from CloudWatch with the caller's AWS credentials
 * (the SDK's default chain), for an on-call hand-over. Read-only: it needs
 * cloudwatch:GetMetricData and cloudwatch:DescribeAlarms. Exit codes: 0 report printed, 1 could
 * not report (one line saying why), 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MAX_WINDOW_DAYS } from './metric-periods';
import { renderJson } from './render-json';
import { renderText } from './render-text';
import { SloReportError } from './report-errors';
import { buildSloReport } from './slo-report';
import { ConfigError } from '../../../stacks/config';
import { selectEnvironment, UnknownEnvironmentError } from '../../../stacks/select-environment';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runAsProcess, UsageError, type CliEnv, type CliIo } from '../../github/src/cli-io';

const TOOL = 'slo-report';
const USAGE = `usage: npx projen slo-report <environment> [--json] [--window-days <1-${MAX_WINDOW_DAYS}>]`;

/** Attempts per CloudWatch call: the SDK retries throttling and 5xx with exponential backoff. */
export const MAX_ATTEMPTS = 5;

export interface SloReportDeps {
  readonly now?: () => Date;
  /** Attempts per CloudWatch call; {@link MAX_ATTEMPTS} by default. */
  readonly maxAttempts?: number;
  /** GetMetricData page size; CloudWatch's maximum by default. */
  readonly maxDatapoints?: number;
}

interface CliArgs {
  readonly environment: string;
  readonly json: boolean;
  readonly windowDays?: number;
}

export function parseCliArgs(argv: readonly string[]): CliArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { 'json': { type: 'boolean' }, 'window-days': { type: 'string' }, 'help': { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
  if (parsed.values.help) return 'help';
  const [environment, ...extra] = parsed.positionals;
  if (environment === undefined) throw new UsageError('name the environment, e.g. npx projen slo-report prod');
  if (extra.length > 0) throw new UsageError(`one environment at a time; got ${parsed.positionals.join(', ')}`);
  const days = parsed.values['window-days'];
  let windowDays: number | undefined;
  if (days !== undefined) {
    windowDays = /^[1-9][0-9]{0,3}$/.test(days.trim()) ? Number(days.trim()) : NaN;
    if (!(windowDays >= 1 && windowDays <= MAX_WINDOW_DAYS)) {
      throw new UsageError(`--window-days must be a whole number of days from 1 to ${MAX_WINDOW_DAYS} (CloudWatch keeps hourly data ${MAX_WINDOW_DAYS} days), got "${days}"`);
    }
  }
  return { environment, json: parsed.values.json === true, ...(windowDays === undefined ? {} : { windowDays }) };
}

export async function main(argv: readonly string[], env: CliEnv, io: CliIo, deps: SloReportDeps = {}): Promise<number> {
  let args: CliArgs | 'help';
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${TOOL}: ${error.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (args === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  let client: CloudWatchClient | undefined;
  try {
    const environment = selectEnvironment(args.environment, env);
    // The environment's own region, whatever AWS_REGION says: its metrics and alarms live there.
    const maxAttempts = deps.maxAttempts ?? MAX_ATTEMPTS;
    client = new CloudWatchClient({ region: environment.region, maxAttempts });
    const report = await buildSloReport({
      client,
      environment,
      now: (deps.now ?? (() => new Date()))(),
      maxAttempts,
      ...(args.windowDays === undefined ? {} : { windowDays: args.windowDays }),
      ...(deps.maxDatapoints === undefined ? {} : { maxDatapoints: deps.maxDatapoints }),
    });
    io.stdout(args.json ? renderJson(report) : renderText(report));
    return EXIT_OK;
  } catch (error) {
    if (!(error instanceof SloReportError || error instanceof ConfigError || error instanceof UnknownEnvironmentError)) throw error;
    io.stderr(`${TOOL}: ${error.message}\n`);
    return EXIT_FAILURE;
  } finally {
    client?.destroy();
  }
}

if (require.main === module) runAsProcess((argv, env, io) => main(argv, env, io));
