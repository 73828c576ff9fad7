import type { StackManifest } from '../../../tools/ci/src/stack-manifest';

/** The app's shape: bootstrap stands alone; each add-ons stack depends on its platform stack. */
export const APP_MANIFEST: StackManifest = {
  stacks: [
    { name: 'addons-dev', dependencies: ['platform-dev'], workingDirectory: 'stacks/addons-dev' },
    { name: 'addons-prod', dependencies: ['platform-prod'], workingDirectory: 'stacks/addons-prod' },
    { name: 'bootstrap', dependencies: [], workingDirectory: 'stacks/bootstrap' },
    { name: 'platform-dev', dependencies: [], workingDirectory: 'stacks/platform-dev' },
    { name: 'platform-prod', dependencies: [], workingDirectory: 'stacks/platform-prod' },
  ],
};
