/**
 * A bad config as the user meets it: through the real cdktf CLI (`cdktf synth`, which
 * `npx projen synth` runs), not the app alone. The CLI echoes an app's stderr and stdout and, on a
 * non-zero exit, prints them again inside its own error frame; see stacks/config-error-report.ts.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

const ROOT = join(__dirname, '..', '..');

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
const count = (text: string, part: string) => text.split(part).length - 1;

describe('stacks/config-error-report (cdktf synth with a bad config)', function () {
  this.timeout(180_000);
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  function scratch(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  }

  /** Run `cdktf synth` on a copy of config/ with `edit` applied; the combined output, ANSI codes removed. */
  function synth(edit: (dir: string) => void): { status: number | null; output: string; configDir: string } {
    const configDir = scratch('cli-config-');
    cpSync(join(ROOT, 'config'), configDir, { recursive: true });
    edit(configDir);
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', scratch('cli-out-')], {
      cwd: ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: 'true', PLATFORM_CONFIG_DIR: configDir },
      encoding: 'utf8',
    });
    return { status: run.status, output: stripAnsi(`${run.stdout}\n${run.stderr}`), configDir };
  }

  const patch = (dir: string, file: string, from: string, to: string) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text, `${file} holds ${from}`).to.include(from);
    writeFileSync(join(dir, file), text.replace(from, to));
  };

  it('prints each problem exactly once, outside cdktf\'s "non-zero exit code" frame, and fails', () => {
    const { status, output, configDir } = synth((dir) => {
      patch(dir, 'prod.yaml', '  enableWaf: true', '  enableWAF: true');
      patch(dir, 'dev.yaml', 'logRetentionDays: 14', 'logRetentionDay: 7');
    });
    expect(status, output).to.not.equal(0);
    const problems = [
      `${configDir}/prod.yaml: site.enableWAF: unknown key; did you mean enableWaf?`,
      `${configDir}/dev.yaml: logRetentionDay: unknown key; did you mean logRetentionDays?`,
    ];
    for (const problem of problems) expect(count(output, problem), output).to.equal(1);
    expect(count(output, 'Invalid configuration:'), output).to.equal(1);
    expect(output).to.not.include('non-zero exit code');
    expect(output).to.not.include('Command output on stderr');
    expect(output).to.not.match(/^\s+at /m);
  });

  it('prints a YAML syntax error with its caret once', () => {
    const { status, output, configDir } = synth((dir) => patch(dir, 'dev.yaml', '  azCount: 2', '  azCount: [2'));
    expect(status, output).to.not.equal(0);
    const line = readFileSync(join(configDir, 'dev.yaml'), 'utf8').split('\n').indexOf('  azCount: [2') + 1;
    expect(count(output, `${configDir}/dev.yaml:${line}:12: not valid YAML: this list is never closed; end it with "]"`), output).to.equal(1);
    // The excerpt's gutter, indented four under its problem by ConfigError.
    const excerpt = `    ${String(line).padStart(6)} |   azCount: [2\n    ${' '.repeat(6)} |            ^`;
    expect(count(output, excerpt), output).to.equal(1);
  });
});
