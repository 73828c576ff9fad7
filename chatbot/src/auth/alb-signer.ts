/**
 * Which load balancer's signature the chatbot accepts: the `signer` field of the ALB's user-claims
 * JWT is the ARN of the ALB that signed it,
 * `arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>`.
 *
 * The ALB is made by the AWS Load Balancer Controller from the chatbot's Ingress, after the pod
 * spec was written, so its ARN (the 16-hex `<id>` part) is not known in advance. Its name is:
 * the Ingress names it (`alb.ingress.kubernetes.io/load-balancer-name`), and an ALB name is unique
 * per account and region. So the signer is pinned either exactly (the whole ARN) or by partition,
 * region, account and name, with any well-formed id; either way nothing else in the ARN may vary.
 */

/** The signing ALB, as configured (auth-config.ts). */
export interface AlbSigner {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  readonly name: string;
  /** The 16-hex id at the end of the ARN; undefined accepts any id for this name. */
  readonly id?: string;
}

/** An ALB ARN, or its prefix up to and including `/<name>/` (then the id is left open). */
export const ALB_ARN = /^arn:(aws|aws-cn|aws-us-gov):elasticloadbalancing:([a-z]{2}(?:-[a-z]+)+-\d+):(\d{12}):loadbalancer\/app\/([A-Za-z0-9-]{1,32})\/([0-9a-f]{16})?$/;

/**
 * ELB's rule for load balancer names: 1-32 letters, digits and hyphens, not starting or ending
 * with a hyphen, and not starting with `internal-`.
 */
export function isAlbName(name: string): boolean {
  return /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/.test(name) && !name.startsWith('internal-');
}

/** The partition a region belongs to (the ARN's second field). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Whether `signer` (the JWT header's value, still unverified) names the configured ALB. */
export function signerMatches(expected: AlbSigner, signer: unknown): boolean {
  if (typeof signer !== 'string') return false;
  const match = ALB_ARN.exec(signer);
  if (!match) return false;
  const [, partition, region, account, name, id] = match;
  // A signed token always names a whole ARN; a prefix in the header is not one.
  if (id === undefined) return false;
  return partition === expected.partition
    && region === expected.region
    && account === expected.account
    && name === expected.name
    && (expected.id === undefined || id === expected.id);
}

/** The ARN, or the ARN pattern with `*` for the id, for messages and logs. */
export function describeSigner(signer: AlbSigner): string {
  return `arn:${signer.partition}:elasticloadbalancing:${signer.region}:${signer.account}:loadbalancer/app/${signer.name}/${signer.id ?? '*'}`;
}
