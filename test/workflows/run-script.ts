/**
 * Test support: run a workflow's inline `run:` script the way GitHub's runner does
 * (`bash --noprofile --norc -eo pipefail`), with a temp $GITHUB_OUTPUT and optional fake
 * commands (e.g. `gh`) put first on PATH. Only loopback and temp files; nothing reaches GitHub.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** `key=value` lines the script wrote to $GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>;
}

export interface ScriptOptions {
  readonly env?: Record<string, string>;
  /** Fake executables by name: their bash source. */
  readonly fakes?: Record<string, string>;
  readonly cwd?: string;
}

export function runScript(script: string, options: ScriptOptions = {}): ScriptRun {
  const dir = mkdtempSync(join(tmpdir(), 'workflow-script-'));
  try {
    const bin = join(dir, 'bin');
    spawnSync('mkdir', ['-p', bin]);
    for (const [name, source] of Object.entries(options.fakes ?? {})) {
      writeFileSync(join(bin, name), `#!/usr/bin/env bash\n${source}\n`);
      chmodSync(join(bin, name), 0o755);
    }
    const output = join(dir, 'github-output');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      cwd: options.cwd ?? dir,
      encoding: 'utf8',
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        GITHUB_OUTPUT: output,
        GITHUB_STEP_SUMMARY: join(dir, 'step-summary'),
        GITHUB_REPOSITORY: 'example-org/ai-chatbot-platform',
        ...options.env,
      },
    });
    const outputs: Record<string, string> = {};
    if (existsSync(output)) {
      for (const line of readFileSync(output, 'utf8').split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
      }
    }
    return { code: result.status ?? 1, stdout: result.stdout, stderr: result.stderr, outputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
