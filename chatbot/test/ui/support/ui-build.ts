/**
 * Builds the web UI for browser tests into a temporary copy of public/, with the exact command of
 * the `ui:build` task (scripts/ui-build-command.ts reads it from .projen/tasks.json; only the
 * output path changes), so the tests run the current ui/*.ts and never write into the source tree.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { CHATBOT_DIR, esbuildBinary, uiBuildArgs } from '../../../scripts/ui-build-command';

export { CHATBOT_DIR } from '../../../scripts/ui-build-command';
const BUILT_FILES = new Set(['app.js', 'app.js.map']);

export interface BuiltUi {
  /** A directory holding public/ with app.js built from ui/. */
  readonly dir: string;
  remove(): Promise<void>;
}

export async function buildUi(): Promise<BuiltUi> {
  const dir = await mkdtemp(join(tmpdir(), 'chatbot-ui-'));
  await cp(join(CHATBOT_DIR, 'public'), dir, { recursive: true, filter: (source) => !BUILT_FILES.has(basename(source)) });
  const outArgs = uiBuildArgs().map((arg) => (arg.startsWith('--outfile=') ? `--outfile=${join(dir, 'app.js')}` : arg));
  await promisify(execFile)(esbuildBinary(), [...outArgs, '--log-level=warning'], { cwd: CHATBOT_DIR });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
