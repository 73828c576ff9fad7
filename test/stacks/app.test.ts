import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { expect } from 'chai';
import { buildPlatformApp } from '../../stacks/app';
import { testProject } from '../support/environment';

interface Manifest {
  stacks: Record<string, { name: string; dependencies: string[]; synthesizedStackPath: string }>;
}

describe('stacks/app', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'app-synth-'));
  let manifest: Manifest;

  before(() => {
    const { app } = buildPlatformApp(testProject(), new App({ outdir, skipValidation: false }));
    app.synth();
    manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as Manifest;
  });

  it('lists bootstrap and one platform stack per environment in manifest.json', () => {
    expect(Object.keys(manifest.stacks)).to.have.members(['bootstrap', 'platform-dev', 'platform-prod']);
    expect(readdirSync(join(outdir, 'stacks')).sort()).to.deep.equal(['bootstrap', 'platform-dev', 'platform-prod']);
  });

  it('makes every platform stack depend on bootstrap, and bootstrap on nothing', () => {
    expect(manifest.stacks.bootstrap.dependencies).to.deep.equal([]);
    expect(manifest.stacks['platform-dev'].dependencies).to.deep.equal(['bootstrap']);
    expect(manifest.stacks['platform-prod'].dependencies).to.deep.equal(['bootstrap']);
  });

  it('writes a Terraform JSON configuration for each stack', () => {
    for (const stack of Object.values(manifest.stacks)) {
      const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8'));
      expect(json.resource, stack.name).to.be.an('object');
      expect(Object.keys(json.resource).length, stack.name).to.be.greaterThan(3);
    }
  });

  it('returns the stacks in deployment order with typed platform fields', () => {
    const built = buildPlatformApp(testProject(), new App({ outdir: mkdtempSync(join(tmpdir(), 'app-')) }));
    expect(built.stacks.map((s) => s.node.id)).to.deep.equal(['bootstrap', 'platform-dev', 'platform-prod']);
    expect(built.platforms.map((p) => p.environment.name)).to.deep.equal(['dev', 'prod']);
  });
});
