import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import { PLAN_ARTIFACT_PATHS } from '../../../projenrc/workflows/plan';
import { runCiCli } from '../../../tools/ci/src/cli';
import { comparePlanDigests, parsePlanDigests, selectPlanFiles, sha256Hex } from '../../../tools/ci/src/plan-digests';

/** What the plan job's working directory holds after plan-stacks: the uploads, and much that is not. */
const TREE: Readonly<Record<string, string>> = {
  'cdktf.out/manifest.json': '{"stacks":{}}',
  'cdktf.out/stacks/platform-dev/cdk.tf.json': '{}',
  'cdktf.out/stacks/platform-dev/plan.tfplan': 'plan',
  'cdktf.out/stacks/platform-dev/.terraform.lock.hcl': '# lock',
  'cdktf.out/stacks/platform-dev/.terraform/providers/aws/terraform-provider-aws': 'binary',
  'cdktf.out/stacks/platform-dev/metadata.json': '{}',
  'plans/platform-dev.json': '{}',
  'plans/platform-dev.exitcode': '2\n',
  'plans/nested/extra.log': 'log',
  'plans/.summary': 'hidden',
  'tools/ci/src/cli.ts': 'code',
  'node_modules/x/index.js': 'code',
};
const UPLOADED = [
  'cdktf.out/manifest.json',
  'cdktf.out/stacks/platform-dev/.terraform.lock.hcl',
  'cdktf.out/stacks/platform-dev/cdk.tf.json',
  'cdktf.out/stacks/platform-dev/plan.tfplan',
  'plans/.summary',
  'plans/nested/extra.log',
  'plans/platform-dev.exitcode',
  'plans/platform-dev.json',
];

describe('plan digests (tools/ci plan-digests)', () => {
  let root: string;
  let errors: string[];
  let githubOutput: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'plan-digests-'));
    for (const [path, content] of Object.entries(TREE)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    }
    errors = [];
    githubOutput = join(root, 'github-output');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const run = (argv: string[]) => runCiCli(argv, { githubOutput, log: () => undefined, error: (line) => errors.push(line) });
  const paths = PLAN_ARTIFACT_PATHS.join('\n');

  it('selects what upload-artifact uploads for plan.yml\'s paths: hidden lock files in, providers out', () => {
    expect(selectPlanFiles(root, PLAN_ARTIFACT_PATHS)).to.deep.equal(UPLOADED);
  });

  it('writes plans/digests.json for every uploaded file, not listing itself, and again the same on a second run', async () => {
    const out = join(root, 'plans', 'digests.json');
    expect(await run(['plan-digests', '--root', root, '--paths', paths, '--out', out])).to.equal(0);
    const digests = parsePlanDigests(readFileSync(out, 'utf8'), out);
    expect(Object.keys(digests)).to.deep.equal(UPLOADED);
    expect(digests['plans/platform-dev.exitcode']).to.equal(sha256Hex(Buffer.from('2\n')));
    expect(readFileSync(githubOutput, 'utf8')).to.match(/^files<<(\S+)\n8\n\1\n$/);
    const first = readFileSync(out, 'utf8');
    expect(await run(['plan-digests', '--root', root, '--paths', paths, '--out', out])).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.equal(first);
  });

  it('refuses when nothing matches (exit 1), and paths that leave the root (exit 2)', async () => {
    const out = join(root, 'digests.json');
    expect(await run(['plan-digests', '--root', root, '--paths', 'missing/ other/*.json', '--out', out])).to.equal(1);
    expect(errors.pop()).to.equal(`ci: no file under ${root} matches missing/ other/*.json; nothing to record`);
    expect(await run(['plan-digests', '--root', root, '--paths', '../etc/passwd', '--out', out])).to.equal(2);
    expect(errors.pop()).to.contain('--paths: "../etc/passwd" must be relative to --root');
    expect(existsSync(out)).to.equal(false);
  });

  it('names every missing, extra and changed file', () => {
    const recorded = { 'a.json': 'a'.repeat(64), 'b.json': 'b'.repeat(64), 'c.json': 'c'.repeat(64) };
    expect(comparePlanDigests(recorded, { 'a.json': 'a'.repeat(64), 'c.json': 'd'.repeat(64), 'e.json': 'e'.repeat(64) })).to.deep.equal([
      'b.json is listed in plans/digests.json but missing',
      `c.json has SHA-256 ${'d'.repeat(64)}, plans/digests.json records ${'c'.repeat(64)}`,
      'e.json is not listed in plans/digests.json',
    ]);
    expect(comparePlanDigests(recorded, recorded)).to.deep.equal([]);
  });

  it('refuses a digests file with odd paths or digests', () => {
    expect(() => parsePlanDigests('{"../x": "' + 'a'.repeat(64) + '"}', 'd.json')).to.throw('d.json: "../x" is not a plain relative path');
    expect(() => parsePlanDigests('{"a": "ABC"}', 'd.json')).to.throw('d.json: the digest of a is not a lower-case SHA-256 hex string');
    expect(() => parsePlanDigests('[]', 'd.json')).to.throw('expected an object');
  });
});
