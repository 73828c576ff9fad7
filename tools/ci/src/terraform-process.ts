/**
 * Runs the terraform binary for one stack. stdout goes to the job log (or to a file, for
 * `show -json`); stderr goes to the job log too and is kept, so a caller can save it next to the
 * plan or recognise a stale plan. Nothing here interprets exit codes.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface TerraformCall {
  /** Arguments after the binary, e.g. `['-chdir=cdktf.out/stacks/platform-dev', 'init', '-input=false']`. */
  readonly args: readonly string[];
  /** Write stdout to this file instead of the job log. */
  readonly stdoutFile?: string;
}

export interface TerraformResult {
  /** Exit status; a signal or a spawn failure counts as 1. */
  readonly code: number;
  /** stderr, truncated to its last 64 KiB. */
  readonly stderr: string;
}

/** Something that runs terraform: the real binary, or a fake in tests. */
export type TerraformRunner = (call: TerraformCall) => Promise<TerraformResult>;

const STDERR_KEPT = 64 * 1024;

/**
 * A runner for `binary` (default `terraform` from PATH). `echo: false` keeps terraform's output
 * out of this process's stdout/stderr (tests); stderr is still returned.
 */
export function terraformRunner(binary = 'terraform', options: { readonly echo?: boolean } = {}): TerraformRunner {
  const echo = options.echo ?? true;
  return (call) =>
    new Promise((resolve) => {
      const stdoutFd = call.stdoutFile === undefined ? undefined : openSync(call.stdoutFile, 'w');
      let stderr = '';
      const child = spawn(binary, [...call.args], { stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'] });
      child.stdout?.on('data', (chunk: Buffer) => echo && process.stdout.write(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        if (echo) process.stderr.write(chunk);
        stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
      });
      let finished = false;
      // 'error' (binary not found) may be followed by 'close': settle once.
      const finish = (code: number, extra = '') => {
        if (finished) return;
        finished = true;
        if (stdoutFd !== undefined) closeSync(stdoutFd);
        resolve({ code, stderr: stderr + extra });
      };
      child.on('error', (error) => finish(1, `could not run ${binary}: ${error.message}\n`));
      child.on('close', (code) => finish(code ?? 1));
    });
}
