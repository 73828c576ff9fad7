/**
 * Runs a TypeScript CLI as its own Node process (with tsx, as `npx tsx <file>` does in the
 * workflows), asynchronously so a fake server in this process keeps serving meanwhile.
 */
import { execFile } from 'node:child_process';
import type { CliRun } from './run-cli';
import type { CliEnv } from '../../tools/github/src/cli-io';

export function runTsProcess(file: string, argv: readonly string[], env: CliEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', file, ...argv], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}
