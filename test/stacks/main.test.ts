import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..');

/** Run the real cdktf app entry point as `cdktf synth` does (tsx), with its own config and outdir. */
function runMain(configDir: string): { status: number | null; stderr: string; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'main-out-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'stacks', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PLATFORM_CONFIG_DIR: configDir, CDKTF_OUTDIR: outdir },
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr, outdir };
}

function configCopy(edit: (dir: string) => void = () => undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'main-config-'));
  cpSync(join(ROOT, 'config'), dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('stacks/main (the cdktf app entry point)', function () {
  this.timeout(120_000);

  it('synthesizes every stack of the committed config', () => {
    const { status, stderr, outdir } = runMain(configCopy());
    expect(status, stderr).to.equal(0);
    expect(readdirSync(join(outdir, 'stacks')).sort()).to.deep.equal(['addons-dev', 'addons-prod', 'bootstrap', 'platform-dev', 'platform-prod']);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['platform-prod'].dependencies).to.deep.equal([]);
    expect(manifest.stacks['addons-prod'].dependencies).to.deep.equal(['platform-prod']);
  });

  it('stops on a bad config with the problems and exit 1, not a stack trace', () => {
    const dir = configCopy((d) => {
      const prod = readFileSync(join(d, 'prod.yaml'), 'utf8').replace('publicEndpointCidrs: [203.0.113.0/24]', 'publicEndpointCidrs: [0.0.0.0/0]');
      writeFileSync(join(d, 'prod.yaml'), prod.replace('accountId: "123456789012"', 'accountId: "1234"'));
    });
    const { status, stderr, outdir } = runMain(dir);
    expect(status).to.equal(1);
    expect(stderr).to.include('Invalid configuration:');
    expect(stderr).to.match(/prod\.yaml: accountId: must be exactly 12 digits/);
    expect(stderr).to.match(/prod\.yaml: cluster\.publicEndpointCidrs: a production cluster API must not be open/);
    expect(stderr).to.not.match(/^\s+at /m);
    expect(existsSync(join(outdir, 'manifest.json'))).to.equal(false);
  });
});
