/**
 * The GitHub Actions context the CLIs need, read from the standard environment variables once, at
 * the edge. Flags override the environment (`--repo` over GITHUB_REPOSITORY).
 */
import { UsageError, type CliEnv } from './cli-io';
import { DEFAULT_API_URL } from './client';
import { parseRepositoryName, type RepositoryName } from './repository';

export interface ActionContext {
  readonly repository: RepositoryName;
  /** The token; never printed. */
  readonly token: string;
  readonly apiUrl: string;
  /** $GITHUB_OUTPUT: where step outputs are appended; absent outside Actions. */
  readonly outputFile?: string;
  /** $GITHUB_STEP_SUMMARY: Markdown appended to the job summary; absent outside Actions. */
  readonly stepSummaryFile?: string;
  /** This workflow run's page, when the environment names one. */
  readonly runUrl?: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The repository from `--repo`, else GITHUB_REPOSITORY; a usage error when neither is set. */
export function resolveRepository(repoFlag: string | undefined, env: CliEnv): RepositoryName {
  if (repoFlag !== undefined) return parseRepositoryName(repoFlag, '--repo');
  const fromEnv = nonEmpty(env.GITHUB_REPOSITORY);
  if (fromEnv === undefined) throw new UsageError('no repository: pass --repo owner/repo or set GITHUB_REPOSITORY');
  return parseRepositoryName(fromEnv, 'GITHUB_REPOSITORY');
}

/** The run page, `<server>/<owner>/<repo>/actions/runs/<id>`, when the environment has all parts. */
export function runUrlFromEnv(env: CliEnv): string | undefined {
  const server = nonEmpty(env.GITHUB_SERVER_URL);
  const repository = nonEmpty(env.GITHUB_REPOSITORY);
  const runId = nonEmpty(env.GITHUB_RUN_ID);
  if (server === undefined || repository === undefined || runId === undefined || !/^[0-9]+$/.test(runId)) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${runId}`;
}

/** Everything a command that calls the API needs; a usage error names what is missing. */
export function readActionContext(env: CliEnv, repoFlag: string | undefined): ActionContext {
  const repository = resolveRepository(repoFlag, env);
  const token = nonEmpty(env.GITHUB_TOKEN);
  if (token === undefined) throw new UsageError('GITHUB_TOKEN is not set: pass the token to the step as env (GITHUB_TOKEN: ${{ github.token }})');
  return {
    repository,
    token,
    apiUrl: nonEmpty(env.GITHUB_API_URL) ?? DEFAULT_API_URL,
    outputFile: nonEmpty(env.GITHUB_OUTPUT),
    stepSummaryFile: nonEmpty(env.GITHUB_STEP_SUMMARY),
    runUrl: runUrlFromEnv(env),
  };
}
