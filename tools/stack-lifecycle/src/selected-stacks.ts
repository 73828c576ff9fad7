/**
 * Which stacks a deploy or destroy names, and which stacks it leaves out that cdktf would insist
 * on: dependencies (deploy) or dependants (destroy). cdktf refuses such a run with a usage error;
 * this tool checks the left-out stacks' state instead and lets the run go ahead when the order is
 * already satisfied (the dependency is deployed, the dependant is destroyed).
 */
import { minimatch } from 'minimatch';
import { LifecycleError } from './lifecycle-errors';
import type { StackManifest } from '../../ci/src/stack-manifest';

export type LifecycleCommand = 'deploy' | 'destroy';

export interface StackPlan {
  /** The stacks the patterns select, in manifest (name) order. */
  readonly selected: readonly string[];
  /** Left-out stacks whose state must show the order is satisfied, with the stack that needs each. */
  readonly leftOut: ReadonlyArray<{ readonly name: string; readonly neededBy: string }>;
}

/**
 * Select stacks the way cdktf does (each pattern a minimatch glob that must match at least one
 * stack; no pattern is only allowed for a one-stack app) and find what the run leaves out.
 */
export function planStacks(manifest: StackManifest, patterns: readonly string[], command: LifecycleCommand): StackPlan {
  const names = manifest.stacks.map((s) => s.name);
  if (patterns.length === 0 && names.length > 1) {
    throw new LifecycleError(`name the stacks to ${command}, e.g. npx projen ${command} 'platform-dev'; the stacks are ${names.join(', ')}`);
  }
  const selected = new Set(patterns.length === 0 ? names : []);
  for (const pattern of patterns) {
    const matches = names.filter((name) => minimatch(name, pattern));
    if (matches.length === 0) throw new LifecycleError(`no stack matches '${pattern}'; the stacks are ${names.join(', ')}`);
    for (const name of matches) selected.add(name);
  }
  const leftOut = new Map<string, string>();
  if (command === 'deploy') {
    // Direct dependencies only, as cdktf checks: a dependency's own dependencies were deployed
    // before it was.
    for (const stack of manifest.stacks.filter((s) => selected.has(s.name))) {
      for (const dependency of stack.dependencies) if (!selected.has(dependency) && !leftOut.has(dependency)) leftOut.set(dependency, stack.name);
    }
  } else {
    // Every stack that depends on a destroyed one, transitively: all of them read its outputs
    // or run inside what it made.
    let grew = true;
    const doomed = new Set(selected);
    while (grew) {
      grew = false;
      for (const stack of manifest.stacks) {
        const needs = stack.dependencies.find((d) => doomed.has(d));
        if (needs !== undefined && !doomed.has(stack.name)) {
          doomed.add(stack.name);
          leftOut.set(stack.name, needs);
          grew = true;
        }
      }
    }
  }
  return {
    selected: names.filter((name) => selected.has(name)),
    leftOut: [...leftOut].map(([name, neededBy]) => ({ name, neededBy })),
  };
}
