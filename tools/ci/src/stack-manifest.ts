/**
 * `cdktf.out/manifest.json`, written by `cdktf synth`: every stack, its working directory and the
 * stacks it depends on. The CI tools take the stack list and the order from here, so a new stack
 * needs no workflow change.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { CiToolError } from './ci-errors';

export interface ManifestStack {
  /** Stack name, e.g. `platform-dev`. */
  readonly name: string;
  /** Names of the stacks this one depends on (deployed before it). */
  readonly dependencies: readonly string[];
  /** Directory of the stack's Terraform JSON, relative to the manifest's folder (`stacks/<name>`). */
  readonly workingDirectory: string;
}

export interface StackManifest {
  /** Stacks sorted by name, so every order derived from them is deterministic. */
  readonly stacks: readonly ManifestStack[];
}

const manifestSchema = z.object({
  stacks: z.record(
    z.string(),
    z.object({
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'stack names are letters, digits, "-" and "_"' }),
      dependencies: z.array(z.string()).default([]),
      workingDirectory: z.string(),
    }),
  ),
});

/** Parse and check a manifest: names match their keys, dependencies name known stacks. */
export function parseStackManifest(text: string, file = 'manifest.json'): StackManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CiToolError(`${file}: not valid JSON (${(error as Error).message}); run "npx projen synth" to write it again`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CiToolError(`${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}; is this a cdktf manifest?`);
  }
  const stacks = Object.entries(parsed.data.stacks).map(([key, stack]) => {
    if (stack.name !== key) throw new CiToolError(`${file}: stacks.${key}.name is "${stack.name}"; the key and the name must agree`);
    return stack;
  });
  const names = new Set(stacks.map((s) => s.name));
  for (const stack of stacks) {
    const unknown = stack.dependencies.filter((d) => !names.has(d));
    if (unknown.length > 0) throw new CiToolError(`${file}: ${stack.name} depends on unknown stack(s) ${unknown.join(', ')}`);
  }
  return { stacks: stacks.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

export function readStackManifest(file: string): StackManifest {
  if (!existsSync(file)) throw new CiToolError(`${file}: not found; run "npx projen synth" first (it writes cdktf.out/manifest.json)`);
  return parseStackManifest(readFileSync(file, 'utf8'), file);
}
