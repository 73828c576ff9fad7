import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import type { TerraformStack } from 'cdktf';
import { expect } from 'chai';
import { VpcEndpoints } from '../../../modules/network/vpc-endpoints';
import { INTERFACE_ENDPOINT_SERVICES, type InterfaceEndpointService } from '../../../modules/shared/environment-config';
import { onlyResource, resourcesOf, synthConstructs } from '../../support/synth';

function build(stack: TerraformStack, interfaceServices?: readonly InterfaceEndpointService[]): VpcEndpoints {
  const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.20.0.0/16' });
  const privateSubnets = [0, 1].map((i) => new Subnet(stack, `private-${i}`, { vpcId: vpc.id, cidrBlock: `10.20.${i * 32}.0/19` }));
  const privateRouteTables = [0, 1].map((i) => new RouteTable(stack, `private-rt-${i}`, { vpcId: vpc.id }));
  return new VpcEndpoints(stack, 'endpoints', {
    name: 'qa-dev',
    region: 'eu-west-1',
    vpc,
    vpcCidr: '10.20.0.0/16',
    privateSubnets,
    privateRouteTables,
    // Omitted (not `undefined`) when not given, so the construct's default applies.
    ...(interfaceServices ? { interfaceServices } : {}),
  });
}

describe('VpcEndpoints', () => {
  it('always creates the S3 gateway endpoint on the private route tables', () => {
    const json = synthConstructs((stack) => build(stack));
    const s3 = onlyResource(json, 'aws_vpc_endpoint');
    expect(s3).to.include({ service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Gateway', vpc_id: '${aws_vpc.vpc.id}' });
    expect(s3.route_table_ids).to.deep.equal(['${aws_route_table.private-rt-0.id}', '${aws_route_table.private-rt-1.id}']);
  });

  it('creates one interface endpoint per service with private DNS in the private subnets', () => {
    let endpoints!: VpcEndpoints;
    const json = synthConstructs((stack) => { endpoints = build(stack, INTERFACE_ENDPOINT_SERVICES); });
    const sgId = Object.keys(resourcesOf(json, 'aws_security_group'))[0];
    const interfaces = Object.values(resourcesOf(json, 'aws_vpc_endpoint')).filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(interfaces.map((e) => e.service_name)).to.have.members([
      'com.amazonaws.eu-west-1.ecr.api', 'com.amazonaws.eu-west-1.ecr.dkr', 'com.amazonaws.eu-west-1.sts',
      'com.amazonaws.eu-west-1.logs', 'com.amazonaws.eu-west-1.ssm', 'com.amazonaws.eu-west-1.bedrock-runtime',
    ]);
    for (const endpoint of interfaces) {
      expect(endpoint.private_dns_enabled).to.equal(true);
      expect(endpoint.subnet_ids).to.deep.equal(['${aws_subnet.private-0.id}', '${aws_subnet.private-1.id}']);
      expect(endpoint.security_group_ids).to.deep.equal([`\${aws_security_group.${sgId}.id}`]);
      expect(endpoint).to.not.have.property('route_table_ids');
    }
    expect(Object.keys(endpoints.interfaceEndpoints)).to.have.members([...INTERFACE_ENDPOINT_SERVICES]);
  });

  it('opens the endpoint security group to HTTPS from the VPC CIDR only, with separate rule resources', () => {
    let endpoints!: VpcEndpoints;
    const json = synthConstructs((stack) => { endpoints = build(stack, ['sts']); });
    const [[sgId, sg]] = Object.entries(resourcesOf(json, 'aws_security_group'));
    expect(sg).to.not.have.property('ingress');
    expect(sg).to.not.have.property('egress');
    expect(sg.vpc_id).to.equal('${aws_vpc.vpc.id}');
    expect(onlyResource(json, 'aws_vpc_security_group_ingress_rule')).to.deep.include({
      security_group_id: `\${aws_security_group.${sgId}.id}`, ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '10.20.0.0/16',
    });
    expect(resourcesOf(json, 'aws_vpc_security_group_egress_rule')).to.deep.equal({});
    expect(endpoints.securityGroup).to.not.equal(undefined);
  });

  it('creates no security group without interface endpoints and ignores duplicates', () => {
    let endpoints!: VpcEndpoints;
    const none = synthConstructs((stack) => { endpoints = build(stack, []); });
    expect(endpoints.securityGroup).to.equal(undefined);
    expect(resourcesOf(none, 'aws_security_group')).to.deep.equal({});
    expect(resourcesOf(none, 'aws_vpc_security_group_ingress_rule')).to.deep.equal({});
    const dupes = synthConstructs((stack) => build(stack, ['sts', 'sts']));
    expect(Object.keys(resourcesOf(dupes, 'aws_vpc_endpoint'))).to.have.length(2);
  });
});
