/**
 * Runs the cdktf CLI as a child with this terminal (its approval prompt needs the TTY), passes
 * SIGINT/SIGTERM/SIGHUP on, and resolves with its exit code, so a process manager or CI that
 * stops `npx projen deploy` stops terraform too instead of orphaning it.
 */
import { spawn } from 'node:child_process';

export interface CdktfRun {
  /** The cdktf binary (node_modules/.bin/cdktf). */
  readonly binary: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
}

const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function runCdktf(run: CdktfRun): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(run.binary, [...run.args], { stdio: 'inherit', env: run.env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
    const done = (code: number) => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      resolve(code);
    };
    child.on('error', (error) => {
      process.stderr.write(`stack-lifecycle: could not run ${run.binary}: ${error.message}\n`);
      done(127);
    });
    // A child killed by a signal exits like a shell reports it: 128 + the signal number.
    child.on('exit', (code, signal) => done(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)));
  });
}
