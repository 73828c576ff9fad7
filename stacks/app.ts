import { App, type TerraformStack } from 'cdktf';
import { AddonsStack } from './addons-stack';
import { BootstrapStack } from './bootstrap-stack';
import { PlatformStack } from './platform-stack';
import type { ProjectConfig } from '../modules/shared/environment-config';

export interface PlatformApp {
  readonly app: App;
  readonly bootstrap: BootstrapStack;
  readonly platforms: readonly PlatformStack[];
  /** One add-ons stack per environment, in the order of `platforms`. */
  readonly addons: readonly AddonsStack[];
  /** Every stack, in deployment order. */
  readonly stacks: readonly TerraformStack[];
}

/**
 * Wire the stacks of every environment. Platform stacks depend on bootstrap: their state lives in
 * its bucket and their cluster trusts its CI apply role. Each add-ons stack depends on the platform
 * stack of its environment: it installs into that cluster and reads its outputs.
 */
export function buildPlatformApp(project: ProjectConfig, app: App = new App()): PlatformApp {
  const bootstrap = new BootstrapStack(app, 'bootstrap', { project });
  const platforms = project.environments.map((environment) => {
    const platform = new PlatformStack(app, `platform-${environment.name}`, { environment });
    platform.addDependency(bootstrap);
    return platform;
  });
  const addons = platforms.map((platform) => {
    const stack = new AddonsStack(app, `addons-${platform.environment.name}`, { platform });
    // cdktf adds this dependency itself for cross-stack references; declared so the order never
    // depends on which fields happen to be referenced.
    stack.addDependency(platform);
    return stack;
  });
  const perEnvironment = platforms.flatMap((platform, i) => [platform, addons[i]]);
  return { app, bootstrap, platforms, addons, stacks: [bootstrap, ...perEnvironment] };
}
