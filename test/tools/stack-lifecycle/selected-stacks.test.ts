import { expect } from 'chai';
import { APP_MANIFEST } from './app-manifest';
import type { StackManifest } from '../../../tools/ci/src/stack-manifest';
import { LifecycleError } from '../../../tools/stack-lifecycle/src/lifecycle-errors';
import { planStacks } from '../../../tools/stack-lifecycle/src/selected-stacks';

describe('stack-lifecycle: planStacks', () => {
  it('selects by glob like cdktf and leaves nothing out when both stacks of an environment are named', () => {
    expect(planStacks(APP_MANIFEST, ['*-prod'], 'deploy')).to.deep.equal({ selected: ['addons-prod', 'platform-prod'], leftOut: [] });
    expect(planStacks(APP_MANIFEST, ['platform-dev', 'addons-dev'], 'destroy')).to.deep.equal({ selected: ['addons-dev', 'platform-dev'], leftOut: [] });
  });

  it('a platform stack alone needs nothing else on deploy (bootstrap is no cdktf dependency)', () => {
    expect(planStacks(APP_MANIFEST, ['platform-dev'], 'deploy').leftOut).to.deep.equal([]);
  });

  it('deploying add-ons alone leaves their platform out; destroying a platform alone leaves its add-ons out', () => {
    expect(planStacks(APP_MANIFEST, ['addons-dev'], 'deploy').leftOut).to.deep.equal([{ name: 'platform-dev', neededBy: 'addons-dev' }]);
    expect(planStacks(APP_MANIFEST, ['platform-dev'], 'destroy').leftOut).to.deep.equal([{ name: 'addons-dev', neededBy: 'platform-dev' }]);
    expect(planStacks(APP_MANIFEST, ['addons-dev'], 'destroy').leftOut).to.deep.equal([]);
  });

  it('finds dependants of dependants on destroy', () => {
    const chain: StackManifest = {
      stacks: [
        { name: 'a', dependencies: [], workingDirectory: 'stacks/a' },
        { name: 'b', dependencies: ['a'], workingDirectory: 'stacks/b' },
        { name: 'c', dependencies: ['b'], workingDirectory: 'stacks/c' },
      ],
    };
    expect(planStacks(chain, ['a'], 'destroy').leftOut).to.deep.equal([{ name: 'b', neededBy: 'a' }, { name: 'c', neededBy: 'b' }]);
  });

  it('refuses a pattern that matches nothing, and no pattern at all, listing the stacks', () => {
    expect(() => planStacks(APP_MANIFEST, ['platform-qa'], 'deploy')).to.throw(LifecycleError, "no stack matches 'platform-qa'; the stacks are addons-dev, addons-prod, bootstrap, platform-dev, platform-prod");
    expect(() => planStacks(APP_MANIFEST, [], 'destroy')).to.throw(LifecycleError, "name the stacks to destroy, e.g. npx projen destroy 'platform-dev'");
  });
});
