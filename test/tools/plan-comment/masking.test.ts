import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { generateRenderInput } from './generate-plan';
import { allBodies, SAMPLE_DIR, sampleInput } from './sample-input';
import { SeededRandom } from './seeded-random';
import { escapeInvisible } from '../../../tools/plan-comment/src/display-text';
import { escapeHtml } from '../../../tools/plan-comment/src/markdown';
import { renderFullPlanMarkdown, renderPlanComment } from '../../../tools/plan-comment/src/render';
import type { RenderOptions } from '../../../tools/plan-comment/src/types';

/** Every form a value could take in the output: raw, JSON-quoted (with invisibles shown), HTML-escaped. */
function forms(secret: string): string[] {
  return [secret, escapeInvisible(JSON.stringify(secret).slice(1, -1)), escapeHtml(secret)];
}

function everything(input: ReturnType<typeof sampleInput>, options: RenderOptions = {}): string {
  const rendered = renderPlanComment(input, options);
  return [allBodies(rendered), rendered.summary, renderFullPlanMarkdown(input, options)].join('\n');
}

describe('tools/plan-comment masking', () => {
  const FIXTURE_SECRETS = [
    'Sup3r-S3cret-Pa55!', // sensitive root variable, copied into a plain user_data
    'bk-live-7f3e9a1c2d4b', 'bk-live-9a8b7c6d5e4f', // sensitive attribute and sensitive output, both sides
    'lambda-db-pw-Ω-9921', // nested in a map inside a list block
    'cache-pass-one-1234', 'cache-pass-two-5678', // list elements
    'legacy-token-0042xyz', // a deleted resource
    'drift-old-secret-111', 'drift-new-secret-222', // drift
  ];

  it('the fixture really holds the secrets in clear (so the next test can fail)', () => {
    const json = readFileSync(join(SAMPLE_DIR, 'platform-dev.json'), 'utf8');
    for (const secret of FIXTURE_SECRETS) expect(json).to.include(secret);
  });

  it('shows no sensitive value of the fixture anywhere: parts, job summary, full plan', () => {
    const text = everything(sampleInput());
    for (const secret of FIXTURE_SECRETS) for (const form of forms(secret)) expect(text, secret).not.to.include(form);
    expect(text).to.include("echo 'db=(masked)' > /etc/app.env"); // the copy in a plain attribute
  });

  it('masks extraMasks matches in values and in error text', () => {
    const text = everything(sampleInput(), { extraMasks: [/ami-[0-9a-f]{17}/, /10\.20\.1\.\d+/, /0A1B2C3D\.gr7/i] });
    expect(text).not.to.match(/ami-[0-9a-f]{17}/);
    expect(text).not.to.include('10.20.1.7'); // in the failed stack's log
    expect(text).not.to.include('10.20.1.15'); // in a diff value
    expect(text).not.to.match(/0A1B2C3D\.gr7/i);
    expect(text).to.include('! ami = "(masked)" -> "(masked)"  # forces replacement');
  });

  it('has no option that turns masking off (unknown options change nothing)', () => {
    const input = sampleInput();
    const tampered = { maskSensitive: false, mask: false, sensitive: 'show', unmask: true } as unknown as RenderOptions;
    expect(renderPlanComment(input, tampered)).to.deep.equal(renderPlanComment(input));
    expect(renderFullPlanMarkdown(input, tampered)).to.equal(renderFullPlanMarkdown(input));
  });

  describe('property: planted secrets never appear (seeded, 300 plans)', () => {
    const ALNUM = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
    const HOSTILE = [...ALNUM, ...'`*_|<>&"\'\\-!#$%{}[]()~ @:/', 'é', 'Ω', '雪', '🚀', '\u202e', '\u200b', '\n', '\t', '-->', '</details>'];
    // Characters the renderer never writes itself: a short secret made of them cannot show by chance.
    const RARE = ['☃', '⚘', '♞', '✈', '☂'];

    it('in sensitive attributes, nested maps, list elements, outputs, drift, copies and logs; extraMasks too', () => {
      for (let iteration = 0; iteration < 300; iteration++) {
        const random = new SeededRandom(1_000 + iteration);
        // Four random letters or digits make a chance appearance in the rendered text impossible in practice.
        const long = Array.from({ length: random.int(1, 9) }, () => `${random.text(4, ALNUM)}${random.text(random.int(2, 30), HOSTILE)}${random.text(2, ALNUM)}`);
        // Too short for the scrubber: only Terraform's sensitivity marks keep these hidden.
        const short = Array.from({ length: random.int(1, 4) }, () => `${random.pick(RARE)}${random.text(random.int(1, 2), ALNUM)}${random.pick(RARE)}`);
        const secrets = random.chance(0.5) ? [...long, ...short] : [...short, ...long];
        const tokens = Array.from({ length: random.int(0, 3) }, () => `tok_${random.text(12, [...'0123456789abcdef'])}`);
        const input = generateRenderInput({
          changes: random.int(1, 40),
          seed: iteration,
          secrets,
          plainTokens: tokens,
          failedLog: `Error: bad credentials ${long[0]} and token ${tokens[0] ?? 'none'}\n`,
        });
        const options: RenderOptions = {
          maxBodyChars: random.pick([4_096, 8_192, 65_536]),
          maxParts: random.pick([1, 2, 10]),
          extraMasks: [/tok_[0-9a-f]{12}/],
        };
        const text = everything(input, options);
        for (const secret of secrets) {
          for (const form of forms(secret)) expect(text.includes(form), `iteration ${iteration}: ${JSON.stringify(secret)} shows`).to.equal(false);
        }
        expect(text, `iteration ${iteration}: a token shows`).not.to.match(/tok_[0-9a-f]{12}/);
      }
    });
  });
});
