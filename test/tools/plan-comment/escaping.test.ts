import { join } from 'node:path';
import { expect } from 'chai';
import { structureProblems, withoutCodeSpans } from './markdown-structure';
import { allBodies, FIXTURES, sampleInput } from './sample-input';
import { SeededRandom } from './seeded-random';
import { codeBlock, codeSpan, escapeHtml, safeUrl } from '../../../tools/plan-comment/src/markdown';
import type { TerraformPlan } from '../../../tools/plan-comment/src/plan-json';
import { renderFullPlanMarkdown, renderPlanComment } from '../../../tools/plan-comment/src/render';
import type { RenderInput } from '../../../tools/plan-comment/src/types';

const MALICIOUS = join(FIXTURES, 'malicious');

describe('tools/plan-comment escaping', () => {
  it('the structure checker catches a broken body (so the tests below can fail)', () => {
    const marker = '<!-- ai-chatbot-platform:plan-comment pr=1 part=1 -->';
    expect(structureProblems(`${marker}\n\`\`\`diff\n+ a\n`)).to.deep.equal(['code fence ``` never closed']);
    expect(structureProblems(`${marker}\n<details><summary>x</summary>\n\n</details>\n</details>`)[0]).to.match(/<\/details> without <details>/);
    expect(structureProblems(`${marker}\n| a | b |\n|--|--|\n| x|y | z |`)[0]).to.match(/table row has 4 separators/);
    expect(structureProblems(`${marker}\nsee <!-- hidden`)[0]).to.match(/HTML comment/);
    expect(structureProblems(`${marker}\nhi <script>`)[0]).to.match(/raw '<'/);
    expect(structureProblems(`${marker}\nping @octocat`)[0]).to.match(/@mention/);
  });

  it('keeps the malicious fixture from breaking any part, the job summary or the full plan', () => {
    const input = sampleInput(MALICIOUS);
    const rendered = renderPlanComment(input);
    for (const part of rendered.parts) expect(structureProblems(part.body), `part ${part.part}`).to.deep.equal([]);
    expect(structureProblems(rendered.summary, { marker: false })).to.deep.equal([]);
    expect(structureProblems(renderFullPlanMarkdown(input), { marker: false })).to.deep.equal([]);
  });

  it('still shows the hostile values, escaped rather than dropped', () => {
    const text = allBodies(renderPlanComment(sampleInput(MALICIOUS)));
    expect(text).to.include('+ tags.k01 = "</details>"'); // inside a diff fence: literal
    expect(text).to.include('+ tags.k02 = "```"');
    expect(text).to.include('`````diff\n'); // the fence outgrows the 4-backtick run in a value
    expect(text).to.include('<code>aws_s3_bucket.evil2[&#34;&#60;!--&#34;]</code>'); // HTML-escaped in a summary
    expect(text).to.include('+ tags.k10 = "\\u202eevil\\u202c"'); // bidi override shown, not applied
    expect(text).to.include('(reason `some_future_reason_<b>`)'); // an unknown reason, in a code span
    expect(text).to.include('``tags["-->`|"]``'); // a backtick in a path: longer code-span fence
    expect(text).to.include('`````text\nError: ```'); // error log fence longer than its runs
  });

  it('escapes a stack name in the summary table so its pipes do not add columns', () => {
    const input: RenderInput = { ...sampleInput(), stacks: [{ stack: 'we|ird`name<!--', exitCode: 1, error: 'x' }] };
    const body = renderPlanComment(input).parts[0].body;
    expect(body).to.include('| ``we\\|ird`name<!--`` | ❌ failed |');
    expect(structureProblems(body)).to.deep.equal([]);
  });

  it('property: random hostile keys, values, outputs and logs never break structure, split or not (seeded)', () => {
    const PIECES = ['`', '```', '````', '|', '<', '>', '-->', '<!--', '</details>', '<details>', '</summary>', '<script>', '\\', '*', '_', '[x](y)',
      '@team', '$$', '\n', '\r', '\t', '\u202e', '~~~', '#', '&amp;', ' ', 'a', 'é', '🚀'];
    for (let iteration = 0; iteration < 120; iteration++) {
      const random = new SeededRandom(77 + iteration);
      const hostile = (): string => Array.from({ length: random.int(1, 8) }, () => random.pick(PIECES)).join('');
      const tags: Record<string, string> = {};
      for (let i = 0; i < random.int(1, 30); i++) tags[hostile()] = hostile();
      const address = `aws_s3_bucket.b["${hostile()}"]`;
      const plan: TerraformPlan = {
        format_version: '1.2',
        terraform_version: '1.11.4',
        planned_values: {},
        resource_changes: Array.from({ length: random.int(1, 40) }, (_, i) => ({
          address: `${address}${i}`,
          mode: 'managed',
          type: 'aws_s3_bucket',
          name: 'b',
          provider_name: 'registry.terraform.io/hashicorp/aws',
          change: { actions: random.pick([['update'], ['delete'], ['create', 'delete']]), before: { tags: {} }, after: { tags }, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, replace_paths: [['tags', hostile()]] },
          action_reason: random.chance(0.5) ? hostile() : undefined,
        })),
        output_changes: { [hostile()]: { actions: ['create'], before: null, after: hostile(), after_unknown: false, before_sensitive: false, after_sensitive: false } },
      };
      const input: RenderInput = { ...sampleInput(), stacks: [{ stack: 'evil', plan }, { stack: hostile() || 'x', exitCode: 1, error: hostile() }] };
      const rendered = renderPlanComment(input, { maxBodyChars: random.pick([4_096, 65_536]), maxParts: random.pick([1, 3, 10]) });
      for (const part of rendered.parts) expect(structureProblems(part.body), `iteration ${iteration}, part ${part.part}`).to.deep.equal([]);
    }
  });

  describe('markdown helpers', () => {
    it('codeSpan fences with more backticks than the text holds and pads edge backticks', () => {
      expect(codeSpan('a`b')).to.equal('``a`b``');
      expect(codeSpan('`x')).to.equal('`` `x ``');
      expect(codeSpan('a|b', true)).to.equal('`a\\|b`');
      expect(codeSpan('two\nlines')).to.equal('`two lines`');
      expect(withoutCodeSpans(`x ${codeSpan('```<!--')} y`)).to.equal('x  CODE  y');
    });

    it('codeBlock picks a fence no content line can close', () => {
      expect(codeBlock('text', ['a', '````', 'b'])).to.equal('`````text\na\n````\nb\n`````');
      expect(codeBlock('diff', ['+ x'])).to.equal('```diff\n+ x\n```');
    });

    it('escapeHtml leaves no tag, quote or line break', () => {
      expect(escapeHtml('<a href="x">\'&\n')).to.equal('&#60;a href=&#34;x&#34;&#62;&#39;&#38; ');
    });

    it('safeUrl keeps http(s) links and encodes what could end a Markdown link', () => {
      expect(safeUrl('https://github.com/o/r/actions/runs/1')).to.equal('https://github.com/o/r/actions/runs/1');
      expect(safeUrl('https://x.example/a)b (c)<d>')).to.equal('https://x.example/a%29b%20%28c%29%3Cd%3E');
      expect(safeUrl('javascript:alert(1)')).to.equal(undefined);
      expect(safeUrl('not a url')).to.equal(undefined);
    });
  });
});
