import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import type { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { VpcFlowLogs } from './flow-logs';
import { NatGateways } from './nat-gateways';
import { subnetCidrs, type SubnetLayout } from './subnet-cidrs';
import { VpcEndpoints } from './vpc-endpoints';
import type { NetworkConfig } from '../shared/environment-config';
import { KARPENTER_DISCOVERY_TAG_KEY } from '../shared/karpenter-names';

export interface NetworkProps {
  /** Base name of the environment's resources, e.g. `qa-dev`; used in Name tags and the flow-log group. */
  readonly name: string;
  /** Name of the EKS cluster that uses this VPC: subnets carry its `kubernetes.io/cluster/<name>` tag. */
  readonly clusterName: string;
  /** Region of the VPC (endpoint service names are `com.amazonaws.<region>.<service>`). */
  readonly region: string;
  /** CIDR, AZ count, NAT layout and interface endpoints, validated by `stacks/config.ts`. */
  readonly config: NetworkConfig;
  /** Retention of the flow-log group, in days (a value CloudWatch accepts). */
  readonly flowLogRetentionDays: number;
  /**
   * Sizes of the subnets relative to the VPC.
   * @default { privateNewbits: 3, publicNewbits: 6 } (a /16 gives private /19s and public /22s)
   */
  readonly subnetLayout?: Partial<SubnetLayout>;
}

/**
 * The VPC of one environment: a public and a private subnet per AZ (nodes and pods live in the
 * private ones, load balancers and NAT gateways in the public ones), NAT egress, an S3 gateway
 * endpoint and interface endpoints, a locked default security group and flow logs.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  /** The VPC CIDR as a literal (from config), e.g. for security group rules. */
  readonly vpcCidr: string;
  /** Index i = availability zone i. */
  readonly publicSubnets: Subnet[];
  /** Index i = availability zone i. */
  readonly privateSubnets: Subnet[];
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly internetGateway: InternetGateway;
  readonly publicRouteTable: RouteTable;
  /** One per AZ, index i = availability zone i. */
  readonly privateRouteTables: RouteTable[];
  /** One (`single`) or one per AZ (`per-az`). */
  readonly natGateways: NatGateway[];
  readonly endpoints: VpcEndpoints;
  /** Security group of the interface endpoints; undefined when none are configured. */
  readonly endpointSecurityGroup: SecurityGroup | undefined;
  readonly flowLogs: VpcFlowLogs;
  readonly flowLogGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { name, clusterName, config } = props;
    // Computed here, not with cidrsubnet(), so the plan and the tests show literal CIDRs.
    const cidrs = subnetCidrs(config.vpcCidr, config.azCount, props.subnetLayout);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: config.vpcCidr,
      // EKS needs both: nodes register by private DNS name, and private endpoint DNS needs them.
      enableDnsSupport: true,
      enableDnsHostnames: true,
      tags: { Name: name },
    });
    this.vpcId = this.vpc.id;
    this.vpcCidr = config.vpcCidr;

    // Opt-in zones (Local Zones, Wavelength) lack most services EKS needs; keep to regular AZs.
    const azs = new DataAwsAvailabilityZones(this, 'azs', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
      lifecycle: {
        // element() wraps around, so without this a region with fewer zones than azCount would
        // silently put two subnets of each kind in the same zone; fail the plan instead.
        postcondition: [{
          condition: `\${length(self.names) >= ${config.azCount}}`,
          errorMessage: `network.azCount is ${config.azCount}, but region ${props.region} has fewer available availability zones; lower azCount`,
        }],
      },
    });
    const azName = (i: number): string => Fn.element(azs.names, i) as string;
    const clusterTag = { [`kubernetes.io/cluster/${clusterName}`]: 'shared' };

    // Tags the AWS Load Balancer Controller uses to discover subnets for internet-facing (elb)
    // and internal (internal-elb) load balancers.
    this.publicSubnets = cidrs.public.map((cidrBlock, i) => new Subnet(this, `public-${i}`, {
      vpcId: this.vpc.id,
      cidrBlock,
      availabilityZone: azName(i),
      // Nothing launched here needs a public IP: nodes are private and ALBs/NATs get their own.
      mapPublicIpOnLaunch: false,
      tags: { 'Name': `${name}-public-${i}`, 'kubernetes.io/role/elb': '1', ...clusterTag },
    }));
    this.privateSubnets = cidrs.private.map((cidrBlock, i) => new Subnet(this, `private-${i}`, {
      vpcId: this.vpc.id,
      cidrBlock,
      availabilityZone: azName(i),
      // Karpenter launches nodes into the subnets carrying its discovery tag: the private ones only.
      tags: { 'Name': `${name}-private-${i}`, 'kubernetes.io/role/internal-elb': '1', ...clusterTag, [KARPENTER_DISCOVERY_TAG_KEY]: clusterName },
    }));
    this.publicSubnetIds = this.publicSubnets.map((subnet) => subnet.id);
    this.privateSubnetIds = this.privateSubnets.map((subnet) => subnet.id);

    this.internetGateway = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: name } });
    this.publicRouteTable = new RouteTable(this, 'public-rt', { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, 'public-default', {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: this.internetGateway.id,
    });
    this.publicSubnets.forEach((subnet, i) => {
      new RouteTableAssociation(this, `public-rta-${i}`, { subnetId: subnet.id, routeTableId: this.publicRouteTable.id });
    });

    const nat = new NatGateways(this, 'nat', {
      name,
      strategy: config.natStrategy,
      publicSubnets: this.publicSubnets,
      internetGateway: this.internetGateway,
    });
    this.natGateways = nat.natGateways;
    // One table per AZ even with a single NAT: switching to per-az then only changes routes.
    this.privateRouteTables = this.privateSubnets.map((subnet, i) => {
      const table = new RouteTable(this, `private-rt-${i}`, { vpcId: this.vpc.id, tags: { Name: `${name}-private-${i}` } });
      new Route(this, `private-default-${i}`, {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: nat.natGatewayForAz(i).id,
      });
      new RouteTableAssociation(this, `private-rta-${i}`, { subnetId: subnet.id, routeTableId: table.id });
      return table;
    });

    // Adopting the default group strips all its rules, so nothing that falls back to it (an ENI
    // created without a group) gets any traffic in or out.
    new DefaultSecurityGroup(this, 'default-sg', {
      vpcId: this.vpc.id,
      ingress: [],
      egress: [],
      tags: { Name: `${name}-default-locked` },
    });

    this.endpoints = new VpcEndpoints(this, 'endpoints', {
      name,
      region: props.region,
      vpc: this.vpc,
      vpcCidr: config.vpcCidr,
      privateSubnets: this.privateSubnets,
      privateRouteTables: this.privateRouteTables,
      interfaceServices: config.interfaceEndpoints,
    });
    this.endpointSecurityGroup = this.endpoints.securityGroup;

    this.flowLogs = new VpcFlowLogs(this, 'flow-logs', {
      name,
      vpcId: this.vpc.id,
      retentionDays: props.flowLogRetentionDays,
    });
    this.flowLogGroup = this.flowLogs.logGroup;
  }
}
