import { expect } from 'chai';
import { Network } from '../../../modules/network/network';
import type { EnvironmentConfig, NetworkConfig } from '../../../modules/shared/environment-config';
import { testEnvironment } from '../../support/environment';
import { dataOf, onlyResource, resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

function buildNetwork(env: EnvironmentConfig, network: Partial<NetworkConfig> = {}): { json: TerraformJson; net: Network } {
  let net!: Network;
  const json = synthConstructs((stack) => {
    net = new Network(stack, 'network', {
      name: `qa-${env.name}`,
      clusterName: `qa-${env.name}-cluster`,
      region: env.region,
      config: { ...env.network, ...network },
      flowLogRetentionDays: env.logRetentionDays,
    });
  });
  return { json, net };
}

/** Logical id of the one resource of `type` that matches. */
function idOf(json: TerraformJson, type: string, match: (r: Record<string, any>) => boolean): string {
  const ids = Object.entries(resourcesOf(json, type)).filter(([, r]) => match(r)).map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected one matching ${type}, found ${ids.length}`);
  return ids[0];
}

const ref = (type: string, id: string, attr = 'id'): string => `\${${type}.${id}.${attr}}`;

function subnetsByName(json: TerraformJson, prefix: string): Array<[string, Record<string, any>]> {
  return Object.entries(resourcesOf(json, 'aws_subnet'))
    .filter(([, s]) => String(s.tags.Name).startsWith(prefix))
    .sort(([, a], [, b]) => String(a.tags.Name).localeCompare(String(b.tags.Name)));
}

/** For private subnet i: the public subnet that hosts the NAT gateway its default route uses. */
function natSubnetOfPrivateSubnet(json: TerraformJson, privateSubnetId: string): Record<string, any> {
  const association = Object.values(resourcesOf(json, 'aws_route_table_association')).find((a) => a.subnet_id === ref('aws_subnet', privateSubnetId));
  expect(association, `association of ${privateSubnetId}`).to.not.equal(undefined);
  const route = Object.values(resourcesOf(json, 'aws_route')).find((r) => r.route_table_id === association!.route_table_id && r.destination_cidr_block === '0.0.0.0/0');
  expect(route?.nat_gateway_id, `default route of ${privateSubnetId}`).to.match(/^\$\{aws_nat_gateway\./);
  const natId = /^\$\{aws_nat_gateway\.(.+)\.id\}$/.exec(route!.nat_gateway_id)![1];
  const nat = resourcesOf(json, 'aws_nat_gateway')[natId];
  const publicId = /^\$\{aws_subnet\.(.+)\.id\}$/.exec(nat.subnet_id)![1];
  return resourcesOf(json, 'aws_subnet')[publicId];
}

describe('Network', () => {
  const dev = testEnvironment('dev');
  const prod = testEnvironment('prod');

  it('creates a VPC with DNS support and hostnames', () => {
    const { json, net } = buildNetwork(dev);
    const vpc = onlyResource(json, 'aws_vpc');
    expect(vpc).to.include({ cidr_block: '10.20.0.0/16', enable_dns_support: true, enable_dns_hostnames: true });
    expect(net.vpcCidr).to.equal('10.20.0.0/16');
  });

  it('picks AZs from available, non-opt-in zones', () => {
    const { json } = buildNetwork(dev);
    const [[azId, azs]] = Object.entries(dataOf(json, 'aws_availability_zones'));
    expect(azs.state).to.equal('available');
    expect(azs.filter).to.deep.equal([{ name: 'opt-in-status', values: ['opt-in-not-required'] }]);
    // element() wraps around: the plan must fail when the region has fewer zones than azCount.
    expect(azs.lifecycle.postcondition).to.have.length(1);
    expect(azs.lifecycle.postcondition[0].condition).to.equal(`\${length(self.names) >= ${dev.network.azCount}}`);
    expect(azs.lifecycle.postcondition[0].error_message).to.match(/network\.azCount is 2/);
    const [[, private0], [, private1]] = subnetsByName(json, 'qa-dev-private-');
    expect(private0.availability_zone).to.equal(`\${element(data.aws_availability_zones.${azId}.names, 0)}`);
    expect(private1.availability_zone).to.equal(`\${element(data.aws_availability_zones.${azId}.names, 1)}`);
  });

  it('lays out literal subnet CIDRs, one public and one private per AZ', () => {
    const { json, net } = buildNetwork(prod);
    expect(subnetsByName(json, 'qa-prod-private-').map(([, s]) => s.cidr_block)).to.deep.equal(['10.30.0.0/19', '10.30.32.0/19', '10.30.64.0/19']);
    expect(subnetsByName(json, 'qa-prod-public-').map(([, s]) => s.cidr_block)).to.deep.equal(['10.30.96.0/22', '10.30.100.0/22', '10.30.104.0/22']);
    expect(net.privateSubnets).to.have.length(3);
    expect(net.publicSubnetIds).to.have.length(3);
    expect(net.privateSubnetIds).to.have.length(3);
    expect(net.privateRouteTables).to.have.length(3);
  });

  it('tags subnets for the AWS Load Balancer Controller and keeps public IPs off', () => {
    const { json } = buildNetwork(dev);
    for (const [, subnet] of subnetsByName(json, 'qa-dev-public-')) {
      expect(subnet.tags).to.include({ 'kubernetes.io/role/elb': '1', 'kubernetes.io/cluster/qa-dev-cluster': 'shared' });
      expect(subnet.tags).to.not.have.property('kubernetes.io/role/internal-elb');
      expect(subnet.map_public_ip_on_launch).to.equal(false);
    }
    for (const [, subnet] of subnetsByName(json, 'qa-dev-private-')) {
      expect(subnet.tags).to.include({ 'kubernetes.io/role/internal-elb': '1', 'kubernetes.io/cluster/qa-dev-cluster': 'shared' });
      expect(subnet.tags).to.not.have.property('kubernetes.io/role/elb');
      expect(subnet.map_public_ip_on_launch).to.not.equal(true);
    }
  });

  it('routes the public subnets to the internet gateway', () => {
    const { json } = buildNetwork(dev);
    const igwId = Object.keys(resourcesOf(json, 'aws_internet_gateway'))[0];
    const publicRt = idOf(json, 'aws_route_table', (t) => t.tags.Name === 'qa-dev-public');
    const route = Object.values(resourcesOf(json, 'aws_route')).find((r) => r.route_table_id === ref('aws_route_table', publicRt));
    expect(route).to.include({ destination_cidr_block: '0.0.0.0/0', gateway_id: ref('aws_internet_gateway', igwId) });
    for (const [subnetId] of subnetsByName(json, 'qa-dev-public-')) {
      const association = Object.values(resourcesOf(json, 'aws_route_table_association')).find((a) => a.subnet_id === ref('aws_subnet', subnetId));
      expect(association?.route_table_id).to.equal(ref('aws_route_table', publicRt));
    }
  });

  it("'single' NAT: one EIP and gateway in the first public subnet, used by every private route table", () => {
    const { json, net } = buildNetwork(dev, { natStrategy: 'single', azCount: 3 });
    expect(Object.keys(resourcesOf(json, 'aws_eip'))).to.have.length(1);
    const nat = onlyResource(json, 'aws_nat_gateway');
    const [[public0]] = subnetsByName(json, 'qa-dev-public-');
    expect(nat.subnet_id).to.equal(ref('aws_subnet', public0));
    expect(net.natGateways).to.have.length(1);
    const privateSubnets = subnetsByName(json, 'qa-dev-private-');
    expect(privateSubnets).to.have.length(3);
    for (const [privateId] of privateSubnets) {
      expect(natSubnetOfPrivateSubnet(json, privateId).tags.Name).to.equal('qa-dev-public-0');
    }
    // Still one table per AZ, so switching to per-az only changes routes.
    expect(Object.values(resourcesOf(json, 'aws_route_table')).filter((t) => String(t.tags.Name).startsWith('qa-dev-private-'))).to.have.length(3);
  });

  it("'per-az' NAT: one gateway per AZ, each private subnet routes through its own AZ's gateway", () => {
    const { json, net } = buildNetwork(prod);
    expect(Object.keys(resourcesOf(json, 'aws_eip'))).to.have.length(3);
    expect(Object.keys(resourcesOf(json, 'aws_nat_gateway'))).to.have.length(3);
    expect(net.natGateways).to.have.length(3);
    const privateSubnets = subnetsByName(json, 'qa-prod-private-');
    const natSubnetNames = privateSubnets.map(([privateId, privateSubnet]) => {
      const natSubnet = natSubnetOfPrivateSubnet(json, privateId);
      expect(natSubnet.availability_zone).to.equal(privateSubnet.availability_zone);
      return natSubnet.tags.Name;
    });
    expect(natSubnetNames).to.deep.equal(['qa-prod-public-0', 'qa-prod-public-1', 'qa-prod-public-2']);
  });

  it('attaches the S3 gateway endpoint to every private route table', () => {
    const { json } = buildNetwork(prod);
    const s3 = Object.values(resourcesOf(json, 'aws_vpc_endpoint')).find((e) => e.vpc_endpoint_type === 'Gateway');
    const privateTables = Object.entries(resourcesOf(json, 'aws_route_table')).filter(([, t]) => String(t.tags.Name).startsWith('qa-prod-private-'));
    expect(s3?.route_table_ids).to.have.members(privateTables.map(([id]) => ref('aws_route_table', id)));
  });

  it('locks down the default security group', () => {
    const { json } = buildNetwork(dev);
    const vpcId = Object.keys(resourcesOf(json, 'aws_vpc'))[0];
    const sg = onlyResource(json, 'aws_default_security_group');
    expect(sg.vpc_id).to.equal(ref('aws_vpc', vpcId));
    expect(sg.ingress).to.deep.equal([]);
    expect(sg.egress).to.deep.equal([]);
  });

  it('allows no ingress from 0.0.0.0/0 anywhere', () => {
    const { json } = buildNetwork(prod);
    const rules = Object.values(resourcesOf(json, 'aws_vpc_security_group_ingress_rule'));
    expect(rules).to.not.be.empty;
    for (const rule of rules) expect(rule.cidr_ipv4).to.not.equal('0.0.0.0/0');
    for (const sg of Object.values(resourcesOf(json, 'aws_security_group'))) expect(sg).to.not.have.property('ingress');
  });

  it('creates the configured interface endpoints and exposes their security group', () => {
    const { json, net } = buildNetwork(dev);
    const services = Object.values(resourcesOf(json, 'aws_vpc_endpoint')).filter((e) => e.vpc_endpoint_type === 'Interface').map((e) => e.service_name);
    expect(services).to.have.members(dev.network.interfaceEndpoints.map((s) => `com.amazonaws.eu-west-1.${s}`));
    expect(net.endpointSecurityGroup).to.not.equal(undefined);
  });

  it('has no endpoint security group when no interface endpoint is configured', () => {
    const { json, net } = buildNetwork(dev, { interfaceEndpoints: [] });
    expect(net.endpointSecurityGroup).to.equal(undefined);
    expect(resourcesOf(json, 'aws_security_group')).to.deep.equal({});
    expect(Object.keys(resourcesOf(json, 'aws_vpc_endpoint'))).to.have.length(1);
  });

  it('logs the flows of its VPC to /aws/vpc/<name>/flow-logs with the given retention', () => {
    const { json, net } = buildNetwork(dev);
    const vpcId = Object.keys(resourcesOf(json, 'aws_vpc'))[0];
    expect(onlyResource(json, 'aws_cloudwatch_log_group')).to.include({ name: '/aws/vpc/qa-dev/flow-logs', retention_in_days: dev.logRetentionDays });
    expect(onlyResource(json, 'aws_flow_log')).to.include({ vpc_id: ref('aws_vpc', vpcId), traffic_type: 'ALL' });
    expect(net.flowLogGroup).to.equal(net.flowLogs.logGroup);
  });

  it('fails at synth with the subnetting error when the AZs do not fit', () => {
    expect(() => buildNetwork(dev, { vpcCidr: '10.20.0.0/20', azCount: 8 })).to.throw(/8 availability zones do not fit in VPC 10\.20\.0\.0\/20/);
  });
});
