/**
 * `npx projen deploy|destroy <stacks...> [cdktf flags]`: cdktf deploy/destroy with pre-flight
 * checks (see preflight.ts). It synthesizes once, checks, then runs cdktf on that output
 * (`--skip-synth`), passing every argument through. Exit codes: cdktf's own; 1 when a check
 * fails (one message naming the problem and the fix, nothing run); 2 for bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCdktfArguments } from './cdktf-arguments';
import { LifecycleError } from './lifecycle-errors';
import { preflight } from './preflight';
import { runCdktf } from './run-cdktf';
import type { LifecycleCommand } from './selected-stacks';
import { S3StateStore, type StateStore } from './state-store';
import { ensurePty } from '../../cdktf-native/src/ensure-pty';
import { CiToolError } from '../../ci/src/ci-errors';
import { readStackManifest } from '../../ci/src/stack-manifest';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface LifecycleContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly store: StateStore;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
  /** Makes sure the cdktf CLI can start on this Node; returns non-zero (having said why) when not. */
  readonly ensureNative: () => number;
  /** Runs cdktf with these arguments; resolves with its exit code. */
  readonly cdktf: (args: readonly string[], env: NodeJS.ProcessEnv) => Promise<number>;
}

export async function runLifecycle(argv: readonly string[], ctx: LifecycleContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'deploy' && command !== 'destroy') {
    ctx.error(`stack-lifecycle: the first argument must be deploy or destroy, got ${command === undefined ? 'nothing' : `"${command}"`}`);
    return 2;
  }
  const args = parseCdktfArguments(rest);
  // cdktf must not phone home for version checks or telemetry (air-gapped machines, CI).
  const env = { CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: 'true', ...ctx.env };
  const outdir = resolve(ctx.cwd, args.output ?? configuredOutput(ctx.cwd));
  // The cdktf CLI cannot start without its native terminal module (tools/cdktf-native).
  const native = ctx.ensureNative();
  if (native !== 0) return native;
  if (!args.skipSynth) {
    const synthFlags = rest.filter((arg, i) => /^(--app|-a|--output|-o)(=|$)/.test(arg) || /^(--app|-a|--output|-o)$/.test(rest[i - 1] ?? ''));
    const code = await ctx.cdktf(['synth', ...synthFlags], env);
    if (code !== 0) return code;
  }
  let satisfiedWithout: readonly string[];
  try {
    const manifest = readStackManifest(join(outdir, 'manifest.json'));
    const result = await preflight({
      command: command as LifecycleCommand,
      manifest,
      outdir,
      patterns: args.patterns,
      store: ctx.store,
      checkOrder: !args.ignoreMissingStackDependencies,
    });
    satisfiedWithout = result.satisfiedWithout;
    for (const name of satisfiedWithout) {
      ctx.log(`stack-lifecycle: ${name} is ${command === 'deploy' ? 'deployed' : 'already destroyed'}; running ${result.selected.join(', ')} without it`);
    }
  } catch (error) {
    if (!(error instanceof LifecycleError || error instanceof CiToolError)) throw error;
    ctx.error(`stack-lifecycle: ${command} stopped before running terraform:\n${error.message}`);
    return 1;
  }
  const extra = [
    ...(args.skipSynth ? [] : ['--skip-synth']),
    ...(satisfiedWithout.length > 0 && !args.ignoreMissingStackDependencies ? ['--ignore-missing-stack-dependencies'] : []),
  ];
  const cdktfArgs = [command, ...rest, ...extra];
  // Say what runs: it is plain cdktf with the user's arguments, plus at most these two flags.
  ctx.log(`stack-lifecycle: cdktf ${cdktfArgs.join(' ')}`);
  return ctx.cdktf(cdktfArgs, env);
}

/** `output` of cdktf.json, as the cdktf CLI reads it. */
export function configuredOutput(cwd: string): string {
  const file = join(cwd, 'cdktf.json');
  if (!existsSync(file)) return 'cdktf.out';
  return (JSON.parse(readFileSync(file, 'utf8')) as { output?: string }).output ?? 'cdktf.out';
}

function cdktfBinary(): string {
  const local = join(REPO_ROOT, 'node_modules', '.bin', 'cdktf');
  return existsSync(local) ? local : 'cdktf';
}

if (require.main === module) {
  void runLifecycle(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    store: new S3StateStore(),
    log: (line) => process.stdout.write(`${line}\n`),
    error: (line) => process.stderr.write(`${line}\n`),
    ensureNative: () => ensurePty(),
    cdktf: (args, env) => runCdktf({ binary: cdktfBinary(), args, env }),
  }).then((code) => {
    process.exitCode = code;
  });
}
