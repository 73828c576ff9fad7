/**
 * Flag parsing for the CI tool: node:util parseArgs in strict mode, so a misspelled flag is a
 * usage error instead of being ignored, plus the few value checks the subcommands share.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './ci-errors';

type FlagType = 'string' | 'boolean';
export type FlagValues = Record<string, string | boolean | undefined>;

export function parseFlags(argv: readonly string[], spec: Readonly<Record<string, FlagType>>): FlagValues {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values as FlagValues;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function requiredFlag(values: FlagValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A JSON array of strings, e.g. `--stacks '["platform-dev"]'` from parse-command. */
export function stringArrayFlag(values: FlagValues, name: string): string[] {
  const text = requiredFlag(values, name);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--${name} must be a JSON array of strings, e.g. ["platform-dev"], got ${text}`);
  }
  if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'string')) {
    throw new UsageError(`--${name} must be a JSON array of strings, e.g. ["platform-dev"], got ${text}`);
  }
  return parsed as string[];
}

/** A full 40-digit commit SHA. */
export function shaFlag(values: FlagValues, name: string): string {
  const sha = requiredFlag(values, name);
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new UsageError(`--${name} must be a full 40-digit lower-case commit SHA, got "${sha}"`);
  return sha;
}
