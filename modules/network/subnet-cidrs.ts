/**
 * IPv4 subnetting for the VPC layout, done in TypeScript (not `cidrsubnet()` in Terraform) so the
 * synthesized JSON holds literal CIDRs that tests, reviewers and plan comments can read.
 *
 * Layout: one private and one public subnet per AZ. Private subnets are large, because EKS gives
 * every pod a VPC IP (VPC CNI); public subnets only hold load balancers and NAT gateways, so they
 * are small. Blocks are packed largest first, each aligned to its own size, so packing leaves no
 * gaps and nothing overlaps.
 */

/** How much smaller than the VPC each subnet is (added prefix bits, as in Terraform's `cidrsubnet`). */
export interface SubnetLayout {
  /**
   * Extra prefix bits of each private subnet: 3 makes a /19 out of a /16 (8,192 addresses).
   * @default 3
   */
  readonly privateNewbits: number;
  /**
   * Extra prefix bits of each public subnet: 6 makes a /22 out of a /16 and a /26 out of a /20
   * (an ALB needs a /27 or larger with 8 free addresses).
   * @default 6
   */
  readonly publicNewbits: number;
}

/** The CIDRs of one VPC, index i = availability zone i. */
export interface SubnetCidrs {
  readonly private: readonly string[];
  readonly public: readonly string[];
}

const DEFAULTS: SubnetLayout = { privateNewbits: 3, publicNewbits: 6 };

/** AWS accepts subnets from /16 to /28. */
const AWS_SMALLEST_SUBNET_PREFIX = 28;

interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

/** Parse `a.b.c.d/n`; throws when it is not a valid IPv4 network address (host bits must be 0). */
export function parseIpv4Cidr(cidr: string): Ipv4Cidr {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new Error(`"${cidr}" is not an IPv4 CIDR like 10.0.0.0/16`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${cidr}" is not an IPv4 CIDR: octets are 0-255 and the prefix 0-32`);
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (base % blockSize(prefix) !== 0) {
    throw new Error(`"${cidr}" has host bits set; use the network address ${formatIpv4Cidr(base - (base % blockSize(prefix)), prefix)}`);
  }
  return { base, prefix };
}

export function formatIpv4Cidr(base: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix}`;
}

/** Number of addresses in a block (plain arithmetic: JS bit operators are signed 32-bit). */
function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/**
 * Split `vpcCidr` into one private and one public subnet per AZ. Throws, naming the fix, when the
 * subnets would be smaller than AWS allows or do not all fit in the VPC.
 */
export function subnetCidrs(vpcCidr: string, azCount: number, layout: Partial<SubnetLayout> = {}): SubnetCidrs {
  const { privateNewbits, publicNewbits } = { ...DEFAULTS, ...layout };
  if (!Number.isInteger(azCount) || azCount < 1) throw new Error(`azCount must be a whole number of at least 1, got ${azCount}`);
  if (privateNewbits > publicNewbits) throw new Error('private subnets must not be smaller than public ones (privateNewbits <= publicNewbits)');
  const vpc = parseIpv4Cidr(vpcCidr);
  const privatePrefix = vpc.prefix + privateNewbits;
  const publicPrefix = vpc.prefix + publicNewbits;
  if (publicPrefix > AWS_SMALLEST_SUBNET_PREFIX) {
    throw new Error(`VPC ${vpcCidr} is too small: its public subnets would be /${publicPrefix}, and AWS subnets are /${AWS_SMALLEST_SUBNET_PREFIX} at the smallest; use a larger VPC (a /16 to /20)`);
  }
  // Largest blocks first: each next block then starts on a multiple of its own size, so the
  // running offset needs no alignment padding.
  let offset = 0;
  const allocate = (prefix: number): string => {
    const cidr = formatIpv4Cidr(vpc.base + offset, prefix);
    offset += blockSize(prefix);
    return cidr;
  };
  const privateCidrs = Array.from({ length: azCount }, () => allocate(privatePrefix));
  const publicCidrs = Array.from({ length: azCount }, () => allocate(publicPrefix));
  if (offset > blockSize(vpc.prefix)) {
    throw new Error(
      `${azCount} availability zones do not fit in VPC ${vpcCidr}: ${azCount} private /${privatePrefix} and ${azCount} public /${publicPrefix} subnets need ` +
      `${offset} addresses, the VPC has ${blockSize(vpc.prefix)}; use fewer zones or a larger VPC`,
    );
  }
  return { private: privateCidrs, public: publicCidrs };
}
