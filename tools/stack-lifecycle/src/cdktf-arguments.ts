/**
 * The arguments `npx projen deploy|destroy` passes through to `cdktf deploy|destroy`, read just
 * enough to know which stacks they name and where the synthesized output lives. Everything is
 * handed to cdktf unchanged, so any cdktf flag keeps working.
 */

/** cdktf 0.21 deploy/destroy options that take a value (`--output dir` or `--output=dir`). */
export const VALUE_OPTIONS: ReadonlySet<string> = new Set([
  '--app', '-a', '--output', '-o', '--outputs-file', '--parallelism', '--terraform-parallelism', '--var', '--var-file',
]);

export interface CdktfArguments {
  /** Stack names or globs, as given (`platform-dev`, `'*-prod'`). */
  readonly patterns: readonly string[];
  /** The `--output` directory, when given. */
  readonly output?: string;
  /** `--skip-synth` was given: use the existing output as it is. */
  readonly skipSynth: boolean;
  /** `--ignore-missing-stack-dependencies` was given: the user takes the order into their own hands. */
  readonly ignoreMissingStackDependencies: boolean;
  /** Every argument, unchanged, for cdktf. */
  readonly raw: readonly string[];
}

export function parseCdktfArguments(argv: readonly string[]): CdktfArguments {
  const patterns: string[] = [];
  let output: string | undefined;
  let skipSynth = false;
  let ignoreMissingStackDependencies = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      patterns.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-')) {
      patterns.push(arg);
      continue;
    }
    const [name, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '--skip-synth') skipSynth = inlineValue !== 'false';
    if (name === '--ignore-missing-stack-dependencies') ignoreMissingStackDependencies = inlineValue !== 'false';
    if (!VALUE_OPTIONS.has(name) || inlineValue !== undefined) {
      if (name === '--output' || name === '-o') output = inlineValue;
      continue;
    }
    const value = argv[i + 1];
    i++;
    if (name === '--output' || name === '-o') output = value;
  }
  return { patterns, output, skipSynth, ignoreMissingStackDependencies, raw: [...argv] };
}
