/**
 * Extracts a plan artifact's zip into a fresh directory, refusing anything that could write
 * outside it or that a plan artifact never holds. yauzl reads the archive; the names are checked
 * here, from the raw bytes of the central directory (yauzl's `decodeStrings: false`), so the name
 * checked is the name written (an Info-ZIP Unicode Path extra field cannot swap in another).
 *
 * Every entry is checked before the first byte is written: an absolute path, a `..` segment, a
 * backslash, a symbolic link or other special file (the Unix mode in the external attributes), an
 * encrypted entry, a duplicate, or a path outside the artifact layout (plan-artifact-layout.ts)
 * refuses the whole archive. Files are then created with O_EXCL (`wx`), so nothing is ever
 * overwritten, and yauzl checks each entry's real size against the declared one.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fromBufferPromise, type Entry, type ZipFile } from 'yauzl';
import { isPlanArtifactDirectory, isPlanArtifactFile, PLAN_ARTIFACT_LAYOUT } from './plan-artifact-layout';

/** The artifact is not one apply may use; the message names the entry and why. */
export class PlanArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanArtifactError';
  }
}

export interface ExtractProps {
  readonly zip: Buffer;
  /** An existing, empty directory. */
  readonly outDir: string;
  /**
   * Entries allowed in one archive.
   * @default 10_000
   */
  readonly maxEntries?: number;
  /**
   * Uncompressed bytes allowed in one archive (saved plans of every stack are a few MB).
   * @default 1 GiB
   */
  readonly maxBytes?: number;
}

const DEFAULTS = { maxEntries: 10_000, maxBytes: 1024 ** 3 };

/**
 * The file type of an entry: the top four bits of the Unix mode, which zip keeps in the upper 16
 * bits of the (unsigned 32-bit) external attributes; 0 when the archiver recorded no Unix mode.
 * Division rather than bit operators: the repository's lint forbids those, and the value is exact.
 */
const fileTypeOf = (entry: Entry): number => Math.floor(entry.externalFileAttributes / 2 ** 28);
const REGULAR_FILE = 0o10;
const DIRECTORY = 0o04;
const SYMBOLIC_LINK = 0o12;

interface CheckedEntry {
  readonly entry: Entry;
  /** Relative path, forward slashes, no trailing slash. */
  readonly path: string;
  readonly directory: boolean;
}

function decodeName(entry: Entry): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(entry.fileNameRaw);
  } catch {
    throw new PlanArtifactError(`zip entry ${JSON.stringify(entry.fileNameRaw.toString('latin1'))} has a name that is not UTF-8`);
  }
}

/** The entry's path and kind, or a refusal naming it. */
function checkEntry(entry: Entry): CheckedEntry {
  const name = decodeName(entry);
  const label = `zip entry ${JSON.stringify(name)}`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new PlanArtifactError(`${label} has a control character in its name`);
  if (name.includes('\\')) throw new PlanArtifactError(`${label} has a backslash in its path`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new PlanArtifactError(`${label} has an absolute path`);
  if (name.split('/').includes('..')) throw new PlanArtifactError(`${label} climbs out of the directory with ".."`);
  const mode = fileTypeOf(entry);
  if (mode === SYMBOLIC_LINK) throw new PlanArtifactError(`${label} is a symbolic link`);
  const directory = name.endsWith('/');
  if (mode !== 0 && mode !== (directory ? DIRECTORY : REGULAR_FILE)) {
    throw new PlanArtifactError(`${label} is a special file (type ${mode.toString(8)}0000), not a ${directory ? 'directory' : 'regular file'}`);
  }
  if (entry.isEncrypted()) throw new PlanArtifactError(`${label} is encrypted`);
  if (!directory && !entry.canDecodeFileData()) throw new PlanArtifactError(`${label} uses an unsupported compression method (${entry.compressionMethod})`);
  const path = directory ? name.slice(0, -1) : name;
  const allowed = directory ? isPlanArtifactDirectory(path) : isPlanArtifactFile(path);
  if (!allowed) throw new PlanArtifactError(`${label} is outside the plan artifact's layout (${PLAN_ARTIFACT_LAYOUT})`);
  return { entry, path, directory };
}

async function writeEntry(zipfile: ZipFile, { entry, path, directory }: CheckedEntry, outDir: string): Promise<void> {
  const target = join(outDir, ...path.split('/'));
  try {
    if (directory) {
      mkdirSync(target, { recursive: true, mode: 0o755 });
      return;
    }
    mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
    await pipeline(await zipfile.openReadStreamPromise(entry), createWriteStream(target, { flags: 'wx', mode: 0o644 }));
  } catch (error) {
    throw new PlanArtifactError(`zip entry ${JSON.stringify(path)} could not be extracted: ${(error as Error).message}`);
  }
}

/**
 * Extracts `zip` into `outDir`; returns the relative paths of the files written, sorted. On a
 * refusal nothing has been written; on a failure while writing, the caller removes what was.
 */
export async function extractPlanArtifact(props: ExtractProps): Promise<readonly string[]> {
  const { maxEntries, maxBytes } = { ...DEFAULTS, ...props };
  let zipfile;
  try {
    zipfile = await fromBufferPromise(props.zip, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false });
  } catch (error) {
    throw new PlanArtifactError(`the artifact is not a readable zip: ${(error as Error).message}`);
  }
  try {
    const entries: CheckedEntry[] = [];
    const seen = new Set<string>();
    let bytes = 0;
    for await (const entry of zipfile.eachEntry()) {
      const checked = checkEntry(entry);
      if (seen.has(checked.path)) throw new PlanArtifactError(`zip entry ${JSON.stringify(checked.path)} appears twice`);
      seen.add(checked.path);
      bytes += entry.uncompressedSize;
      if (entries.push(checked) > maxEntries) throw new PlanArtifactError(`the artifact has more than ${maxEntries} entries`);
      if (bytes > maxBytes) throw new PlanArtifactError(`the artifact unpacks to more than ${maxBytes} bytes`);
    }
    for (const checked of entries) await writeEntry(zipfile, checked, props.outDir);
    return entries.filter((e) => !e.directory).map((e) => e.path).sort();
  } catch (error) {
    if (error instanceof PlanArtifactError) throw error;
    throw new PlanArtifactError(`the artifact's zip could not be read: ${(error as Error).message}`);
  } finally {
    zipfile.close();
  }
}
