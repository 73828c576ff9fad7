import { App, type TerraformStack } from 'cdktf';
import { BootstrapStack } from './bootstrap-stack';
import { PlatformStack } from './platform-stack';
import type { ProjectConfig } from '../modules/shared/environment-config';

export interface PlatformApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly platforms: readonly PlatformStack[];
  /** Every stack, in deployment order. */
  readonly stacks: readonly TerraformStack[];
}

/**
 * Wire the stacks of every environment. Platform stacks depend on bootstrap: their state lives in
 * its bucket and their cluster trusts its CI apply role.
 */
export function buildPlatformApp(project: ProjectConfig, app: App = new App()): PlatformApp {
  const bootstrap = new BootstrapStack(app, 'bootstrap', { project });
  const platforms = project.environments.map((environment) => {
    const platform = new PlatformStack(app, `platform-${environment.name}`, { environment });
    platform.addDependency(bootstrap);
    return platform;
  });
  return { app, bootstrap, platforms, stacks: [bootstrap, ...platforms] };
}
