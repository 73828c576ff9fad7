/**
 * Plan artifacts for the tests, built with a real zip writer (yazl) the way upload-artifact
 * builds them: the files of plan.yml's upload plus `plans/digests.json`. Malicious archives too:
 * yazl refuses to write an absolute, `..` or backslash name, so such an entry is written under a
 * stand-in name of the same length and the name's bytes are swapped in the finished archive (in
 * the local header and the central directory; the CRC covers only the data).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ZipFile } from 'yazl';
import { computePlanDigests, PLAN_DIGESTS_FILE, renderPlanDigests, sha256Hex } from '../../../tools/ci/src/plan-digests';

export interface ZipEntrySpec {
  readonly name: string;
  /** File content; a directory entry when absent and the name ends in `/`. */
  readonly content?: string | Buffer;
  /** Unix mode (type bits included), e.g. 0o120777 for a symbolic link. */
  readonly mode?: number;
}

/** Names yazl would refuse to write. */
const needsStandIn = (name: string): boolean => name.startsWith('/') || name.includes('\\') || name.split('/').includes('..');

export async function buildZip(entries: readonly ZipEntrySpec[]): Promise<Buffer> {
  const zip = new ZipFile();
  const swaps: Array<readonly [Buffer, Buffer]> = [];
  entries.forEach((entry, index) => {
    let name = entry.name;
    if (needsStandIn(name)) {
      const target = Buffer.from(name);
      name = `q${String(index).padStart(target.length - 1, 'q')}`.slice(0, target.length);
      swaps.push([Buffer.from(name), target]);
    }
    const options = { mtime: new Date(Date.UTC(2025, 0, 1)), ...(entry.mode === undefined ? {} : { mode: entry.mode }) };
    if (entry.content === undefined && name.endsWith('/')) zip.addEmptyDirectory(name, options);
    else zip.addBuffer(Buffer.from(entry.content ?? ''), name, options);
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes = Buffer.concat(chunks);
  for (const [standIn, target] of swaps) {
    const hex = bytes.toString('hex').split(standIn.toString('hex'));
    if (hex.length !== 3) throw new Error(`buildZip: stand-in ${standIn.toString()} should appear twice, found ${hex.length - 1}`);
    bytes = Buffer.from(hex.join(target.toString('hex')), 'hex');
  }
  return bytes;
}

export const zipDigest = (zip: Buffer): string => `sha256:${sha256Hex(zip)}`;

/** The files plan.yml uploads for `stacks`, with content that says what each is. */
export function planFiles(stacks: readonly string[] = ['platform-dev', 'addons-dev']): Record<string, string> {
  const manifest = {
    version: '0.21.0',
    stacks: Object.fromEntries(stacks.map((name) => [name, { name, dependencies: [], workingDirectory: `stacks/${name}`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` }])),
  };
  const files: Record<string, string> = { 'cdktf.out/manifest.json': JSON.stringify(manifest) };
  for (const stack of stacks) {
    files[`cdktf.out/stacks/${stack}/cdk.tf.json`] = JSON.stringify({ terraform: { backend: { s3: { key: `${stack}.tfstate` } } } });
    files[`cdktf.out/stacks/${stack}/plan.tfplan`] = `saved plan of ${stack}`;
    files[`cdktf.out/stacks/${stack}/.terraform.lock.hcl`] = `# providers of ${stack}\n`;
    files[`plans/${stack}.json`] = JSON.stringify({ format_version: '1.2', resource_changes: [] });
    files[`plans/${stack}.exitcode`] = '2\n';
  }
  return files;
}

/** `files` plus the `plans/digests.json` the plan job writes for them (computed by tools/ci, on disk). */
export function withDigests(files: Readonly<Record<string, string>>): Record<string, string> {
  const root = mkdtempSync(join(tmpdir(), 'plan-digests-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    return { ...files, [PLAN_DIGESTS_FILE]: renderPlanDigests(computePlanDigests(root, Object.keys(files))) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A zip of `files` (path → content). */
export function zipOf(files: Readonly<Record<string, string>>): Promise<Buffer> {
  return buildZip(Object.entries(files).map(([name, content]) => ({ name, content, mode: 0o100644 })));
}
