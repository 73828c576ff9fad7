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

  it('lists bootstrap, and one platform and one add-ons stack per environment, in manifest.json', () => {
    const names = ['addons-dev', 'addons-prod', 'bootstrap', 'platform-dev', 'platform-prod'];
    expect(Object.keys(manifest.stacks)).to.have.members(names);
    expect(readdirSync(join(outdir, 'stacks')).sort()).to.deep.equal(names);
  });

  it('gives bootstrap and the platform stacks no cdktf dependency (bootstrap is applied once, by hand, first)', () => {
    // A dependency on bootstrap would make cdktf refuse every platform run that does not name it
    // too; tools/stack-lifecycle checks its state bucket instead (docs/architecture.md).
    expect(manifest.stacks.bootstrap.dependencies).to.deep.equal([]);
    expect(manifest.stacks['platform-dev'].dependencies).to.deep.equal([]);
    expect(manifest.stacks['platform-prod'].dependencies).to.deep.equal([]);
  });

  it('makes each add-ons stack depend on the platform stack of its environment only', () => {
    expect(manifest.stacks['addons-dev'].dependencies).to.deep.equal(['platform-dev']);
    expect(manifest.stacks['addons-prod'].dependencies).to.deep.equal(['platform-prod']);
  });

  it('writes a Terraform JSON configuration for each stack', () => {
    for (const stack of Object.values(manifest.stacks)) {
      const json = JSON.parse(readFileSync(join(outdir, stack.synthesizedStackPath), 'utf8'));
      expect(json.resource, stack.name).to.be.an('object');
      // The add-ons stacks hold only Helm releases (nine, and external-dns where the test
      // environment has a Route 53 zone: prod); the others many resource types.
      if (stack.name.startsWith('addons-')) expect(Object.keys(json.resource.helm_release), stack.name).to.have.length(stack.name === 'addons-prod' ? 10 : 9);
      else expect(Object.keys(json.resource).length, stack.name).to.be.greaterThan(3);
    }
  });

  it('returns the stacks in deployment order with typed platform and add-ons fields', () => {
    const built = buildPlatformApp(testProject(), new App({ outdir: mkdtempSync(join(tmpdir(), 'app-')) }));
    const order = built.stacks.map((s) => s.node.id);
    expect(order).to.deep.equal(['bootstrap', 'platform-dev', 'addons-dev', 'platform-prod', 'addons-prod']);
    // Deployment order: every stack after each stack it depends on.
    for (const stack of built.stacks) {
      for (const dependency of stack.dependencies) {
        expect(order.indexOf(dependency.node.id), `${stack.node.id} after ${dependency.node.id}`).to.be.lessThan(order.indexOf(stack.node.id));
      }
    }
    expect(built.platforms.map((p) => p.environment.name)).to.deep.equal(['dev', 'prod']);
    expect(built.addons.map((a) => a.node.id)).to.deep.equal(['addons-dev', 'addons-prod']);
  });
});
