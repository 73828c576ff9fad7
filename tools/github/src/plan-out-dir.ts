/**
 * Where download-plan may extract a plan artifact: a directory that does not exist yet or is
 * empty, and that is not inside the repository checkout (the trusted code the apply job runs), so
 * an artifact can never overwrite a tool, a workflow or a config file. The apply job uses
 * `$RUNNER_TEMP/plan`. Paths are compared after resolving symbolic links.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from './cli-io';

export interface PlanOutDir {
  /** Absolute path. */
  readonly dir: string;
  /** Whether download-plan made it (then a refusal removes it; otherwise it is emptied). */
  readonly created: boolean;
}

/** `path` with every existing part's symbolic links resolved (the rest may not exist yet). */
function realTarget(path: string): string {
  let existing = path;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    rest.unshift(basename(existing));
    existing = dirname(existing);
  }
  return join(realpathSync(existing), ...rest);
}

function isInside(child: string, parent: string): boolean {
  const path = relative(parent, child);
  return path === '' || (!path.startsWith('..') && !isAbsolute(path));
}

/** The repository checkout `from` is in: the nearest folder up with a `.git`, if any. */
export function findCheckoutRoot(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * Checks `--out-dir` and creates it when missing. `checkouts` are the directories it must stay
 * out of ($GITHUB_WORKSPACE, the checkout of the working directory).
 */
export function preparePlanOutDir(path: string, checkouts: readonly string[], flag = 'out-dir'): PlanOutDir {
  const dir = resolve(path);
  const target = realTarget(dir);
  for (const checkout of checkouts.filter((c) => existsSync(c)).map((c) => realpathSync(c))) {
    if (isInside(target, checkout)) {
      throw new UsageError(`--${flag} "${path}" is inside the repository checkout ${checkout}; extract the plan outside it (e.g. "$RUNNER_TEMP/plan")`);
    }
  }
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return { dir, created: true };
  }
  if (!lstatSync(dir).isDirectory()) throw new UsageError(`--${flag} "${path}" exists and is not a directory`);
  if (readdirSync(dir).length > 0) throw new UsageError(`--${flag} "${path}" is not empty; give a new directory`);
  return { dir, created: false };
}
