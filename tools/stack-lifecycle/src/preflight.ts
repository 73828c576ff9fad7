/**
 * The checks before cdktf runs. Bootstrap is applied once per account, by hand, so no stack
 * declares a cdktf dependency on it (every run would then have to name it); instead every stack
 * whose state lives in the bootstrap bucket gets its bucket checked here. Stacks a run leaves out
 * that cdktf would insist on (a deployed dependency, a destroyed dependant) are checked in their
 * state, and the run goes ahead without them when the order is already satisfied.
 */
import { join } from 'node:path';
import { LifecycleError } from './lifecycle-errors';
import type { LifecycleCommand } from './selected-stacks';
import { planStacks } from './selected-stacks';
import { describeLocation, readStateLocation, type StateLocation } from './stack-backends';
import type { StateStore } from './state-store';
import type { StackManifest } from '../../ci/src/stack-manifest';

export interface PreflightInput {
  readonly command: LifecycleCommand;
  readonly manifest: StackManifest;
  /** The cdktf output directory holding `stacks/<name>/cdk.tf.json`. */
  readonly outdir: string;
  readonly patterns: readonly string[];
  readonly store: StateStore;
  /** Check left-out stacks' state; false when the user passed --ignore-missing-stack-dependencies. */
  readonly checkOrder: boolean;
}

export interface PreflightResult {
  readonly selected: readonly string[];
  /** Left-out stacks whose state shows the order is satisfied: cdktf must be told to not insist. */
  readonly satisfiedWithout: readonly string[];
}

export async function preflight(input: PreflightInput): Promise<PreflightResult> {
  const { command, manifest, outdir, store } = input;
  const plan = planStacks(manifest, input.patterns, command);
  const locationOf = (name: string): StateLocation => {
    const stack = manifest.stacks.find((s) => s.name === name);
    return readStateLocation(join(outdir, stack?.workingDirectory ?? join('stacks', name)));
  };
  const buckets = new Map<string, string>();
  for (const name of [...plan.selected, ...plan.leftOut.map((l) => l.name)]) {
    const location = locationOf(name);
    if (location.kind === 's3') buckets.set(location.bucket, location.region);
  }
  for (const [bucket, region] of buckets) await store.checkBucket(bucket, region);

  if (!input.checkOrder) return { selected: plan.selected, satisfiedWithout: [] };
  const problems: string[] = [];
  for (const { name, neededBy } of plan.leftOut) {
    const location = locationOf(name);
    const count = await store.managedResources(location);
    const where = describeLocation(location);
    if (command === 'deploy' && (count ?? 0) === 0) {
      problems.push(
        `${neededBy} needs ${name}, which is not deployed (${count === undefined ? 'no state at' : 'no resources in'} ${where}): ` +
          `deploy both, in order: npx projen deploy '${name}' '${neededBy}'`,
      );
    }
    if (command === 'destroy' && (count ?? 0) > 0) {
      problems.push(
        `${name} still manages ${count} resource(s) (${where}) and depends on ${neededBy}: destroy it first (npx projen destroy '${name}'), ` +
          `or both at once, in order: npx projen destroy '${name}' '${neededBy}'`,
      );
    }
  }
  if (problems.length > 0) throw new LifecycleError(problems.join('\n'));
  return { selected: plan.selected, satisfiedWithout: plan.leftOut.map((l) => l.name) };
}
