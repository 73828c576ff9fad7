/**
 * Runs a tool's CLI `main` in-process, as the workflow would run it: argv, an environment with
 * the Actions variables pointing at a fake GitHub and temporary output files, captured streams.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAKE_TOKEN, type FakeGitHub } from './fake-github';
import type { CliEnv, CliIo } from '../../tools/github/src/cli-io';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export type CliMain = (argv: readonly string[], env: CliEnv, io: CliIo) => Promise<number>;

export async function runCliMain(main: CliMain, argv: readonly string[], env: CliEnv): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, env, { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
  return { code, stdout, stderr };
}

/** A scratch directory with empty $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY files. */
export class ActionsWorkspace {
  public readonly dir = mkdtempSync(join(tmpdir(), 'tools-cli-'));
  public readonly outputFile = join(this.dir, 'github-output');
  public readonly summaryFile = join(this.dir, 'step-summary.md');

  constructor() {
    writeFileSync(this.outputFile, '');
    writeFileSync(this.summaryFile, '');
  }

  /** The Actions environment for `repository`, talking to `fake`. */
  public env(fake: FakeGitHub, repository: string, extra: CliEnv = {}): CliEnv {
    return {
      GITHUB_TOKEN: FAKE_TOKEN,
      GITHUB_REPOSITORY: repository,
      GITHUB_API_URL: fake.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_OUTPUT: this.outputFile,
      GITHUB_STEP_SUMMARY: this.summaryFile,
      ...extra,
    };
  }

  /** $GITHUB_OUTPUT as name -> value (simple `name=value` lines). */
  public outputs(): Record<string, string> {
    const lines = readFileSync(this.outputFile, 'utf8').split('\n').filter((line) => line !== '');
    return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
  }

  public summary(): string {
    return readFileSync(this.summaryFile, 'utf8');
  }

  public file(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, content);
    return path;
  }

  public remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
