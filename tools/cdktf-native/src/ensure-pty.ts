/**
 * The cdktf CLI loads a native terminal module (@cdktf/node-pty-prebuilt-multiarch) at start-up,
 * for every command, synth included. Its prebuilt binaries stop at Node 22 (ABI 127) and cdktf
 * is archived (hashicorp/terraform-cdk#3856 and #2839 track the prebuilds), so on the pinned Node
 * (projenrc/node-runtime.ts) the CLI dies with "Cannot find module '../build/Release/pty.node'".
 * npm 11 does not run the package's own install script (install scripts need approval), and that
 * script would first try to download a prebuild from GitHub. This builds it from source once, with
 * npm's bundled node-gyp, against the headers of the Node that runs it: the official builds (and
 * the node-linux-* packages) ship them in <prefix>/include/node, so no header download is needed.
 *
 * Run by the root postinstall, before `npx projen synth`, and by tools/stack-lifecycle before it
 * starts cdktf; when the module loads already it costs one short child process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const PTY_PACKAGE = '@cdktf/node-pty-prebuilt-multiarch';
const REPO_ROOT = resolve(__dirname, '..', '..', '..');

export interface PtyCheck {
  /** The module loads in this Node. */
  readonly loads: boolean;
  /** What failed, when it does not. */
  readonly reason?: string;
}

/** Does the module load in `node` (a child process, so a failed native load cannot hurt us)? */
export function checkPty(node: string = process.execPath, cwd: string = REPO_ROOT): PtyCheck {
  const result = spawnSync(node, ['-e', `require(${JSON.stringify(PTY_PACKAGE)})`], { cwd, encoding: 'utf8' });
  if (result.status === 0) return { loads: true };
  const firstLine = (result.stderr || result.error?.message || '').split('\n').find((line) => /Error|Cannot/.test(line)) ?? 'unknown error';
  return { loads: false, reason: firstLine.trim() };
}

/**
 * The headers of `node` when they sit beside it (official build layout: bin/node and
 * include/node/node_version.h of the same release); undefined otherwise (node-gyp downloads them).
 */
export function headersDir(node: string = process.execPath, version: string = process.version): string | undefined {
  const prefix = dirname(dirname(node));
  const versionHeader = join(prefix, 'include', 'node', 'node_version.h');
  if (!existsSync(versionHeader)) return undefined;
  const text = readFileSync(versionHeader, 'utf8');
  const part = (name: string) => new RegExp(`#define NODE_${name}_VERSION (\\d+)`).exec(text)?.[1];
  return `v${part('MAJOR')}.${part('MINOR')}.${part('PATCH')}` === version ? prefix : undefined;
}

/** Build the module for the running Node; returns the exit code of `npm rebuild`. */
export function buildPty(cwd: string = REPO_ROOT): number {
  // A user or machine npmrc may point nodedir at another release's headers (this machine's points
  // at /usr, Node 20's): building against those makes a module this Node refuses to load. Empty
  // lets node-gyp fetch the right ones.
  const env = { ...process.env, npm_config_nodedir: headersDir() ?? '' };
  const result = spawnSync('npm', ['rebuild', PTY_PACKAGE, '--no-audit', '--no-fund'], { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) process.stderr.write(result.stderr);
  return result.status ?? 1;
}

/** Check, build when needed, check again; 0 when the module loads. Messages go to `write`. */
export function ensurePty(write: (text: string) => void = (text) => process.stderr.write(text)): number {
  const before = checkPty();
  if (before.loads) return 0;
  write(`cdktf-native: building the cdktf CLI's terminal module for Node ${process.version} (no prebuilt binary for it; once per install, a few seconds)\n`);
  const code = buildPty();
  const after = checkPty();
  if (code === 0 && after.loads) return 0;
  write(
    `cdktf-native: could not build ${PTY_PACKAGE} for Node ${process.version} (${after.reason ?? before.reason}). ` +
      'It needs python3, make and a C++ compiler (Debian/Ubuntu: apt-get install build-essential python3; macOS: xcode-select --install), ' +
      'then run "npm rebuild @cdktf/node-pty-prebuilt-multiarch"; without it the cdktf CLI (synth, deploy, destroy) cannot start.\n',
  );
  return 1;
}

if (require.main === module) process.exitCode = ensurePty();
