import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { appendStepSummary, formatStepOutputs, writeStepOutputs } from '../../../tools/github/src/action-output';
import { ActionsWorkspace } from '../../support/run-cli';

describe('step outputs and job summary', () => {
  let workspace: ActionsWorkspace;
  beforeEach(() => { workspace = new ActionsWorkspace(); });
  afterEach(() => workspace.remove());

  it('writes name=value lines', () => {
    expect(formatStepOutputs({ 'allowed': 'false', 'head-sha': 'abc' })).to.equal('allowed=false\nhead-sha=abc\n');
  });

  it('uses a random heredoc delimiter for multi-line values, so text cannot inject outputs', () => {
    const text = formatStepOutputs({ reason: 'line 1\nallowed=true' });
    const match = /^reason<<(ghadelimiter_[0-9a-f]{24})\nline 1\nallowed=true\n\1\n$/.exec(text);
    expect(match, text).not.to.equal(null);
  });

  it('refuses an invalid output name', () => {
    expect(() => formatStepOutputs({ 'bad name': 'x' })).to.throw('invalid output name "bad name"');
  });

  it('appends to the files and keeps what earlier steps wrote', () => {
    writeStepOutputs(workspace.outputFile, { a: '1' });
    writeStepOutputs(workspace.outputFile, { b: '2' });
    appendStepSummary(workspace.summaryFile, '# one');
    appendStepSummary(workspace.summaryFile, '# two\n');
    expect(readFileSync(workspace.outputFile, 'utf8')).to.equal('a=1\nb=2\n');
    expect(readFileSync(workspace.summaryFile, 'utf8')).to.equal('# one\n# two\n');
  });

  it('writes nothing outside Actions (no file named)', () => {
    expect(() => writeStepOutputs(undefined, { a: '1' })).not.to.throw();
    expect(() => appendStepSummary(undefined, 'x')).not.to.throw();
  });
});
