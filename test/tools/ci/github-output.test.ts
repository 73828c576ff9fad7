import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { writeOutputs } from '../../../tools/ci/src/github-output';

describe('tools/ci writeOutputs', () => {
  it('writes each value between random heredoc delimiters, so a newline in a value cannot add an output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-output-'));
    try {
      const file = join(dir, 'out');
      writeOutputs(file, { a: '1', b: 'x\nallowed=true' });
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines[0]).to.match(/^a<<ghadelimiter_[0-9a-f]{24}$/);
      expect(lines.slice(1, 3)).to.deep.equal(['1', lines[0].slice(3)]);
      expect(lines[3]).to.match(/^b<<ghadelimiter_/);
      expect(lines[3].slice(3)).to.not.equal(lines[0].slice(3));
      expect(lines.slice(4, 7)).to.deep.equal(['x', 'allowed=true', lines[3].slice(3)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does nothing without a file (run outside Actions)', () => {
    expect(() => writeOutputs(undefined, { a: '1' })).not.to.throw();
  });
});
