import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildZip, planFiles, zipOf, type ZipEntrySpec } from './plan-artifact-fixture';
import { extractPlanArtifact, PlanArtifactError } from '../../../tools/github/src/plan-artifact-extract';

/** Every path under `dir`, relative, sorted (folders end in `/`). */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => `${join(entry.parentPath, entry.name).slice(dir.length + 1)}${entry.isDirectory() ? '/' : ''}`)
    .sort();
}

describe('extractPlanArtifact', () => {
  /** sandbox/out is where the artifact goes; sandbox/ is where an escape would land. */
  let sandbox: string;
  let outDir: string;
  beforeEach(() => {
    sandbox = mkdtempSync(join(tmpdir(), 'extract-'));
    outDir = join(sandbox, 'out');
    mkdirSync(outDir);
  });
  afterEach(() => rmSync(sandbox, { recursive: true, force: true }));

  const refusal = async (entries: readonly ZipEntrySpec[]): Promise<string> => {
    const error = await extractPlanArtifact({ zip: await buildZip(entries), outDir }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(PlanArtifactError);
    // Nothing at all was written, inside or outside the directory.
    expect(tree(sandbox)).to.deep.equal(['out/']);
    return (error as Error).message;
  };
  const good: ZipEntrySpec = { name: 'plans/platform-dev.exitcode', content: '2\n' };

  it('extracts the files of a plan artifact, hidden lock files included', async () => {
    const files = planFiles(['platform-dev']);
    const written = await extractPlanArtifact({ zip: await zipOf(files), outDir });
    expect(written).to.deep.equal(Object.keys(files).sort());
    for (const [path, content] of Object.entries(files)) expect(readFileSync(join(outDir, path), 'utf8'), path).to.equal(content);
  });

  it('accepts directory entries of the layout', async () => {
    expect(await extractPlanArtifact({ zip: await buildZip([{ name: 'plans/' }, { name: 'cdktf.out/stacks/a/' }, good]), outDir }))
      .to.deep.equal(['plans/platform-dev.exitcode']);
    expect(tree(outDir)).to.deep.equal(['cdktf.out/', 'cdktf.out/stacks/', 'cdktf.out/stacks/a/', 'plans/', 'plans/platform-dev.exitcode']);
  });

  it('refuses an entry that climbs out with ".." (and writes nothing, not even the good entries before it)', async () => {
    expect(await refusal([good, { name: '../tools/x', content: 'owned' }])).to.equal('zip entry "../tools/x" climbs out of the directory with ".."');
    expect(await refusal([{ name: 'plans/../../tools/x', content: 'owned' }])).to.contain('climbs out');
  });

  it('refuses an absolute path and a backslash', async () => {
    expect(await refusal([{ name: '/tmp/x', content: 'owned' }])).to.equal('zip entry "/tmp/x" has an absolute path');
    expect(await refusal([{ name: 'plans\\..\\x', content: 'owned' }])).to.contain('has a backslash in its path');
  });

  it('refuses a symbolic link, even one inside the layout', async () => {
    expect(await refusal([{ name: 'plans/platform-dev.json', content: '../../../.github/workflows/apply.yml', mode: 0o120777 }]))
      .to.equal('zip entry "plans/platform-dev.json" is a symbolic link');
  });

  it('refuses a special file', async () => {
    expect(await refusal([{ name: 'plans/fifo', content: '', mode: 0o010644 }])).to.contain('is a special file (type 10000)');
  });

  it('refuses anything outside the plan artifact layout', async () => {
    for (const name of ['tools/github/src/cli.ts', '.github/workflows/apply.yml', 'cdktf.out/stacks/a/hook.sh', 'cdktf.out/stacks/a/.terraform/providers/x',
      'cdktf.out/stacks/a/b/cdk.tf.json', 'cdktf.out/.npmrc', 'package.json', 'cdktf.out/manifest.json/x']) {
      expect(await refusal([{ name, content: 'x' }]), name).to.contain('is outside the plan artifact\'s layout');
    }
  });

  it('refuses a duplicate entry', async () => {
    expect(await refusal([good, good])).to.equal('zip entry "plans/platform-dev.exitcode" appears twice');
  });

  it('refuses an archive over the size or entry limits, before writing', async () => {
    const zip = await buildZip([good, { name: 'plans/big.json', content: Buffer.alloc(4096) }]);
    const error = await extractPlanArtifact({ zip, outDir, maxBytes: 1000 }).then(() => undefined, (e: unknown) => e as Error);
    expect(error?.message).to.equal('the artifact unpacks to more than 1000 bytes');
    const many = await extractPlanArtifact({ zip, outDir, maxEntries: 1 }).then(() => undefined, (e: unknown) => e as Error);
    expect(many?.message).to.equal('the artifact has more than 1 entries');
    expect(tree(outDir)).to.deep.equal([]);
  });

  it('refuses what is not a zip', async () => {
    const error = await extractPlanArtifact({ zip: Buffer.from('<html>not found</html>'), outDir }).then(() => undefined, (e: unknown) => e as Error);
    expect(error).to.be.instanceOf(PlanArtifactError);
    expect(error?.message).to.match(/^the artifact is not a readable zip: /);
    expect(existsSync(join(outDir, 'plans'))).to.equal(false);
  });
});
