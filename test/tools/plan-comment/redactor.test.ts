import { expect } from 'chai';
import { SeededRandom } from './seeded-random';
import type { TerraformPlan } from '../../../tools/plan-comment/src/plan-json';
import { MASKED_TEXT, Redactor } from '../../../tools/plan-comment/src/redactor';

describe('tools/plan-comment Redactor', () => {
  it('masks every exact occurrence of a known secret, inside longer text too', () => {
    const redactor = new Redactor(['hunter22', 'p4ssw0rd!']);
    expect(redactor.text('user=admin pass=hunter22;again:hunter22')).to.equal(`user=admin pass=${MASKED_TEXT};again:${MASKED_TEXT}`);
    expect(redactor.text('{"pw":"p4ssw0rd!"}')).to.equal(`{"pw":"${MASKED_TEXT}"}`);
    expect(redactor.text('nothing to hide')).to.equal('nothing to hide');
  });

  it('masks overlapping and nested secrets as one range, so no tail of either shows', () => {
    const redactor = new Redactor(['abcdef', 'defghi', 'xabcdefx']);
    expect(redactor.text('0abcdefghi1')).to.equal(`0${MASKED_TEXT}1`);
    expect(redactor.text('xabcdefx')).to.equal(MASKED_TEXT);
  });

  it('ignores secrets shorter than 6 characters (left to Terraform\'s own marks)', () => {
    expect(new Redactor(['true', '5432']).text('port 5432 is true')).to.equal('port 5432 is true');
  });

  it('applies extraMasks everywhere, whatever their flags, and never masks empty matches', () => {
    const redactor = new Redactor([], [/AKIA[0-9A-Z]{16}/, /token-\w+/iy, /x*/]);
    expect(redactor.text('keys AKIAABCDEFGHIJKLMNOP and AKIAQRSTUVWXYZ234567, TOKEN-1 token-2')).to.equal(`keys ${MASKED_TEXT} and ${MASKED_TEXT}, ${MASKED_TEXT} ${MASKED_TEXT}`);
  });

  it('scrubs secrets before extraMasks, so a mask cannot cut a secret and expose the rest', () => {
    expect(new Redactor(['abc-123456'], [/abc/]).text('v=abc-123456')).to.equal(`v=${MASKED_TEXT}`);
  });

  it('finds thousands of secrets in one pass, Unicode included (checked against a plain search)', () => {
    const random = new SeededRandom(9);
    const alphabet = [...'abcdefghijklmnopqrstuvwxyz0123456789-_', 'é', '雪', '🚀'];
    const secrets = Array.from({ length: 3_000 }, () => random.text(random.int(6, 20), alphabet));
    const redactor = new Redactor(secrets);
    for (let i = 0; i < 200; i++) {
      const secret = random.pick(secrets);
      const text = `${random.text(random.int(0, 30), alphabet)}${secret}${random.text(random.int(0, 30), alphabet)}`;
      const scrubbed = redactor.text(text);
      expect(scrubbed.includes(secret), `${secret} in ${text}`).to.equal(false);
      expect(scrubbed).to.include(MASKED_TEXT);
    }
  });

  it('collects marked values from changes, drift, outputs and sensitive root variables', () => {
    const plan: TerraformPlan = {
      format_version: '1.2',
      planned_values: {},
      variables: { db_password: { value: 'variable-secret' }, region: { value: 'eu-west-1a' } },
      configuration: { root_module: { variables: { db_password: { sensitive: true }, region: {} } } },
      resource_changes: [{ address: 'a.b', mode: 'managed', type: 'a', name: 'b', change: { actions: ['update'], before: { m: { k: 'before-secret' } }, after: { l: ['x', 'after-secret'] }, before_sensitive: { m: true }, after_sensitive: { l: [false, true] } } }],
      resource_drift: [{ address: 'a.c', mode: 'managed', type: 'a', name: 'c', change: { actions: ['update'], before: { v: 'drift-secret' }, after: { v: 'drift-plain' }, before_sensitive: { v: true }, after_sensitive: {} } }],
      output_changes: { key: { actions: ['create'], before: null, after: { nested: 'output-secret' }, before_sensitive: true, after_sensitive: true } },
    };
    const redactor = Redactor.forStacks([{ stack: 's', plan }]);
    for (const secret of ['variable-secret', 'before-secret', 'after-secret', 'drift-secret', 'output-secret']) expect(redactor.text(`[${secret}]`), secret).to.equal(`[${MASKED_TEXT}]`);
    for (const plain of ['eu-west-1a', 'drift-plain']) expect(redactor.text(plain)).to.equal(plain);
  });
});
