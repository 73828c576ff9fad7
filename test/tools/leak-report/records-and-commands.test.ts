/** external-dns registry parsing, ARN-based delete commands and merging of findings. */
import { expect } from 'chai';
import { parseArn } from '../../../tools/leak-report/src/arn';
import { ownedRecords, registryOwner } from '../../../tools/leak-report/src/checks/route53';
import { FindingSet, type Finding } from '../../../tools/leak-report/src/finding';
import { describeArn, shellQuote } from '../../../tools/leak-report/src/resource-kinds';

describe('leak report: external-dns registry records', () => {
  it('reads the owner only from a heritage=external-dns value, matching it exactly', () => {
    expect(registryOwner('"heritage=external-dns,external-dns/owner=qa-dev,external-dns/resource=service/default/web"')).to.deep.equal({ owner: 'qa-dev', resource: 'service/default/web' });
    expect(registryOwner('"heritage=external-dns,external-dns/owner=qa-dev"')).to.deep.equal({ owner: 'qa-dev', resource: undefined });
    expect(registryOwner('"v=spf1 include:_spf.example.com ~all"')).to.equal(undefined);
    expect(registryOwner('"heritage=other,external-dns/owner=qa-dev"')).to.equal(undefined);
    const records = [
      { Name: 'cname-api.example.com.', Type: 'TXT' as const, ResourceRecords: [{ Value: '"heritage=external-dns,external-dns/owner=qa-dev-2"' }] },
      { Name: 'api.example.com.', Type: 'CNAME' as const, ResourceRecords: [{ Value: 'lb.example.net' }] },
    ];
    expect(ownedRecords(records, 'qa-dev')).to.deep.equal([]);
    expect(ownedRecords(records, 'qa-dev-2').map((r) => `${r.record.Name} ${r.record.Type}`)).to.deep.equal(['cname-api.example.com. TXT', 'api.example.com. CNAME']);
  });

  it('a new-format TXT marks only the record of its type', () => {
    const owner = '"heritage=external-dns,external-dns/owner=qa-dev"';
    const records = [
      { Name: 'aaaa-app.example.com.', Type: 'TXT' as const, ResourceRecords: [{ Value: owner }] },
      { Name: 'app.example.com.', Type: 'A' as const, ResourceRecords: [{ Value: '192.0.2.1' }] },
      { Name: 'app.example.com.', Type: 'AAAA' as const, ResourceRecords: [{ Value: '2001:db8::1' }] },
    ];
    expect(ownedRecords(records, 'qa-dev').map((r) => r.record.Type)).to.deep.equal(['TXT', 'AAAA']);
  });
});

describe('leak report: delete commands from ARNs', () => {
  const cases: Array<[string, string, string]> = [
    ['arn:aws:ec2:eu-west-1:111122223333:elastic-ip/eipalloc-0123', 'ec2:elastic-ip', 'aws ec2 release-address --allocation-id eipalloc-0123 --region eu-west-1'],
    ['arn:aws:ec2:eu-west-1:111122223333:launch-template/lt-0abc', 'ec2:launch-template', 'aws ec2 delete-launch-template --launch-template-id lt-0abc --region eu-west-1'],
    ['arn:aws:eks:eu-west-1:111122223333:cluster/qa-dev', 'eks:cluster', 'aws eks delete-cluster --name qa-dev --region eu-west-1'],
    ['arn:aws:eks:eu-west-1:111122223333:nodegroup/qa-dev/system/1ac2', 'eks:nodegroup', 'aws eks delete-nodegroup --cluster-name qa-dev --nodegroup-name system --region eu-west-1'],
    ['arn:aws:logs:eu-west-1:111122223333:log-group:/aws/eks/qa-dev/cluster', 'logs:log-group', 'aws logs delete-log-group --log-group-name /aws/eks/qa-dev/cluster --region eu-west-1'],
    ['arn:aws:ssm:eu-west-1:111122223333:parameter/qa/dev/site-url', 'ssm:parameter', 'aws ssm delete-parameter --name /qa/dev/site-url --region eu-west-1'],
    ['arn:aws:sqs:eu-west-1:111122223333:qa-dev-karpenter', 'sqs:queue', 'aws sqs delete-queue --queue-url https://sqs.eu-west-1.amazonaws.com/111122223333/qa-dev-karpenter --region eu-west-1'],
    ['arn:aws:s3:::qa-dev-chatbot-ui-111122223333', 's3:bucket', 'aws s3api delete-bucket --bucket qa-dev-chatbot-ui-111122223333 --region eu-west-1'],
  ];
  for (const [arn, type, command] of cases) {
    it(`${type}: ${command}`, () => {
      const kind = describeArn(arn, 'eu-west-1');
      expect(kind.type).to.equal(type);
      expect(kind.deleteCommand).to.equal(command);
    });
  }

  it('prices what costs by the hour whatever its size', () => {
    expect(describeArn('arn:aws:eks:eu-west-1:111122223333:cluster/qa-dev', 'eu-west-1').cost?.monthlyUsd).to.equal(73);
    expect(describeArn('arn:aws:ec2:eu-west-1:111122223333:elastic-ip/eipalloc-0123', 'eu-west-1').cost?.monthlyUsd).to.equal(3.65);
    expect(describeArn('arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-0123', 'eu-west-1').cost).to.equal(undefined);
  });

  it('says which CLI to use where it knows no command', () => {
    expect(describeArn('arn:aws:acm:us-east-1:111122223333:certificate/abcd', 'eu-west-1').deleteCommand).to.equal(
      '(no command known for acm:certificate: delete arn:aws:acm:us-east-1:111122223333:certificate/abcd with the acm CLI)',
    );
  });

  it('quotes for the shell only what needs it', () => {
    expect(shellQuote('vol-0123')).to.equal('vol-0123');
    expect(shellQuote('{"a": 1}')).to.equal('\'{"a": 1}\'');
    expect(shellQuote("it's")).to.equal('\'it\'\\\'\'s\'');
  });

  it('takes load balancer ARNs apart by kind', () => {
    expect(parseArn('arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/web/0a1b')).to.include({ resourceType: 'loadbalancer/net', resourceId: 'web/0a1b' });
    expect(parseArn('arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/0a1b')).to.include({ resourceType: 'targetgroup', resourceId: 'web/0a1b' });
    expect(parseArn('not an arn')).to.equal(undefined);
  });
});

describe('leak report: findings', () => {
  const base: Finding = { key: 'arn:aws:ec2:eu-west-1:1:volume/vol-1', arn: 'arn:aws:ec2:eu-west-1:1:volume/vol-1', type: 'ec2:volume', id: 'vol-1', region: 'eu-west-1', reasons: ['tagged a=b'], deleteCommand: 'generic', detailed: false };

  it('merges the same resource found twice, the detailed finding first, reasons once each', () => {
    const set = new FindingSet();
    set.add(base);
    set.add({ ...base, reasons: ['tagged a=b', '20 GiB gp3 available'], deleteCommand: 'detailed', cost: { monthlyUsd: 1.76, basis: 'x' }, detailed: true });
    const { findings } = set.results();
    expect(findings).to.have.length(1);
    expect(findings[0]).to.include({ deleteCommand: 'detailed', detailed: true });
    expect(findings[0].reasons).to.deep.equal(['tagged a=b', '20 GiB gp3 available']);
  });

  it('drops a tag-index entry that a complete listing shows gone, but never a detailed finding', () => {
    const set = new FindingSet();
    set.add(base);
    set.add({ ...base, key: 'k2', arn: 'arn:aws:ec2:eu-west-1:1:volume/vol-2', id: 'vol-2', detailed: true });
    set.listed({ covers: (arn) => arn.includes(':volume/'), present: new Set() });
    const { findings, staleTagIndexEntries } = set.results();
    expect(findings.map((f) => f.id)).to.deep.equal(['vol-2']);
    expect(staleTagIndexEntries).to.deep.equal([base.arn]);
  });
});
