/**
 * `plans/digests.json`: the SHA-256 of every file the plan job uploads in its `plan-<sha>`
 * artifact, `{ "<path relative to the artifact root>": "<hex>" }` (sorted; the digests file itself
 * is not listed). The plan job writes it just before the upload (`plan-digests`); the apply side
 * (tools/github download-plan) checks every extracted file against it, so a file that is missing,
 * extra or changed is named rather than applied.
 *
 * The files are chosen the way actions/upload-artifact chooses them from its `path:` list: glob
 * patterns relative to the root, a pattern ending in `/` meaning everything under that folder,
 * hidden files included (the plan upload sets `include-hidden-files` for `.terraform.lock.hcl`),
 * symbolic links followed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { minimatch } from 'minimatch';
import { CiToolError } from './ci-errors';

/** Where the digests live, relative to the artifact root. */
export const PLAN_DIGESTS_FILE = 'plans/digests.json';

/** Relative path (forward slashes) → lower-case SHA-256 hex. */
export type PlanDigests = Readonly<Record<string, string>>;

const SHA256_HEX = /^[0-9a-f]{64}$/;
const GLOB_CHARACTERS = /[*?[\]{}()!+@]/;

/** A relative path with forward slashes and no empty, `.` or `..` segment, backslash or NUL. */
export function isPlainRelativePath(path: string): boolean {
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..' && !/[\\\0]/.test(segment));
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function toPattern(path: string): string {
  return path.endsWith('/') ? `${path}**` : path;
}

/** The folder to walk for a glob pattern: its segments before the first one with a glob character. */
function staticPrefix(pattern: string): string {
  const segments = pattern.split('/');
  return segments.slice(0, segments.findIndex((segment) => GLOB_CHARACTERS.test(segment))).join('/');
}

/**
 * Adds the files under `dir` that `pattern` matches. Only folders the pattern can still match are
 * entered (minimatch's partial match), so `cdktf.out/stacks/*\/cdk.tf.json` never walks the
 * providers under `.terraform/`.
 */
function walk(root: string, dir: string, pattern: string, found: Set<string>): void {
  const absolute = join(root, dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) return;
  for (const name of readdirSync(absolute).sort()) {
    const path = dir === '' ? name : `${dir}/${name}`;
    const stats = statSync(join(root, path));
    if (stats.isDirectory() && minimatch(path, pattern, { dot: true, partial: true })) walk(root, path, pattern, found);
    else if (stats.isFile() && minimatch(path, pattern, { dot: true })) found.add(path);
  }
}

/**
 * The files under `root` that `paths` (upload-artifact's `path:` entries) select, as sorted
 * relative paths with forward slashes.
 */
export function selectPlanFiles(root: string, paths: readonly string[]): readonly string[] {
  const found = new Set<string>();
  for (const pattern of paths.map(toPattern)) {
    if (!isPlainRelativePath(pattern)) throw new CiToolError(`"${pattern}" must be relative to the root, without "." or ".." segments`);
    if (GLOB_CHARACTERS.test(pattern)) walk(root, staticPrefix(pattern), pattern, found);
    else if (existsSync(join(root, pattern)) && statSync(join(root, pattern)).isFile()) found.add(pattern);
  }
  return [...found].sort();
}

/** The digests of `files` (relative to `root`). */
export function computePlanDigests(root: string, files: readonly string[]): PlanDigests {
  return Object.fromEntries(files.map((file) => [file, sha256Hex(readFileSync(join(root, file)))]));
}

/** `digests.json` as written: sorted keys, two-space indent, final newline. */
export function renderPlanDigests(digests: PlanDigests): string {
  const sorted = Object.fromEntries(Object.entries(digests).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

/** Parses and checks a digests file; `source` names it in errors. */
export function parsePlanDigests(text: string, source: string): PlanDigests {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CiToolError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new CiToolError(`${source}: expected an object of "path": "sha256 hex"`);
  for (const [path, digest] of Object.entries(parsed)) {
    if (!isPlainRelativePath(path)) throw new CiToolError(`${source}: "${path}" is not a plain relative path`);
    if (typeof digest !== 'string' || !SHA256_HEX.test(digest)) throw new CiToolError(`${source}: the digest of ${path} is not a lower-case SHA-256 hex string`);
  }
  return parsed as PlanDigests;
}

/**
 * What differs between the digests recorded and the files found: one line per file, naming it.
 * Empty when they agree.
 */
export function comparePlanDigests(recorded: PlanDigests, found: PlanDigests): readonly string[] {
  const problems: string[] = [];
  for (const path of Object.keys(recorded).sort()) {
    if (!(path in found)) problems.push(`${path} is listed in ${PLAN_DIGESTS_FILE} but missing`);
    else if (found[path] !== recorded[path]) problems.push(`${path} has SHA-256 ${found[path]}, ${PLAN_DIGESTS_FILE} records ${recorded[path]}`);
  }
  for (const path of Object.keys(found).sort()) {
    if (!(path in recorded)) problems.push(`${path} is not listed in ${PLAN_DIGESTS_FILE}`);
  }
  return problems;
}

/** `relative(root, file)` with forward slashes, or undefined when `file` is outside `root`. */
export function pathInside(root: string, file: string): string | undefined {
  const path = relative(root, file);
  if (path === '' || path.startsWith(`..${sep}`) || path === '..' || /^[A-Za-z]:|^\//.test(path)) return undefined;
  return path.split(sep).join('/');
}
