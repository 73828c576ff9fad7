/**
 * Builds the web UI for browser tests into a temporary copy of public/, with the exact command of
 * the `ui:build` task (read from .projen/tasks.json, only the output path changed), so the tests
 * run the current ui/*.ts and never write into the source tree.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const CHATBOT_DIR = resolve(__dirname, '..', '..', '..');
const BUILT_FILES = new Set(['app.js', 'app.js.map']);

/** The `ui:build` task's command line, e.g. `esbuild ui/main.ts --bundle ... --outfile=public/app.js`. */
export async function uiBuildCommand(): Promise<string> {
  const tasks = JSON.parse(await readFile(join(CHATBOT_DIR, '.projen', 'tasks.json'), 'utf8')) as {
    tasks: Record<string, { steps?: Array<{ exec?: string }> }>;
  };
  const exec = tasks.tasks['ui:build']?.steps?.find((step) => step.exec)?.exec;
  if (!exec) throw new Error('.projen/tasks.json has no ui:build exec step');
  return exec;
}

export interface BuiltUi {
  /** A directory holding public/ with app.js built from ui/. */
  readonly dir: string;
  remove(): Promise<void>;
}

export async function buildUi(): Promise<BuiltUi> {
  const dir = await mkdtemp(join(tmpdir(), 'chatbot-ui-'));
  await cp(join(CHATBOT_DIR, 'public'), dir, { recursive: true, filter: (source) => !BUILT_FILES.has(basename(source)) });
  const [tool, ...args] = (await uiBuildCommand()).split(/\s+/);
  if (tool !== 'esbuild' || !args.some((arg) => arg.startsWith('--outfile='))) {
    throw new Error(`ui:build is not an esbuild command with --outfile: ${tool} ${args.join(' ')}`);
  }
  const outArgs = args.map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${join(dir, 'app.js')}` : arg));
  await promisify(execFile)(join(CHATBOT_DIR, 'node_modules', '.bin', 'esbuild'), [...outArgs, '--log-level=warning'], { cwd: CHATBOT_DIR });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
