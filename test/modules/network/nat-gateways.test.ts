import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { TerraformStack } from 'cdktf';
import { expect } from 'chai';
import { NatGateways } from '../../../modules/network/nat-gateways';
import type { NatStrategy } from '../../../modules/shared/environment-config';
import { resourcesOf, synthConstructs } from '../../support/synth';

function build(stack: TerraformStack, strategy: NatStrategy, azCount = 3): NatGateways {
  const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.0.0.0/16' });
  const publicSubnets = Array.from({ length: azCount }, (_, i) => new Subnet(stack, `public-${i}`, { vpcId: vpc.id, cidrBlock: `10.0.${i}.0/24` }));
  const internetGateway = new InternetGateway(stack, 'igw', { vpcId: vpc.id });
  return new NatGateways(stack, 'nat', { name: 'qa-dev', strategy, publicSubnets, internetGateway });
}

describe('NatGateways', () => {
  it('makes every gateway depend on the internet gateway and use its own EIP', () => {
    const json = synthConstructs((stack) => build(stack, 'per-az'));
    const eips = Object.keys(resourcesOf(json, 'aws_eip'));
    const nats = Object.values(resourcesOf(json, 'aws_nat_gateway'));
    expect(nats).to.have.length(3);
    expect(eips).to.have.length(3);
    expect(nats.map((n) => n.allocation_id)).to.have.members(eips.map((id) => `\${aws_eip.${id}.allocation_id}`));
    for (const nat of nats) expect(nat.depends_on).to.deep.equal(['aws_internet_gateway.igw']);
    for (const eip of Object.values(resourcesOf(json, 'aws_eip'))) expect(eip.domain).to.equal('vpc');
  });

  it("'single' shares one gateway across every AZ", () => {
    let nat!: NatGateways;
    const json = synthConstructs((stack) => { nat = build(stack, 'single'); });
    expect(Object.values(resourcesOf(json, 'aws_nat_gateway')).map((n) => n.subnet_id)).to.deep.equal(['${aws_subnet.public-0.id}']);
    expect(nat.natGatewayForAz(2)).to.equal(nat.natGateways[0]);
  });

  it("'per-az' gives each AZ its own gateway and rejects an unknown AZ", () => {
    let nat!: NatGateways;
    const json = synthConstructs((stack) => { nat = build(stack, 'per-az'); });
    expect(Object.values(resourcesOf(json, 'aws_nat_gateway')).map((n) => n.subnet_id)).to.have.members(
      ['${aws_subnet.public-0.id}', '${aws_subnet.public-1.id}', '${aws_subnet.public-2.id}'],
    );
    expect(nat.natGatewayForAz(1)).to.equal(nat.natGateways[1]);
    expect(nat.natGatewayForAz(1)).to.not.equal(nat.natGateways[0]);
    expect(() => nat.natGatewayForAz(3)).to.throw(/no NAT gateway for AZ index 3/);
  });

  it('needs at least one public subnet', () => {
    expect(() => synthConstructs((stack) => build(stack, 'single', 0))).to.throw(/at least one public subnet/);
  });
});
