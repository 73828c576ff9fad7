import type { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { Subnet } from '@cdktf/provider-aws/lib/subnet';
import type { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import type { InterfaceEndpointService } from '../shared/environment-config';

export interface VpcEndpointsProps {
  /** Base name for Name tags, e.g. `qa-dev`. */
  readonly name: string;
  /** Region of the endpoint services (`com.amazonaws.<region>.<service>`). */
  readonly region: string;
  readonly vpc: Vpc;
  /** The VPC's IPv4 CIDR, as a literal: the only source the endpoints accept HTTPS from. */
  readonly vpcCidr: string;
  /** Subnets that get an endpoint network interface (one per AZ). */
  readonly privateSubnets: readonly Subnet[];
  /** Route tables that get the S3 gateway endpoint's prefix-list route. */
  readonly privateRouteTables: readonly RouteTable[];
  /**
   * Services that get an interface endpoint.
   * @default [] (only the S3 gateway endpoint)
   */
  readonly interfaceServices?: readonly InterfaceEndpointService[];
}

interface ResolvedProps extends Omit<VpcEndpointsProps, 'interfaceServices'> {
  readonly interfaceServices: readonly InterfaceEndpointService[];
}

const DEFAULTS = { interfaceServices: [] as readonly InterfaceEndpointService[] };

/**
 * Private paths to AWS APIs: an S3 gateway endpoint (free; image layers from ECR are served from
 * S3, so node pulls skip the NAT) and interface endpoints with private DNS, so the usual SDK
 * hostnames resolve to addresses inside the VPC.
 */
export class VpcEndpoints extends Construct {
  readonly s3GatewayEndpoint: VpcEndpoint;
  /** Interface endpoints by service (`ecr.api`, `sts`...). */
  readonly interfaceEndpoints: Partial<Record<InterfaceEndpointService, VpcEndpoint>> = {};
  /** Guards the interface endpoints; undefined when no interface endpoint is configured. */
  readonly securityGroup: SecurityGroup | undefined;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    const resolved: ResolvedProps = { ...DEFAULTS, ...props };
    const { name, region, vpc, interfaceServices } = resolved;

    this.s3GatewayEndpoint = new VpcEndpoint(this, 's3', {
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: resolved.privateRouteTables.map((table) => table.id),
      tags: { Name: `${name}-s3` },
    });

    if (interfaceServices.length === 0) {
      this.securityGroup = undefined;
      return;
    }
    const securityGroup = this.endpointSecurityGroup(resolved);
    this.securityGroup = securityGroup;
    for (const service of new Set(interfaceServices)) {
      this.interfaceEndpoints[service] = new VpcEndpoint(this, `interface-${service.replace(/\./g, '-')}`, {
        vpcId: vpc.id,
        serviceName: `com.amazonaws.${region}.${service}`,
        vpcEndpointType: 'Interface',
        // Private DNS makes the public service hostname (sts.<region>.amazonaws.com...) resolve to
        // the endpoint, so pods and nodes use it without any SDK configuration.
        privateDnsEnabled: true,
        subnetIds: resolved.privateSubnets.map((subnet) => subnet.id),
        securityGroupIds: [securityGroup.id],
        tags: { Name: `${name}-${service}` },
      });
    }
  }

  /**
   * HTTPS from inside the VPC only. No egress rule: security groups are stateful, so replies need
   * none, and the endpoint network interfaces never open connections. Terraform removes the
   * allow-all egress rule AWS adds to a new group, so the group really has no egress.
   */
  private endpointSecurityGroup(props: ResolvedProps): SecurityGroup {
    const group = new SecurityGroup(this, 'security-group', {
      name: `${props.name}-vpc-endpoints`,
      description: 'HTTPS from the VPC to the interface VPC endpoints',
      vpcId: props.vpc.id,
      tags: { Name: `${props.name}-vpc-endpoints` },
    });
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: group.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    return group;
  }
}
