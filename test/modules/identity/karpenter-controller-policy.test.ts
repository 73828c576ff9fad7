/**
 * The controller policy against the one Karpenter documents for the pinned version (the
 * getting-started CloudFormation template at the chart's tag): every documented action is granted
 * (except those left out on purpose, each with its reason), nothing undocumented is, and every
 * statement is at least as narrow as the documented one.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parse, parseDocument } from 'yaml';
import { KARPENTER_VERSION } from '../../../modules/addons/karpenter';
import { karpenterControllerStatements, KARPENTER_OMITTED_ACTIONS } from '../../../modules/identity/karpenter-controller-policy';
import { policyJson, type PolicyStatement } from '../../../modules/shared/policy-document';
import { globMatches } from '../../policy/glob';

const FIXTURE = path.resolve(__dirname, `../../fixtures/karpenter/v${KARPENTER_VERSION}`);
const INPUT = {
  clusterName: 'qa-dev',
  region: 'eu-west-1',
  accountId: '111122223333',
  nodeRoleArn: 'arn:aws:iam::111122223333:role/qa-dev-karpenter-node',
  interruptionQueueArn: 'arn:aws:sqs:eu-west-1:111122223333:qa-dev-karpenter-interruption',
};

type Statement = Record<string, any>;

/**
 * The template's controller statements, with its `${...}` parameters filled in the way this
 * platform fills them. CloudFormation tags (`!Sub`) are read as plain strings.
 */
function documentedStatements(): Statement[] {
  const doc = parseDocument(readFileSync(path.join(FIXTURE, 'cloudformation.yaml'), 'utf8'), { customTags: [{ tag: '!Sub', resolve: (s: string) => s }, { tag: '!GetAtt', resolve: (s: string) => s }, { tag: '!Ref', resolve: (s: string) => s }] });
  const resources = (doc.toJS() as { Resources: Record<string, { Type: string; Properties: { PolicyDocument?: unknown } }> }).Resources;
  const parameters: Record<string, string> = {
    'AWS::Partition': 'aws',
    'AWS::Region': INPUT.region,
    'AWS::AccountId': INPUT.accountId,
    'ClusterName': INPUT.clusterName,
    'KarpenterNodeRole.Arn': INPUT.nodeRoleArn,
    'KarpenterInterruptionQueue.Arn': INPUT.interruptionQueueArn,
  };
  const fill = (text: string) =>
    text.replace(/\$\{([^}]+)\}/g, (_whole, name: string) => {
      if (!(name in parameters)) throw new Error(`cloudformation.yaml uses \${${name}}, which this test does not fill in`);
      return parameters[name];
    });
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::ManagedPolicy')
    .flatMap((r) => (parse(fill(String(r.Properties.PolicyDocument))) as { Statement: Statement[] }).Statement);
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Conditions as `operator key` -> values. */
function conditions(st: Statement): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [operator, entries] of Object.entries(st.Condition ?? {})) {
    for (const [key, value] of Object.entries(entries as object)) out.set(`${operator} ${key}`, list(value));
  }
  return out;
}

describe('modules/identity/karpenter-controller-policy', () => {
  const ours = karpenterControllerStatements(INPUT) as Statement[];
  const documented = documentedStatements();

  it('reads the documented policy of the pinned version (the fixture has its statements)', () => {
    const source = JSON.parse(readFileSync(path.join(FIXTURE, 'source.json'), 'utf8'));
    expect(source.tag).to.equal(`v${KARPENTER_VERSION}`);
    expect(documented.map((s) => s.Sid)).to.include.members(['AllowScopedEC2InstanceAccessActions', 'AllowPassingInstanceRole', 'AllowInterruptionQueueActions', 'AllowRegionalReadActions']);
  });

  it('grants every documented action, except those left out on purpose, and no other', () => {
    const actions = (statements: Statement[]) => new Set(statements.flatMap((s) => list(s.Action)));
    const documentedActions = actions(documented);
    const granted = actions(ours);
    const missing = [...documentedActions].filter((a) => !granted.has(a) && !(a in KARPENTER_OMITTED_ACTIONS));
    expect(missing).to.deep.equal([]);
    expect([...granted].filter((a) => !documentedActions.has(a))).to.deep.equal([]);
    for (const omitted of Object.keys(KARPENTER_OMITTED_ACTIONS)) expect(documentedActions.has(omitted), omitted).to.equal(true);
  });

  it('is at least as narrow as the documented policy: each statement fits inside a documented one with the same conditions or more', () => {
    const problems: string[] = [];
    for (const st of ours) {
      const fits = documented.some((doc) => {
        const actionsFit = list(st.Action).every((a) => list(doc.Action).includes(a));
        const resourcesFit = list(st.Resource).every((r) => list(doc.Resource).some((d) => globMatches(d, r)));
        const docConditions = conditions(doc);
        const ourConditions = conditions(st);
        const conditionsKept = [...docConditions].every(([key, values]) => {
          const mine = ourConditions.get(key);
          return mine !== undefined && mine.every((v) => values.some((d) => globMatches(d, v)));
        });
        return actionsFit && resourcesFit && conditionsKept;
      });
      if (!fits) problems.push(`${st.Sid}: ${JSON.stringify(st)}`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('passes only the node role, to EC2 only', () => {
    const passRole = ours.filter((s) => list(s.Action).includes('iam:PassRole'));
    expect(passRole).to.deep.equal([
      { Sid: 'AllowPassingInstanceRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: INPUT.nodeRoleArn, Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
    ]);
  });

  it('is narrower where the platform allows: this account, the discovery tag, Karpenter\'s instance-profile path', () => {
    const byId = new Map(ours.map((s) => [s.Sid, s]));
    for (const st of ours) {
      for (const resource of list(st.Resource).filter((r) => r.startsWith('arn:aws:ec2:') && !/::(image|snapshot)\//.test(r))) {
        expect(resource, st.Sid).to.match(/^arn:aws:ec2:eu-west-1:111122223333:/);
      }
    }
    expect(byId.get('AllowLaunchIntoDiscoveredSubnetsAndSecurityGroups')?.Condition).to.deep.equal({ StringEquals: { 'aws:ResourceTag/karpenter.sh/discovery': 'qa-dev' } });
    for (const sid of ['AllowScopedInstanceProfileCreationActions', 'AllowScopedInstanceProfileTagActions', 'AllowScopedInstanceProfileActions']) {
      expect(byId.get(sid)?.Resource, sid).to.equal('arn:aws:iam::111122223333:instance-profile/karpenter/eu-west-1/qa-dev/*');
    }
    const onStar = ours.filter((s) => list(s.Resource).includes('*')).flatMap((s) => list(s.Action));
    expect(onStar.filter((a) => !a.startsWith('ec2:Describe'))).to.deep.equal(['pricing:GetProducts']);
  });

  it('scopes every mutation by this cluster\'s tags or by name', () => {
    const mutating = ours.filter((s) => list(s.Action).some((a) => !/^(ec2:Describe|ssm:GetParameter|pricing:|iam:(Get|List)|eks:Describe|sqs:)/.test(a) && !['ec2:RunInstances', 'ec2:CreateFleet'].includes(a)));
    for (const st of mutating) {
      const keys = [...conditions(st).keys()].join(' ');
      const named = list(st.Resource).every((r) => !r.includes('*'));
      expect(named || /kubernetes\.io\/cluster\/qa-dev|karpenter\.sh\/discovery/.test(keys), st.Sid).to.equal(true);
    }
  });

  it('fits in one inline role policy (10,240 characters without whitespace)', () => {
    expect(policyJson(...(ours as PolicyStatement[])).length).to.be.below(10_240);
  });
});
