/**
 * Which stacks a CI run touches, and in which order: dependencies first (platform before add-ons)
 * for plan and apply, the reverse for destroy. `bootstrap` manages the CI roles themselves, so CI
 * never applies it (the apply role has explicit denies on them); it is only planned, read-only.
 */
import { CiToolError } from './ci-errors';
import type { StackManifest } from './stack-manifest';

/** The stack holding the state bucket, the GitHub OIDC provider and the CI roles. */
export const BOOTSTRAP_STACK = 'bootstrap';

/** Why `bootstrap` is refused, for replies and errors. */
export const BOOTSTRAP_REFUSAL =
  '`bootstrap` is never applied by CI: it manages the CI roles and the state bucket themselves, and the apply role is denied changes to them. ' +
  'An administrator applies it from a workstation (`npx projen deploy bootstrap`, see README).';

/** The environment of a per-environment stack (`platform-dev` -> `dev`); undefined for bootstrap. */
export function stackEnvironment(name: string): string | undefined {
  if (name === BOOTSTRAP_STACK) return undefined;
  const dash = name.lastIndexOf('-');
  return dash > 0 && dash < name.length - 1 ? name.slice(dash + 1) : undefined;
}

export interface StackSelection {
  /** Only the stacks of this environment. */
  readonly environment?: string;
  /** Only these stacks (each must exist). Empty or absent: every stack. */
  readonly names?: readonly string[];
  /** Keep `bootstrap` (planning only). Naming it without this flag is refused. @default false */
  readonly includeBootstrap?: boolean;
  /** Dependents first (destroy order). @default false */
  readonly reverse?: boolean;
}

/** Every stack in dependency order; ties keep name order, so the result is stable. */
export function dependencyOrder(manifest: StackManifest): string[] {
  const remaining = new Map(manifest.stacks.map((s) => [s.name, new Set(s.dependencies)]));
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.keys()].filter((name) => [...remaining.get(name)!].every((d) => !remaining.has(d)));
    if (ready.length === 0) throw new CiToolError(`the stacks ${[...remaining.keys()].join(', ')} depend on each other in a cycle`);
    for (const name of ready) {
      order.push(name);
      remaining.delete(name);
    }
  }
  return order;
}

/** The selected stacks, in dependency order (or its reverse). */
export function orderStacks(manifest: StackManifest, selection: StackSelection = {}): string[] {
  const all = dependencyOrder(manifest);
  const names = selection.names ?? [];
  const unknown = names.filter((n) => !all.includes(n));
  if (unknown.length > 0) {
    throw new CiToolError(`unknown stack(s) ${unknown.map((n) => `\`${n}\``).join(', ')}; the stacks are ${all.map((n) => `\`${n}\``).join(', ')}`);
  }
  if (!selection.includeBootstrap && names.includes(BOOTSTRAP_STACK)) throw new CiToolError(BOOTSTRAP_REFUSAL);
  if (selection.environment !== undefined && !all.some((n) => stackEnvironment(n) === selection.environment)) {
    throw new CiToolError(`no stack belongs to environment "${selection.environment}"; the stacks are ${all.join(', ')}`);
  }
  const picked = all.filter(
    (name) =>
      (names.length === 0 || names.includes(name)) &&
      (selection.includeBootstrap || name !== BOOTSTRAP_STACK) &&
      (selection.environment === undefined || stackEnvironment(name) === selection.environment),
  );
  return selection.reverse ? picked.reverse() : picked;
}
