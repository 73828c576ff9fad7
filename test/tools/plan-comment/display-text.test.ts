import { expect } from 'chai';
import { cleanLogText, escapeInvisible, truncateText } from '../../../tools/plan-comment/src/display-text';

describe('tools/plan-comment display text', () => {
  it('shows control, zero-width and direction-changing characters as escapes', () => {
    expect(escapeInvisible('a\u202eb\u200bc\nd\u2028e')).to.equal('a\\u202eb\\u200bc\\u000ad\\u2028e');
    expect(escapeInvisible('Zoë 🚀 データ')).to.equal('Zoë 🚀 データ');
  });

  it('cleans a log: ANSI colours removed, CRLF normalised, line breaks and tabs kept', () => {
    expect(cleanLogText('\u001b[31mError:\u001b[0m bad\r\n\tline\u0007')).to.equal('Error: bad\n\tline\\u0007');
  });

  it('cuts long text with a count, never splitting an emoji', () => {
    expect(truncateText('abcdef', 10)).to.equal('abcdef');
    expect(truncateText('abcdef', 3)).to.equal('abc… (3 more characters)');
    expect(truncateText('ab🚀cd', 3)).to.equal('ab… (4 more characters)');
  });
});
