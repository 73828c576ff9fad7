/**
 * The `ui:build` task's esbuild arguments, read from .projen/tasks.json (projenrc/chatbot.ts
 * defines the task), so the dev launcher and the browser tests build the web UI exactly as
 * `npm run ui:build` does, with no second copy of the command to drift.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The chatbot package directory. */
export const CHATBOT_DIR = resolve(__dirname, '..');

/** The arguments after `esbuild`, e.g. `['ui/main.ts', '--bundle', ..., '--outfile=public/app.js']`. */
export function uiBuildArgs(chatbotDir: string = CHATBOT_DIR): string[] {
  const file = join(chatbotDir, '.projen', 'tasks.json');
  const tasks = JSON.parse(readFileSync(file, 'utf8')) as { tasks: Record<string, { steps?: Array<{ exec?: string }> }> };
  const exec = tasks.tasks['ui:build']?.steps?.find((step) => step.exec)?.exec;
  if (!exec) throw new Error(`${file} has no ui:build exec step: run npx projen at the repository root`);
  const [tool, ...args] = exec.split(/\s+/);
  if (tool !== 'esbuild' || !args.some((arg) => arg.startsWith('--outfile='))) {
    throw new Error(`ui:build is not an esbuild command with --outfile: ${exec}`);
  }
  return args;
}

/** The esbuild binary the task runs. */
export function esbuildBinary(chatbotDir: string = CHATBOT_DIR): string {
  return join(chatbotDir, 'node_modules', '.bin', 'esbuild');
}
