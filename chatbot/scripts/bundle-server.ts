/**
 * Bundles the service into one file, dist/server.js, with esbuild: what the container runs
 * (`node dist/server.js`). One file instead of ~1,500 modules resolved and transpiled by tsx at
 * start-up cuts the start to /readyz by about two thirds, and the runtime image needs no
 * node_modules at all (bench/load.bench.ts measures both).
 *
 * `npx projen bundle` runs this; test/container/bundle.test.ts bundles and starts the result.
 */
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';

/** The chatbot package directory. */
const CHATBOT_DIR = resolve(__dirname, '..');

/** Where the bundle goes. It must sit one level below the package (src/app.ts finds ../public). */
export const SERVER_BUNDLE = resolve(CHATBOT_DIR, 'dist', 'server.js');

/**
 * Bundles `entry` (default: the service) into `outfile`; the benchmark bundles its baseline too.
 * Resolves with esbuild's metafile: which input files went into the bundle.
 */
export async function bundleServer(outfile: string = SERVER_BUNDLE, entry: string = resolve(CHATBOT_DIR, 'src', 'server.ts')): Promise<Metafile> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    // The image runs Node 26; the code supports Node >= 22 (package.json `engines`).
    target: 'node22',
    format: 'cjs',
    // Whitespace and syntax only: identifiers keep their names, so logged stack traces stay readable.
    minifyWhitespace: true,
    minifySyntax: true,
    // For `node --enable-source-maps dist/server.js` when a stack trace needs the TypeScript lines.
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    absWorkingDir: CHATBOT_DIR,
    metafile: true,
  });
  return result.metafile;
}

/**
 * The packages bundled from more than one install folder (npm nests a second copy when versions
 * disagree), each with its folders. Every copy is parsed and run at start-up and kept in the
 * heap, and two copies of one library do not share state or `instanceof` (an OpenTelemetry
 * exporter of one sdk-metrics copy and a MeterProvider of another, say).
 */
export function duplicatePackages(metafile: Metafile): Map<string, string[]> {
  const folders = new Map<string, Set<string>>();
  for (const input of Object.keys(metafile.inputs)) {
    // The innermost node_modules/<name> or node_modules/@scope/<name> of the path.
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!match) continue;
    const [, folder, name] = match as unknown as [string, string, string];
    folders.set(name, (folders.get(name) ?? new Set()).add(folder));
  }
  return new Map([...folders].filter(([, found]) => found.size > 1).map(([name, found]) => [name, [...found].sort()]));
}

if (require.main === module) {
  bundleServer().catch((err: unknown) => {
    console.error('bundle failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
