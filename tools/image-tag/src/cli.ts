/**
 * `npx tsx tools/image-tag/src/cli.ts bump --file <kustomization.yaml> --image <name> --tag <tag> [--new-name <registry/repository>]`
 *
 * Sets images[name == <name>].newTag in the file, comments and formatting preserved (see bump.ts).
 * With --new-name, the entry's newName must be exactly that repository (the one the image was
 * pushed to), or nothing changes.
 * Exit 0 when the file holds the tag afterwards (changed or already set), 1 when the file or tag
 * is wrong (one line on stderr says what to fix), 2 on bad usage.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bumpImageTag, ImageTagError } from './bump';

const USAGE = 'usage: cli.ts bump --file <kustomization.yaml> --image <name> --tag <tag> [--new-name <registry/repository>]';

class UsageError extends Error {}

interface BumpFlags {
  readonly file: string;
  readonly image: string;
  readonly tag: string;
  readonly newName?: string;
}

function parseBumpFlags(argv: readonly string[]): BumpFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: { 'file': { type: 'string' }, 'image': { type: 'string' }, 'tag': { type: 'string' }, 'new-name': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const missing = ['file', 'image', 'tag'].filter((flag) => typeof values[flag] !== 'string' || values[flag] === '');
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((f) => `--${f}`).join(', ')}`);
  if (values['new-name'] === '') throw new UsageError('--new-name is empty; pass <registry>/<repository>, or leave the flag out');
  const newName = values['new-name'] as string | undefined;
  return { file: values.file as string, image: values.image as string, tag: values.tag as string, newName };
}

/** Runs the CLI; returns the exit code. Output goes to the given streams (tests pass their own). */
export function runImageTagCli(argv: readonly string[], out: (line: string) => void, err: (line: string) => void): number {
  const [command, ...rest] = argv;
  try {
    if (command !== 'bump') throw new UsageError(command === undefined ? 'missing subcommand' : `unknown subcommand "${command}"`);
    const { file, image, tag, newName } = parseBumpFlags(rest);
    if (!existsSync(file)) {
      throw new ImageTagError(`${file}: file not found; pass an overlay's kustomization.yaml, e.g. gitops/apps/chatbot/overlays/dev/kustomization.yaml`);
    }
    const result = bumpImageTag({ source: readFileSync(file, 'utf8'), image, tag, file, expectedName: newName });
    if (result.changed) {
      writeFileSync(file, result.text);
      out(`${file}: ${image} newTag ${result.previousTag ?? '(none)'} -> ${tag}`);
    } else {
      out(`${file}: ${image} newTag is already ${tag}; nothing to change`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      err(`image-tag: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof ImageTagError) {
      err(`image-tag: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  process.exitCode = runImageTagCli(process.argv.slice(2), (l) => process.stdout.write(`${l}\n`), (l) => process.stderr.write(`${l}\n`));
}
