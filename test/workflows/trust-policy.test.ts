import { expect } from 'chai';
import { iamGlobMatch, trustPolicyAllows, trustsGithubOidc } from './trust-policy';

const SUB = 'token.actions.githubusercontent.com:sub';
const AUD = 'token.actions.githubusercontent.com:aud';
const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';

function policy(condition: Record<string, Record<string, string | string[]>>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition, ...extra }],
  });
}

const token = (sub: string, aud = 'sts.amazonaws.com') => ({ sub, aud });

describe('trust-policy evaluator (test support for the trust matrix)', () => {
  describe("StringLike's globs", () => {
    it('* matches any run of characters, including none, "/" and ":"', () => {
      expect(iamGlobMatch('repo:o/r:*', 'repo:o/r:environment:dev:job_workflow_ref:o/r/.github/workflows/a.yml@refs/heads/main')).to.equal(true);
      expect(iamGlobMatch('repo:o/r:pull_request*', 'repo:o/r:pull_request')).to.equal(true);
      expect(iamGlobMatch('a*c', 'a/b:c')).to.equal(true);
    });

    it('? matches exactly one character; everything else is literal and case-sensitive', () => {
      expect(iamGlobMatch('a?c', 'abc')).to.equal(true);
      expect(iamGlobMatch('a?c', 'ac')).to.equal(false);
      expect(iamGlobMatch('a.c', 'abc')).to.equal(false);
      expect(iamGlobMatch('repo:O/R:*', 'repo:o/r:x')).to.equal(false);
      expect(iamGlobMatch('a+b(c)[d]', 'a+b(c)[d]')).to.equal(true);
    });

    it('refuses policy variables rather than guessing', () => {
      expect(() => iamGlobMatch('repo:${aws:username}', 'x')).to.throw('policy variables');
    });
  });

  describe('conditions', () => {
    it('StringEquals is exact; several values of one key are alternatives', () => {
      const p = policy({ StringEquals: { [AUD]: 'sts.amazonaws.com', [SUB]: ['repo:o/r:a', 'repo:o/r:b'] } });
      expect(trustPolicyAllows(p, token('repo:o/r:b'))).to.equal(true);
      expect(trustPolicyAllows(p, token('repo:o/r:b:extra'))).to.equal(false);
      expect(trustPolicyAllows(p, token('repo:o/r:*'))).to.equal(false);
    });

    it('every key and every operator must match (the audience too)', () => {
      const p = policy({ StringEquals: { [AUD]: 'sts.amazonaws.com' }, StringLike: { [SUB]: 'repo:o/r:pull_request:*' } });
      expect(trustPolicyAllows(p, token('repo:o/r:pull_request:job_workflow_ref:x'))).to.equal(true);
      expect(trustPolicyAllows(p, token('repo:o/r:pull_request:job_workflow_ref:x', 'other'))).to.equal(false);
      expect(trustPolicyAllows(p, token('repo:o/r:environment:dev'))).to.equal(false);
    });

    it('condition keys compare case-insensitively, negated operators invert', () => {
      expect(trustPolicyAllows(policy({ StringEquals: { [SUB.toUpperCase()]: 'repo:o/r:a' } }), token('repo:o/r:a'))).to.equal(true);
      const p = policy({ StringLike: { [SUB]: 'repo:o/r:*' }, StringNotLike: { [SUB]: '*:ref:refs/heads/*' } });
      expect(trustPolicyAllows(p, token('repo:o/r:environment:dev'))).to.equal(true);
      expect(trustPolicyAllows(p, token('repo:o/r:ref:refs/heads/main'))).to.equal(false);
    });

    it('no condition at all admits any token of the provider', () => {
      expect(trustPolicyAllows(policy({}), token('repo:anyone/anything:ref:refs/heads/x'))).to.equal(true);
    });

    it('throws on what it does not model: other operators, IfExists, set operators, other keys', () => {
      expect(() => trustPolicyAllows(policy({ StringEqualsIfExists: { [SUB]: 'x' } }), token('x'))).to.throw('not modelled');
      expect(() => trustPolicyAllows(policy({ 'ForAnyValue:StringLike': { [SUB]: 'x' } }), token('x'))).to.throw('not modelled');
      expect(() => trustPolicyAllows(policy({ StringEquals: { 'token.actions.githubusercontent.com:job_workflow_ref': 'x' } }), token('x'))).to.throw('not modelled');
      expect(() => trustPolicyAllows(policy({}, { NotAction: 'iam:*' }), token('x'))).to.throw('NotAction');
    });
  });

  describe('statements', () => {
    it('an explicit Deny wins over an Allow', () => {
      const doc = JSON.parse(policy({ StringLike: { [SUB]: 'repo:o/r:*' } }));
      doc.Statement.push({ Effect: 'Deny', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringLike: { [SUB]: '*:pull_request*' } } });
      expect(trustPolicyAllows(doc, token('repo:o/r:environment:dev'))).to.equal(true);
      expect(trustPolicyAllows(doc, token('repo:o/r:pull_request'))).to.equal(false);
    });

    it('applies only to the web-identity action and a GitHub OIDC principal (an ARN, a Terraform reference or *)', () => {
      expect(trustPolicyAllows(policy({}, { Action: 'sts:AssumeRole' }), token('x'))).to.equal(false);
      expect(trustPolicyAllows(policy({}, { Action: 'sts:*' }), token('x'))).to.equal(true);
      expect(trustPolicyAllows(policy({}, { Principal: { Service: 'ec2.amazonaws.com' } }), token('x'))).to.equal(false);
      expect(trustPolicyAllows(policy({}, { Principal: { Federated: '${aws_iam_openid_connect_provider.github.arn}' } }), token('x'))).to.equal(true);
      expect(trustPolicyAllows(policy({}, { Principal: '*' }), token('x'))).to.equal(true);
      expect(trustsGithubOidc(policy({}, { Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }))).to.equal(false);
      expect(trustsGithubOidc(policy({}))).to.equal(true);
    });
  });
});
