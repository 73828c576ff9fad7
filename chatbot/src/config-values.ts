/**
 * Readers for single environment variables. They take the environment as an argument (only
 * `config.ts` passes `process.env`), treat empty strings as unset (Kubernetes ConfigMaps often
 * carry `""`), and fail with a {@link ConfigError} that names the variable and the fix.
 */
import { isIP } from 'node:net';

export type Env = Readonly<Record<string, string | undefined>>;

/** A configuration problem; `variable` names the environment variable to fix. */
export class ConfigError extends Error {
  constructor(readonly variable: string, message: string) {
    super(`${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

/** The trimmed value, or undefined when unset or blank. */
export function optionalString(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** An integer within [min, max]; `fallback` when unset. */
export function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  // Number('') and Number('1e3') are accepted by Number(); a strict pattern keeps typos out.
  if (!/^-?\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw new ConfigError(name, `must be a whole number ${range} (got ${JSON.stringify(raw)})`);
  }
  return Number(raw);
}

/** A decimal number within [min, max]; `fallback` when unset. */
export function decimal(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^-?\d+(\.\d+)?$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be a number between ${min} and ${max} (got ${JSON.stringify(raw)})`);
  }
  return value;
}

/** One of `allowed`; `fallback` when unset. */
export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(raw)})`);
  }
  return raw as T;
}

/** `true`/`false` (any case, as the OpenTelemetry spec reads OTEL_SDK_DISABLED); `fallback` when unset. */
export function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = optionalString(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw !== 'true' && raw !== 'false') {
    throw new ConfigError(name, `must be true or false (got ${JSON.stringify(raw)})`);
  }
  return raw === 'true';
}

/** An absolute http(s) URL; undefined when unset. */
export function httpUrl(env: Env, name: string): string | undefined {
  const raw = optionalString(env, name);
  if (raw === undefined) return undefined;
  if (!isHttpUrl(raw)) throw new ConfigError(name, `must be an http(s) URL such as http://localhost:4318 (got ${JSON.stringify(raw)})`);
  return raw;
}

/** A comma-separated list of browser origins (`https://chat.example.com`, no path); empty when unset. */
export function origins(env: Env, name: string): readonly string[] {
  const raw = optionalString(env, name);
  if (raw === undefined) return [];
  return raw.split(',').map((item) => item.trim()).filter(Boolean).map((item) => {
    // An origin has no path, query or trailing slash: the browser's Origin header never does.
    if (!isHttpUrl(item) || new URL(item).origin !== item) {
      throw new ConfigError(name, `must list origins like https://chat.example.com, without a path or trailing slash (got ${JSON.stringify(item)})`);
    }
    return item;
  });
}

/** A comma-separated list of IPv4/IPv6 CIDR blocks (`10.0.0.0/8`); `fallback` when unset. */
export function cidrs(env: Env, name: string, fallback: readonly string[]): readonly string[] {
  const raw = optionalString(env, name);
  if (raw === undefined) return fallback;
  return raw.split(',').map((item) => item.trim()).filter(Boolean).map((item) => {
    const [address, prefix, ...rest] = item.split('/');
    const family = isIP(address ?? '');
    const bits = Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || rest.length > 0 || !/^\d+$/.test(prefix ?? '') || bits > maxBits) {
      throw new ConfigError(name, `must list CIDR blocks like 10.0.0.0/8 (got ${JSON.stringify(item)})`);
    }
    return item;
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
