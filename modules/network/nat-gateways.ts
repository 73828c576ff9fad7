import { Eip } from '@cdktf/provider-aws/lib/eip';
import type { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import type { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Construct } from 'constructs';
import type { NatStrategy } from '../shared/environment-config';

export interface NatGatewaysProps {
  /** Base name for Name tags, e.g. `qa-dev`. */
  readonly name: string;
  /** `single`: one shared gateway (cheap); `per-az`: one per zone (a zone outage cuts no other zone's egress). */
  readonly strategy: NatStrategy;
  /** Public subnets, index i = availability zone i; gateways live here. */
  readonly publicSubnets: readonly Subnet[];
  /** The VPC's internet gateway: the NAT gateways need it to reach the internet. */
  readonly internetGateway: InternetGateway;
}

/**
 * Public NAT gateways (each with an Elastic IP) that give the private subnets outbound internet
 * access. `natGatewayForAz(i)` tells each private route table which gateway to use.
 */
export class NatGateways extends Construct {
  /** One gateway (`single`) or one per AZ (`per-az`), in AZ order. */
  readonly natGateways: NatGateway[];

  constructor(scope: Construct, id: string, props: NatGatewaysProps) {
    super(scope, id);
    if (props.publicSubnets.length === 0) throw new Error('NatGateways: needs at least one public subnet');
    const subnets = props.strategy === 'single' ? props.publicSubnets.slice(0, 1) : props.publicSubnets;
    this.natGateways = subnets.map((subnet, i) => {
      const eip = new Eip(this, `eip-${i}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${i}` } });
      return new NatGateway(this, `nat-${i}`, {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: { Name: `${props.name}-nat-${i}` },
        // A public NAT gateway only works once the VPC has an internet gateway attached, and
        // nothing in its arguments refers to the IGW, so Terraform would otherwise create both in
        // parallel (and on destroy remove the IGW while the gateway still holds its public IP).
        // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/nat_gateway
        dependsOn: [props.internetGateway],
      });
    });
  }

  /** The gateway the private subnet of AZ `azIndex` routes through. */
  natGatewayForAz(azIndex: number): NatGateway {
    const gateway = this.natGateways.length === 1 ? this.natGateways[0] : this.natGateways[azIndex];
    if (!gateway) throw new Error(`NatGateways: no NAT gateway for AZ index ${azIndex} (${this.natGateways.length} gateways)`);
    return gateway;
  }
}
