import { expect } from 'chai';
import { MANIFEST_JSON } from './fixtures';
import { CiToolError } from '../../../tools/ci/src/ci-errors';
import { parseStackManifest, readStackManifest } from '../../../tools/ci/src/stack-manifest';

describe('tools/ci stack manifest', () => {
  it('reads every stack with its dependencies and working directory, sorted by name', () => {
    const manifest = parseStackManifest(MANIFEST_JSON);
    expect(manifest.stacks.map((s) => s.name)).to.deep.equal(['addons-dev', 'addons-prod', 'bootstrap', 'platform-dev', 'platform-prod']);
    expect(manifest.stacks.find((s) => s.name === 'addons-dev')).to.include({ workingDirectory: 'stacks/addons-dev' });
    expect(manifest.stacks.find((s) => s.name === 'addons-dev')?.dependencies).to.deep.equal(['platform-dev']);
  });

  it('names the file and the fix for a missing manifest, invalid JSON, a wrong shape and an unknown dependency', () => {
    expect(() => readStackManifest('nowhere/manifest.json')).to.throw(CiToolError, /nowhere\/manifest\.json: not found; run "npx projen synth"/);
    expect(() => parseStackManifest('{', 'm.json')).to.throw(CiToolError, /m\.json: not valid JSON/);
    expect(() => parseStackManifest('{"stacks": []}', 'm.json')).to.throw(CiToolError, /m\.json: stacks/);
    const dangling = JSON.stringify({ stacks: { a: { name: 'a', dependencies: ['b'], workingDirectory: 'stacks/a' } } });
    expect(() => parseStackManifest(dangling, 'm.json')).to.throw(CiToolError, /a depends on unknown stack\(s\) b/);
    const renamed = JSON.stringify({ stacks: { a: { name: 'b', dependencies: [], workingDirectory: 'stacks/b' } } });
    expect(() => parseStackManifest(renamed, 'm.json')).to.throw(CiToolError, /stacks\.a\.name is "b"/);
  });
});
