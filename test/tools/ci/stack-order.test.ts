import { expect } from 'chai';
import { MANIFEST } from './fixtures';
import { CiToolError } from '../../../tools/ci/src/ci-errors';
import { parseStackManifest } from '../../../tools/ci/src/stack-manifest';
import { dependencyOrder, orderStacks, stackEnvironment } from '../../../tools/ci/src/stack-order';

describe('tools/ci stack order', () => {
  it('orders dependencies first: bootstrap, then platforms, then add-ons', () => {
    expect(dependencyOrder(MANIFEST)).to.deep.equal(['bootstrap', 'platform-dev', 'platform-prod', 'addons-dev', 'addons-prod']);
  });

  it('leaves bootstrap out unless asked to include it (plans only)', () => {
    expect(orderStacks(MANIFEST)).to.deep.equal(['platform-dev', 'platform-prod', 'addons-dev', 'addons-prod']);
    expect(orderStacks(MANIFEST, { includeBootstrap: true })[0]).to.equal('bootstrap');
  });

  it('selects one environment, platform before add-ons, and reverses for destroy', () => {
    expect(orderStacks(MANIFEST, { environment: 'dev' })).to.deep.equal(['platform-dev', 'addons-dev']);
    expect(orderStacks(MANIFEST, { environment: 'prod', reverse: true })).to.deep.equal(['addons-prod', 'platform-prod']);
  });

  it('keeps dependency order whatever order the names were given in', () => {
    expect(orderStacks(MANIFEST, { names: ['addons-dev', 'platform-dev'] })).to.deep.equal(['platform-dev', 'addons-dev']);
  });

  it('refuses bootstrap by name, unknown names (listing the real ones) and an unknown environment', () => {
    expect(() => orderStacks(MANIFEST, { names: ['bootstrap'] })).to.throw(CiToolError, /never applied by CI/);
    expect(() => orderStacks(MANIFEST, { names: ['platform-qa'] })).to.throw(CiToolError, /unknown stack\(s\) `platform-qa`; the stacks are `bootstrap`, `platform-dev`/);
    expect(() => orderStacks(MANIFEST, { environment: 'staging' })).to.throw(CiToolError, /no stack belongs to environment "staging"/);
  });

  it('finds the environment from the stack name', () => {
    expect(stackEnvironment('platform-dev')).to.equal('dev');
    expect(stackEnvironment('addons-prod')).to.equal('prod');
    expect(stackEnvironment('bootstrap')).to.equal(undefined);
    expect(stackEnvironment('standalone')).to.equal(undefined);
  });

  it('reports a dependency cycle instead of looping', () => {
    const cyclic = parseStackManifest(JSON.stringify({
      stacks: {
        a: { name: 'a', dependencies: ['b'], workingDirectory: 'stacks/a' },
        b: { name: 'b', dependencies: ['a'], workingDirectory: 'stacks/b' },
      },
    }));
    expect(() => dependencyOrder(cyclic)).to.throw(CiToolError, /a, b depend on each other in a cycle/);
  });
});
