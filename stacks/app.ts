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
 * Wire the stacks of every environment. Each add-ons stack depends on the platform stack of its
 * environment: it installs into that cluster and reads its outputs.
 *
 * Platform stacks need bootstrap too (their state lives in its bucket, their cluster trusts its CI
 * roles) but declare no cdktf dependency on it: bootstrap is applied once per account, by hand,
 * and a cdktf dependency would make every later run name it too (cdktf refuses a run that leaves a
 * dependency out). The order comes from the README instead, checked before each run by
 * tools/stack-lifecycle (the state bucket must exist); the names they share come from
 * modules/shared/naming.ts, not from cross-stack references.
 */
export function buildPlatformApp(project: ProjectConfig, app: App = new App()): PlatformApp {
  const bootstrap = new BootstrapStack(app, 'bootstrap', { project });
  const platforms = project.environments.map((environment) => new PlatformStack(app, `platform-${environment.name}`, { environment }));
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
