/**
 * A small table of AWS list prices: enough to say roughly what a leftover costs while it stays.
 * On-demand, USD, before free tier, taxes, data transfer and usage charges (LCUs, NAT data, log
 * ingestion, requests). A month is 730 hours. Where a region has no entry, the us-east-1 price is
 * used and the estimate says so.
 */
import type { CostEstimate } from './finding';

export const HOURS_PER_MONTH = 730;
const GIB = 1024 ** 3;

/** Where the numbers come from, and when they were written down. */
export const PRICE_SOURCES = {
  recorded: '2026-12-05',
  pages: [
    'https://aws.amazon.com/eks/pricing/',
    'https://aws.amazon.com/ec2/pricing/on-demand/',
    'https://aws.amazon.com/ebs/pricing/',
    'https://aws.amazon.com/vpc/pricing/',
    'https://aws.amazon.com/privatelink/pricing/',
    'https://aws.amazon.com/elasticloadbalancing/pricing/',
    'https://aws.amazon.com/kms/pricing/',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'https://aws.amazon.com/ecr/pricing/',
    'https://aws.amazon.com/s3/pricing/',
    'https://aws.amazon.com/route53/pricing/',
  ],
} as const;

/** Price by region; `*` is the same everywhere. */
type RegionalPrice = Readonly<Record<string, number>>;

/** USD per hour. */
const HOURLY: Readonly<Record<string, RegionalPrice>> = {
  'eks-cluster': { '*': 0.1 }, // standard support
  'nat-gateway': { 'us-east-1': 0.045, 'eu-west-1': 0.048 },
  'public-ipv4': { '*': 0.005 }, // every public IPv4 address, attached or not, since 2024-02-01
  'interface-endpoint-per-az': { 'us-east-1': 0.01, 'eu-west-1': 0.011 },
  'load-balancer': { 'us-east-1': 0.0225, 'eu-west-1': 0.0252 }, // ALB and NLB, before LCUs
  'ec2:m6i.large': { 'us-east-1': 0.096 },
  'ec2:m7i.large': { 'us-east-1': 0.1008 },
};

/** USD per GiB-month. */
const STORAGE: Readonly<Record<string, RegionalPrice>> = {
  'ebs:gp3': { 'us-east-1': 0.08, 'eu-west-1': 0.088 },
  'ebs:gp2': { 'us-east-1': 0.1, 'eu-west-1': 0.11 },
  'ebs:io1': { 'us-east-1': 0.125, 'eu-west-1': 0.138 },
  'ebs:io2': { 'us-east-1': 0.125, 'eu-west-1': 0.138 },
  'ebs:st1': { 'us-east-1': 0.045, 'eu-west-1': 0.05 },
  'ebs:sc1': { 'us-east-1': 0.015, 'eu-west-1': 0.0168 },
  'ebs:standard': { 'us-east-1': 0.05, 'eu-west-1': 0.055 },
  'logs:stored': { 'us-east-1': 0.03, 'eu-west-1': 0.03 },
  'ecr:stored': { '*': 0.1 },
  's3:standard': { 'us-east-1': 0.023, 'eu-west-1': 0.023 },
};

/** USD per month. */
const MONTHLY: Readonly<Record<string, RegionalPrice>> = {
  'kms-key': { '*': 1 },
  'route53-hosted-zone': { '*': 0.5 },
};

function lookup(table: Readonly<Record<string, RegionalPrice>>, item: string, region: string): { price: number; where: string } | undefined {
  const prices = table[item];
  if (!prices) return undefined;
  if (prices['*'] !== undefined) return { price: prices['*'], where: '' };
  if (prices[region] !== undefined) return { price: prices[region], where: ` (${region})` };
  if (prices['us-east-1'] !== undefined) return { price: prices['us-east-1'], where: ` (us-east-1 price; ${region} differs)` };
  return undefined;
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/** A resource billed by the hour. `what` describes it in the basis, e.g. "NAT gateway". */
export function hourlyCost(item: string, region: string, what: string, count = 1): CostEstimate | undefined {
  const found = lookup(HOURLY, item, region);
  if (!found) return undefined;
  const times = count === 1 ? '' : `${count} × `;
  return { monthlyUsd: round(found.price * HOURS_PER_MONTH * count), basis: `${what}: ${times}$${found.price}/hour × ${HOURS_PER_MONTH} h${found.where}` };
}

/** Stored bytes billed per GiB-month. */
export function storageCost(item: string, region: string, what: string, bytes: number): CostEstimate | undefined {
  const found = lookup(STORAGE, item, region);
  if (!found) return undefined;
  const gib = bytes / GIB;
  return { monthlyUsd: round(found.price * gib), basis: `${what}: ${formatGiB(gib)} × $${found.price}/GiB-month${found.where}` };
}

/** A flat monthly fee. */
export function monthlyCost(item: string, region: string, what: string): CostEstimate | undefined {
  const found = lookup(MONTHLY, item, region);
  if (!found) return undefined;
  return { monthlyUsd: found.price, basis: `${what}: $${found.price}/month${found.where}` };
}

/** An EC2 instance's on-demand price, when the table has its type. */
export function instanceCost(instanceType: string, region: string, spot: boolean): CostEstimate | undefined {
  const cost = hourlyCost(`ec2:${instanceType}`, region, `${instanceType} on-demand`);
  if (!cost || !spot) return cost;
  return { monthlyUsd: cost.monthlyUsd, basis: `${cost.basis}; a spot instance costs less (at most this)` };
}

export function formatGiB(gib: number): string {
  if (gib >= 100) return `${Math.round(gib)} GiB`;
  if (gib >= 1) return `${Math.round(gib * 10) / 10} GiB`;
  return `${Math.round(gib * 1024 * 10) / 10} MiB`;
}
