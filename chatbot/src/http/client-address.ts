/**
 * The address of the client behind the load balancer. `X-Forwarded-For` is believed only when
 * the TCP peer is a trusted proxy (the ALB, inside the VPC), and then only up to the right-most
 * address that is not itself a trusted proxy: everything left of it was written by the client and
 * can be forged, so a client cannot dodge its rate limit by sending a fake header.
 */
import { BlockList, isIP } from 'node:net';

export type ClientAddressResolver = (peer: string | undefined, forwardedFor: string | undefined) => string;

/** Builds a resolver that trusts the proxies in `trustedCidrs` (e.g. `10.0.0.0/8`). */
export function clientAddressResolver(trustedCidrs: readonly string[]): ClientAddressResolver {
  const trusted = new BlockList();
  for (const cidr of trustedCidrs) {
    const [network, prefix] = cidr.split('/');
    trusted.addSubnet(network!, Number(prefix), isIP(network!) === 6 ? 'ipv6' : 'ipv4');
  }
  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
  return (peer, forwardedFor) => {
    let client = unmap(peer ?? 'unknown');
    if (!forwardedFor) return client;
    const hops = forwardedFor.split(',').map((hop) => unmap(hop.trim()));
    // Walk right to left while the address we trust so far is a proxy we trust.
    while (isTrusted(client) && hops.length > 0) {
      const hop = hops.pop()!;
      if (isIP(hop) === 0) break; // garbage in the header: stop at the last proxy we trust
      client = hop;
    }
    return client;
  };
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is the IPv4 address `10.0.0.1`. */
function unmap(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
