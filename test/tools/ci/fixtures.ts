/**
 * Test support for tools/ci: the manifest `cdktf synth` writes for this repository (bootstrap,
 * platform and add-ons stacks of dev and prod), and a fake `terraform` executable whose exit codes
 * and output each test scripts, and which records every call.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseStackManifest, type StackManifest } from '../../../tools/ci/src/stack-manifest';

function stack(name: string, dependencies: string[]) {
  return { name, dependencies, workingDirectory: `stacks/${name}`, constructPath: name, annotations: [], stackMetadataPath: `stacks/${name}/metadata.json`, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
}

/** The shape of cdktf.out/manifest.json for config/ (dev and prod). */
export const MANIFEST_JSON = JSON.stringify({
  stacks: {
    'addons-dev': stack('addons-dev', ['platform-dev']),
    'addons-prod': stack('addons-prod', ['platform-prod']),
    'bootstrap': stack('bootstrap', []),
    'platform-dev': stack('platform-dev', ['bootstrap']),
    'platform-prod': stack('platform-prod', ['bootstrap']),
  },
  version: '0.21.0',
});

export const MANIFEST: StackManifest = parseStackManifest(MANIFEST_JSON);

/** Write the manifest and one folder per stack under `dir/cdktf.out`; returns the manifest path. */
export function writeSynthOutput(dir: string): string {
  const out = join(dir, 'cdktf.out');
  for (const s of MANIFEST.stacks) mkdirSync(join(out, s.workingDirectory), { recursive: true });
  writeFileSync(join(out, 'manifest.json'), MANIFEST_JSON);
  return join(out, 'manifest.json');
}

/** Keep terraform's (fake) output out of the test report. */
export const QUIET = { echo: false } as const;

/** What the fake does for `<stack>:<subcommand>` (or `*:<subcommand>`): exit code and output. */
export interface FakeRule {
  readonly code?: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

export interface FakeTerraform {
  /** Path of the executable. */
  readonly binary: string;
  /** Calls so far: stack (folder name) and the arguments after -chdir. */
  calls(): Array<{ stack: string; args: string[] }>;
}

/**
 * A Node script standing in for terraform. `plan` with `-out=` writes the plan file (unless it
 * fails), as the real one does, so later steps can find it.
 */
export function fakeTerraform(dir: string, rules: Readonly<Record<string, FakeRule>> = {}): FakeTerraform {
  const binary = join(dir, 'terraform');
  const log = join(dir, 'terraform-calls.jsonl');
  const script = `#!/usr/bin/env node
const fs = require('fs');
const path = require('path');
const rules = ${JSON.stringify(rules)};
const args = process.argv.slice(2);
let dir = process.cwd();
if (args[0] && args[0].startsWith('-chdir=')) dir = args.shift().slice('-chdir='.length);
const stack = path.basename(dir);
const command = args[0];
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ stack, args }) + '\\n');
const rule = rules[stack + ':' + command] || rules['*:' + command] || {};
const code = rule.code === undefined ? 0 : rule.code;
if (rule.stdout) process.stdout.write(rule.stdout);
if (rule.stderr) process.stderr.write(rule.stderr);
const out = args.find((a) => a.startsWith('-out='));
if (command === 'plan' && out && (code === 0 || code === 2)) fs.writeFileSync(path.join(dir, out.slice(5)), 'saved plan');
process.exit(code);
`;
  writeFileSync(binary, script);
  chmodSync(binary, 0o755);
  return {
    binary,
    calls: () =>
      existsSync(log)
        ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { stack: string; args: string[] })
        : [],
  };
}
