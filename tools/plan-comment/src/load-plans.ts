/**
 * Reads the plan directory the pull-request workflow writes, one set of files per stack:
 *   <stack>.json      `terraform show -json <planfile>` output (absent or empty when no plan exists)
 *   <stack>.exitcode  exit status of `terraform plan -detailed-exitcode` (0 no changes, 2 changes, else failed)
 *   <stack>.log       error text of a failed init/plan/show (shown only when the stack failed)
 * A stack needs at least one of the three. Other files are ignored.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { byCodePoint } from './ordering';
import type { TerraformPlan } from './plan-json';
import { checkPlanDocument } from './plan-schema';
import type { StackPlanInput } from './types';

type FileKind = 'json' | 'exitcode' | 'log';

const STACK_FILE = /^(.+)\.(json|exitcode|log)$/;

function readText(file: string): string {
  // A BOM (from an editor or PowerShell redirection) is not part of the content.
  return readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
}

function readPlan(file: string): TerraformPlan | undefined {
  const text = readText(file);
  // `terraform show -json plan > x.json` leaves an empty file when show itself failed.
  if (text.trim() === '') return undefined;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message}); expected the output of \`terraform show -json <planfile>\``);
  }
  const plan = checkPlanDocument(document);
  if (plan instanceof Error) throw new Error(`${file}: ${plan.message}`);
  return plan;
}

function readExitCode(file: string): number {
  const text = readText(file).trim();
  if (!/^-?\d{1,3}$/.test(text)) {
    throw new Error(`${file}: expected the exit code of \`terraform plan -detailed-exitcode\` (a number such as 0, 1 or 2), got ${JSON.stringify(text.slice(0, 40))}`);
  }
  return Number(text);
}

/** The stacks found in `dir`, sorted by name. Throws an error naming the file for anything unreadable. */
export function loadPlanDirectory(dir: string): StackPlanInput[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new Error(`plan directory ${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); it should hold <stack>.json files from \`terraform show -json\``);
  }
  const files = new Map<string, Partial<Record<FileKind, string>>>();
  for (const name of names) {
    const match = STACK_FILE.exec(name);
    if (!match || !statSync(join(dir, name)).isFile()) continue;
    const [, stack, kind] = match;
    files.set(stack, { ...files.get(stack), [kind]: join(dir, name) });
  }
  if (files.size === 0) {
    throw new Error(`plan directory ${dir} holds no <stack>.json, <stack>.exitcode or <stack>.log files; did the plan step run?`);
  }
  return [...files.keys()].sort(byCodePoint).map((stack): StackPlanInput => {
    const found = files.get(stack)!;
    return {
      stack,
      ...(found.json !== undefined && { plan: readPlan(found.json) }),
      ...(found.exitcode !== undefined && { exitCode: readExitCode(found.exitcode) }),
      ...(found.log !== undefined && { error: readText(found.log) }),
    };
  });
}
