/**
 * Regenerates the generated sections of docs/observability.md, README.md and chatbot/TELEMETRY.md
 * from config/ (or PLATFORM_CONFIG_DIR, as synth reads it) and the metric contract. `--check`
 * changes nothing and exits 1 when a section is stale, naming it.
 *
 *   npx tsx tools/observability-doc/src/cli.ts [--check]
 */
import { join } from 'node:path';
import { updateDocs } from './update-docs';
import { chosenConfigFolder } from '../../../stacks/config';

const ROOT = join(__dirname, '..', '..', '..');

function main(args: readonly string[]): number {
  const unknown = args.filter((a) => a !== '--check');
  if (unknown.length > 0) {
    process.stderr.write(`observability-doc: unknown argument ${unknown.join(' ')}; the only option is --check\n`);
    return 2;
  }
  return updateDocs(
    { root: ROOT, ...chosenConfigFolder(process.env), check: args.includes('--check') },
    { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  );
}

process.exitCode = main(process.argv.slice(2));
