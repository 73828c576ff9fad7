/**
 * Every policy rule against small hand-written Terraform JSON: a violating snippet must be reported
 * with a message naming the offending address, and a compliant one must pass.
 */
import { expect } from 'chai';
import { ALARM_CASES } from './rule-cases/alarm-cases';
import { CHAT_CHANNEL_CASES } from './rule-cases/chat-channel-cases';
import { CI_ROLE_CASES } from './rule-cases/ci-role-cases';
import { COMPUTE_CASES } from './rule-cases/compute-cases';
import { DNS_CASES } from './rule-cases/dns-cases';
import type { RuleCase } from './rule-cases/fixtures';
import { IAM_CASES } from './rule-cases/iam-cases';
import { NODE_AUTOSCALING_CASES } from './rule-cases/node-autoscaling-cases';
import { PLATFORM_CASES } from './rule-cases/platform-cases';
import { PUBLIC_ENTRY_CASES } from './rule-cases/public-entry-cases';
import { STORAGE_CASES } from './rule-cases/storage-cases';
import { ALL_RULES } from './rules/all-rules';

const CASES: readonly RuleCase[] = [
  ...IAM_CASES,
  ...CI_ROLE_CASES,
  ...STORAGE_CASES,
  ...COMPUTE_CASES,
  ...PLATFORM_CASES,
  ...ALARM_CASES,
  ...CHAT_CHANNEL_CASES,
  ...PUBLIC_ENTRY_CASES,
  ...DNS_CASES,
  ...NODE_AUTOSCALING_CASES,
];

describe('policy rules', () => {
  it('has at least 24 rules with unique ids, and a case for each of them', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(ids.length).to.be.at.least(24);
    expect(new Set(ids).size, 'duplicate rule ids').to.equal(ids.length);
    const untested = ALL_RULES.filter((r) => !CASES.some((c) => c.rule === r)).map((r) => r.id);
    expect(untested, 'rules without a test case').to.deep.equal([]);
    expect(CASES.every((c) => ALL_RULES.includes(c.rule)), 'a case tests a rule missing from ALL_RULES').to.equal(true);
  });

  for (const rule of ALL_RULES) {
    describe(rule.id, () => {
      for (const c of CASES.filter((x) => x.rule === rule)) {
        it(`reports ${c.violates}, naming ${c.address}`, () => {
          const found = rule.check(c.violating);
          const named = found.filter((v) => v.resource === c.address);
          expect(named, JSON.stringify(found, null, 2)).to.have.length.greaterThan(0);
          for (const v of named) {
            expect(v.rule).to.equal(rule.id);
            expect(v.message).to.include(c.address);
          }
        });
        it(`passes ${c.complies}`, () => {
          expect(rule.check(c.compliant)).to.deep.equal([]);
        });
      }
    });
  }
});
