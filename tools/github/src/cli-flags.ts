/**
 * Flag parsing and validation shared by the tools' CLIs: node:util parseArgs in strict mode (an
 * unknown or misspelled flag is a usage error, never silently ignored) plus validators whose
 * errors name the flag and what a valid value looks like.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './cli-io';

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;
export type FlagValues = Readonly<Record<string, string | boolean | Array<string | boolean> | undefined>>;

/** Parses `argv` against `spec`; any parseArgs complaint becomes a {@link UsageError}. */
export function parseFlags(argv: readonly string[], spec: FlagSpec): FlagValues {
  try {
    return parseArgs({ args: [...argv], options: spec, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // parseArgs' messages already name the flag ("Unknown option '--prr'"); keep them, minus
    // the hint about `--` that does not apply here.
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional argument.*$/s, '') : String(error);
    throw new UsageError(message);
  }
}

/** A string flag; `required` makes its absence a usage error. */
export function stringFlag(values: FlagValues, name: string, required: true): string;
export function stringFlag(values: FlagValues, name: string, required?: false): string | undefined;
export function stringFlag(values: FlagValues, name: string, required = false): string | undefined {
  const value = values[name];
  if (value === undefined) {
    if (required) throw new UsageError(`--${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw new UsageError(`--${name} takes a value`);
  return value;
}

/** A repeatable string flag (`multiple: true` in the spec). */
export function stringListFlag(values: FlagValues, name: string): readonly string[] {
  const value = values[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

export function booleanFlag(values: FlagValues, name: string): boolean {
  return values[name] === true;
}

export function parsePositiveInteger(text: string, flag: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(text.trim())) throw new UsageError(`--${flag} must be a positive integer, got "${text}"`);
  return Number(text.trim());
}

/** A GitHub database id (run, artifact): run ids are past 10 digits already. */
export function parseGitHubId(text: string, flag: string): number {
  const value = Number(text.trim());
  if (!/^[1-9][0-9]{0,15}$/.test(text.trim()) || !Number.isSafeInteger(value)) throw new UsageError(`--${flag} must be a GitHub id (a positive integer), got "${text}"`);
  return value;
}

/** A commit SHA: 7 to 40 hex digits, returned lower-case. */
export function parseCommitSha(text: string, flag: string): string {
  const sha = text.trim();
  if (!/^[0-9a-fA-F]{7,40}$/.test(sha)) throw new UsageError(`--${flag} must be a commit SHA (7 to 40 hex digits), got "${text}"`);
  return sha.toLowerCase();
}

/** A GitHub login: alphanumerics and single hyphens, up to 39 characters; bots end in `[bot]`. */
export function parseLogin(text: string, flag: string): string {
  const login = text.trim().replace(/^@/, '');
  if (!/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$/.test(login)) {
    throw new UsageError(`--${flag} must be a GitHub login, got "${text}"`);
  }
  return login;
}

/** An existing directory. */
export function parseExistingDirectory(path: string, flag: string): string {
  if (!existsSync(path)) throw new UsageError(`--${flag}: directory "${path}" does not exist`);
  if (!statSync(path).isDirectory()) throw new UsageError(`--${flag}: "${path}" is not a directory`);
  return path;
}

/** An existing, readable file. */
export function parseExistingFile(path: string, flag: string): string {
  if (!existsSync(path)) throw new UsageError(`--${flag}: file "${path}" does not exist`);
  if (!statSync(path).isFile()) throw new UsageError(`--${flag}: "${path}" is not a file`);
  return path;
}

/** An http(s) URL. */
export function parseUrl(text: string, flag: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--${flag} must be a URL, got "${text}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--${flag} must be an http(s) URL, got "${text}"`);
  return text;
}
