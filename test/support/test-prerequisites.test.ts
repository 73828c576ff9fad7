import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { missingPrerequisites } from './test-prerequisites';

const ROOT = resolve(__dirname, '..', '..');

describe('npm test prerequisites (test/support/test-prerequisites.ts)', () => {
  it('lists only what is missing, with how to install it', () => {
    const message = missingPrerequisites([
      { what: 'A', problem: () => undefined, install: 'apt-get install a' },
      { what: 'B', problem: () => 'no `b` on PATH', install: 'apt-get install b' },
    ]);
    expect(message).to.equal('npm test needs programs that npm cannot install:\n  - B: no `b` on PATH.\n    Install: apt-get install b');
    expect(missingPrerequisites([{ what: 'A', problem: () => undefined, install: '' }])).to.equal(undefined);
  });

  it('stops with exit 1 naming Chromium and the apt-get line when chromium is not on PATH', () => {
    const bin = mkdtempSync(join(tmpdir(), 'prereq-path-'));
    try {
      for (const tool of ['which', 'kubectl']) {
        const found = spawnSync('which', [tool], { encoding: 'utf8' }).stdout.trim();
        symlinkSync(found, join(bin, tool));
      }
      const result = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/test-prerequisites.ts')], {
        cwd: ROOT,
        env: { ...process.env, PATH: bin },
        encoding: 'utf8',
      });
      expect(result.status, result.stderr).to.equal(1);
      expect(result.stderr).to.include('Chromium, for the chatbot web UI tests');
      expect(result.stderr).to.include('sudo apt-get install -y chromium');
      expect(result.stderr).not.to.include('kubectl >= 1.27');
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
