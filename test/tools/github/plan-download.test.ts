import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { buildZip, planFiles, withDigests, zipDigest, zipOf, type ZipEntrySpec } from './plan-artifact-fixture';
import { main } from '../../../tools/github/src/cli';
import { FakeGitHub } from '../../support/fake-github';
import { ActionsWorkspace, runCliMain } from '../../support/run-cli';

const REPO = 'acme/chatbot-platform';
const HEAD = `def5678${'0'.repeat(33)}`;

/** download-plan, as the apply job runs it: the gate's run, artifact id and digest, into $RUNNER_TEMP/plan. */
describe('download-plan (tools/github CLI)', () => {
  let fake: FakeGitHub;
  let workspace: ActionsWorkspace;
  /** Stands for the trusted checkout ($GITHUB_WORKSPACE), with a tool an escape would overwrite. */
  let checkout: string;
  /** $RUNNER_TEMP/plan. */
  let outDir: string;
  let runId: number;

  beforeEach(async () => {
    fake = await FakeGitHub.start();
    workspace = new ActionsWorkspace();
    checkout = join(workspace.dir, 'checkout');
    mkdirSync(join(checkout, 'tools'), { recursive: true });
    writeFileSync(join(checkout, 'tools', 'x'), 'trusted');
    outDir = join(workspace.dir, 'runner-temp', 'plan');
    runId = fake.addWorkflowRun(REPO, { head_sha: HEAD }).id;
  });
  afterEach(async () => {
    await fake.close();
    workspace.remove();
  });

  /** Seeds the artifact; GitHub records `digest` (the zip's own by default), and the gate passes it on. */
  const seed = (zip: Buffer, digest = zipDigest(zip), name = `plan-${HEAD}`) => fake.addArtifact(REPO, runId, name, { zip, digest });
  const download = (artifact: { id: number; digest: string | null }, extra: Record<string, string> = {}) => {
    const flags = { '--run-id': String(runId), '--artifact-id': String(artifact.id), '--digest': artifact.digest ?? '', '--sha': HEAD, '--out-dir': outDir, ...extra };
    return runCliMain(main, ['download-plan', ...Object.entries(flags).flat()], workspace.env(fake, REPO, { GITHUB_WORKSPACE: checkout }));
  };
  /** Every path under the scratch directory but the output files: what any run may have written. */
  const written = (): string[] => readdirSync(workspace.dir, { recursive: true }).map(String).filter((p) => !p.startsWith('github-output') && !p.startsWith('step-summary')).sort();
  const untouched = ['checkout', 'checkout/tools', 'checkout/tools/x', 'runner-temp'];
  const expectRefused = (result: { code: number; stderr: string }, message: string | RegExp): void => {
    expect(result.code, result.stderr).to.equal(1);
    if (typeof message === 'string') expect(result.stderr).to.contain(message);
    else expect(result.stderr).to.match(message);
    // Refused: the output directory is gone, nothing else was written, the checkout is intact.
    expect(written()).to.deep.equal(untouched);
    expect(readFileSync(join(checkout, 'tools', 'x'), 'utf8')).to.equal('trusted');
    expect(workspace.outputs()).to.deep.equal({});
  };

  it('downloads through GitHub\'s redirect, checks the digest, extracts and verifies a good artifact', async () => {
    const files = withDigests(planFiles(['platform-dev', 'addons-dev']));
    const artifact = seed(await zipOf(files));
    const result = await download(artifact);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal(`plan artifact ${artifact.id} of run ${runId} verified (${artifact.digest}): ${Object.keys(files).length} files, stacks addons-dev, platform-dev, in ${outDir}\n`);
    for (const [path, content] of Object.entries(files)) expect(readFileSync(join(outDir, path), 'utf8'), path).to.equal(content);
    expect(workspace.outputs()).to.deep.equal({
      'dir': outDir, 'manifest': join(outDir, 'cdktf.out', 'manifest.json'), 'plans-dir': join(outDir, 'plans'), 'stacks': 'addons-dev platform-dev',
    });
    expect(fake.requests.map((r) => [r.path, r.status])).to.deep.equal([
      [`/repos/${REPO}/actions/artifacts/${artifact.id}`, 200],
      [`/repos/${REPO}/actions/artifacts/${artifact.id}/zip`, 302],
      [`/_blob/artifacts/${artifact.id}`, 200],
    ]);
  });

  it('refuses a zip whose SHA-256 differs from the digest, extracting nothing', async () => {
    const good = await zipOf(withDigests(planFiles()));
    const artifact = seed(await zipOf(withDigests(planFiles(['platform-dev']))), zipDigest(good));
    expectRefused(await download(artifact), `artifact ${artifact.id}: the zip's SHA-256 is ${zipDigest(fake.repository(REPO).artifacts[0].zip)}, the gate recorded ${zipDigest(good)}; nothing was extracted`);
  });

  it('refuses when GitHub\'s digest is not the one the gate recorded', async () => {
    const artifact = seed(await zipOf(withDigests(planFiles())));
    const other = `sha256:${'0'.repeat(64)}`;
    expectRefused(await download(artifact, { '--digest': other }), `artifact ${artifact.id}'s digest is ${artifact.digest}, the gate recorded ${other}`);
  });

  it('refuses a file whose digest differs from plans/digests.json, and missing or extra files, naming each', async () => {
    const files = withDigests(planFiles(['platform-dev']));
    files['cdktf.out/stacks/platform-dev/plan.tfplan'] = 'a different plan';
    delete files['plans/platform-dev.exitcode'];
    files['plans/extra.json'] = '{}';
    const result = await download(seed(await zipOf(files)));
    expectRefused(result, /the extracted plan does not match plans\/digests\.json: cdktf\.out\/stacks\/platform-dev\/plan\.tfplan has SHA-256 [0-9a-f]{64}, plans\/digests\.json records [0-9a-f]{64}; plans\/platform-dev\.exitcode is listed in plans\/digests\.json but missing; plans\/extra\.json is not listed in plans\/digests\.json/);
  });

  it('refuses an artifact without plans/digests.json', async () => {
    expectRefused(await download(seed(await zipOf(planFiles()))), 'the artifact has no plans/digests.json');
  });

  it('refuses an artifact that would write outside its directory, writing nothing anywhere', async () => {
    const files = withDigests(planFiles(['platform-dev']));
    for (const escape of ['../tools/x', '../../checkout/tools/x', '/tmp/x']) {
      const entries: ZipEntrySpec[] = [...Object.entries(files).map(([name, content]) => ({ name, content })), { name: escape, content: 'owned' }];
      expectRefused(await download(seed(await buildZip(entries))), `zip entry "${escape}"`);
    }
    expect(existsSync(join(workspace.dir, 'runner-temp', 'tools'))).to.equal(false);
  });

  it('refuses a symbolic link entry', async () => {
    const entries: ZipEntrySpec[] = [{ name: 'plans/platform-dev.json', content: '../../checkout/tools/x', mode: 0o120777 }];
    expectRefused(await download(seed(await buildZip(entries))), 'zip entry "plans/platform-dev.json" is a symbolic link');
  });

  it('refuses a manifest that points a stack outside its folder', async () => {
    const files = planFiles(['platform-dev']);
    files['cdktf.out/manifest.json'] = JSON.stringify({ stacks: { 'platform-dev': { name: 'platform-dev', dependencies: [], workingDirectory: '../../checkout' } } });
    expectRefused(await download(seed(await zipOf(withDigests(files)))), 'points platform-dev at "../../checkout"; each stack must be at stacks/<name>');
  });

  it('refuses an artifact of another run, another head, or an expired one', async () => {
    const zip = await zipOf(withDigests(planFiles()));
    const otherRun = fake.addWorkflowRun(REPO, { head_sha: HEAD });
    const foreign = fake.addArtifact(REPO, otherRun.id, `plan-${HEAD}`, { zip });
    expectRefused(await download(foreign), `artifact ${foreign.id} belongs to run ${otherRun.id}, not the plan run ${runId}`);
    const misnamed = seed(zip, zipDigest(zip), `plan-${'e'.repeat(40)}`);
    expectRefused(await download(misnamed), `artifact ${misnamed.id} is named plan-${'e'.repeat(40)}, not plan-${HEAD}`);
    const expired = fake.addArtifact(REPO, runId, `plan-${HEAD}`, { zip, expired: true });
    expectRefused(await download(expired), `artifact ${expired.id} has expired`);
  });

  it('exits 2, creating nothing, for an output directory inside the checkout or not empty', async () => {
    const artifact = seed(await zipOf(withDigests(planFiles())));
    const inWorkspace = await download(artifact, { '--out-dir': join(checkout, 'plan') });
    expect(inWorkspace.code).to.equal(2);
    expect(inWorkspace.stderr).to.contain(`is inside the repository checkout ${checkout}; extract the plan outside it (e.g. "$RUNNER_TEMP/plan")`);
    // The repository this test runs in is a checkout too (found from the working directory).
    const inRepository = join(process.cwd(), 'plan-out-must-not-exist');
    expect((await download(artifact, { '--out-dir': inRepository })).code).to.equal(2);
    expect(existsSync(inRepository)).to.equal(false);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'leftover'), '');
    const notEmpty = await download(artifact);
    expect(notEmpty.code).to.equal(2);
    expect(notEmpty.stderr).to.contain('is not empty; give a new directory');
    expect(fake.requests).to.deep.equal([]);
  });

  it('exits 2 on bad flags without calling GitHub', async () => {
    const artifact = { id: 5, digest: `sha256:${'a'.repeat(64)}` };
    for (const [flag, value, message] of [
      ['--run-id', 'abc', '--run-id must be a GitHub id'],
      ['--artifact-id', '0', '--artifact-id must be a GitHub id'],
      ['--digest', 'a'.repeat(64), '--digest must be "sha256:" and 64 lower-case hex digits'],
      ['--sha', 'def5678', '--sha must be the full 40-digit lower-case head SHA'],
    ]) {
      const result = await download(artifact, { [flag]: value });
      expect(result.code, flag).to.equal(2);
      expect(result.stderr, flag).to.contain(message).and.to.contain('usage: download-plan --run-id <id>');
    }
    expect(fake.requests).to.deep.equal([]);
  });
});
