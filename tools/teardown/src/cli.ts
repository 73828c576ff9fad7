/**
 * `npx projen teardown <env> [--auto-approve] [...]`: see teardown.ts. This file wires the real
 * process: the terminal prompt, the cdktf CLI, the S3 state store, and SIGINT/SIGTERM (the drain
 * stops waiting; terraform gets the signal from tools/stack-lifecycle and stops itself).
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { runTeardown } from './teardown';
import { ensurePty } from '../../cdktf-native/src/ensure-pty';
import { runCdktf } from '../../stack-lifecycle/src/run-cdktf';
import { S3StateStore } from '../../stack-lifecycle/src/state-store';

const REPO_ROOT = join(__dirname, '..', '..', '..');

async function ask(question: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await terminal.question(question);
  } finally {
    terminal.close();
  }
}

if (require.main === module) {
  const controller = new AbortController();
  let signalled: NodeJS.Signals | undefined;
  const stop = (signal: NodeJS.Signals) => {
    signalled ??= signal;
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  void runTeardown(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    log: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
    store: new S3StateStore(),
    ensureNative: () => ensurePty(),
    cdktf: (args, env) => runCdktf({ binary: join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), args, env }),
    confirm: ask,
    signal: controller.signal,
  }).then(
    (code) => {
      process.exitCode = signalled === 'SIGTERM' && code === 130 ? 143 : code;
    },
    (error: unknown) => {
      process.stderr.write(`teardown: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
