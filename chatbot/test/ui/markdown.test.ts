import { expect } from 'chai';
import { isSafeUrl, renderMarkdown } from '../../ui/markdown';

describe('ui/markdown', () => {
  it('renders Markdown', () => {
    expect(renderMarkdown('**bold** and `code`\n\n- item')).to.equal('<p><strong>bold</strong> and <code>code</code></p>\n<ul>\n<li>item</li>\n</ul>\n');
  });

  const escaped: Array<[string, string]> = [
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<a href="javascript:alert(1)">x</a>', '&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;'],
    ['<div\nonclick="alert(1)">block</div>', '&lt;div\nonclick=&quot;alert(1)&quot;&gt;block&lt;/div&gt;'],
  ];
  for (const [input, expected] of escaped) {
    it(`escapes raw HTML: ${JSON.stringify(input)}`, () => {
      const html = renderMarkdown(input);
      expect(html).to.contain(expected);
      expect(html).not.to.match(/<(img|script|a|div)\b/);
    });
  }

  const notLinks = [
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x]( javascript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](file:///etc/passwd)',
    '[x](//evil.example/path)',
    '[x](/relative/path)',
    '<javascript:alert(1)>',
    '[x][r]\n\n[r]: javascript:alert(1)',
  ];
  for (const input of notLinks) {
    it(`keeps ${JSON.stringify(input)} as text, not a link`, () => {
      expect(renderMarkdown(input)).not.to.contain('<a ');
    });
  }

  it('turns images into plain links', () => {
    const html = renderMarkdown('![alt](https://example.com/a.png)');
    expect(html).not.to.contain('<img');
    expect(html).to.contain('<a href="https://example.com/a.png" target="_blank" rel="noopener noreferrer">alt</a>');
  });

  it('opens http, https and mailto links in a new tab without opener or referrer', () => {
    expect(renderMarkdown('[a](https://example.com/x?y=1&z=2) [b](http://example.com) [c](mailto:me@example.com)')).to.equal(
      '<p><a href="https://example.com/x?y=1&amp;z=2" target="_blank" rel="noopener noreferrer">a</a> '
      + '<a href="http://example.com" target="_blank" rel="noopener noreferrer">b</a> '
      + '<a href="mailto:me@example.com" target="_blank" rel="noopener noreferrer">c</a></p>\n',
    );
  });

  it('linkifies bare URLs and e-mail addresses, through the same checks', () => {
    expect(renderMarkdown('see https://example.com/docs or mail me@example.com')).to.equal(
      '<p>see <a href="https://example.com/docs" target="_blank" rel="noopener noreferrer">https://example.com/docs</a> or mail '
      + '<a href="mailto:me@example.com" target="_blank" rel="noopener noreferrer">me@example.com</a></p>\n',
    );
  });

  it('does not let a link title or text break out of the attribute', () => {
    const html = renderMarkdown('[x"><img src=x>](https://example.com "t\\" onmouseover=\\"alert(1)")');
    expect(html).not.to.contain('<img');
    expect(html).to.contain('title="t&quot; onmouseover=&quot;alert(1)"');
  });

  it('accepts only absolute http, https and mailto URLs', () => {
    expect(['https://a.example', 'HTTP://a.example', 'mailto:x@a.example'].map(isSafeUrl)).to.deep.equal([true, true, true]);
    expect(['javascript:alert(1)', 'data:,x', '/path', '//a.example', 'https:/a.example', 'ftp://a.example'].map(isSafeUrl))
      .to.deep.equal([false, false, false, false, false, false]);
  });
});
