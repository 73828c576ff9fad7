import { expect } from 'chai';
import { formatIpv4Cidr, parseIpv4Cidr, subnetCidrs } from '../../../modules/network/subnet-cidrs';

/** Independent of the code under test: [first, last] address of a CIDR. */
function range(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const start = ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  return [start, start + 2 ** (32 - Number(bits)) - 1];
}

function prefixOf(cidr: string): number {
  return Number(cidr.split('/')[1]);
}

describe('subnetCidrs', () => {
  it('splits a /16 into private /19s and public /22s, private first', () => {
    expect(subnetCidrs('10.20.0.0/16', 3)).to.deep.equal({
      private: ['10.20.0.0/19', '10.20.32.0/19', '10.20.64.0/19'],
      public: ['10.20.96.0/22', '10.20.100.0/22', '10.20.104.0/22'],
    });
  });

  it('honours a custom layout', () => {
    expect(subnetCidrs('10.0.0.0/16', 2, { privateNewbits: 2, publicNewbits: 8 })).to.deep.equal({
      private: ['10.0.0.0/18', '10.0.64.0/18'],
      public: ['10.0.128.0/24', '10.0.129.0/24'],
    });
  });

  for (const vpcPrefix of [16, 17, 18, 19, 20]) {
    for (let azCount = 2; azCount <= 6; azCount++) {
      it(`fits ${azCount} AZs in a /${vpcPrefix} without overlap`, () => {
        const vpc = `10.64.0.0/${vpcPrefix}`;
        const { private: priv, public: pub } = subnetCidrs(vpc, azCount);
        expect(priv).to.have.length(azCount);
        expect(pub).to.have.length(azCount);
        const [vpcStart, vpcEnd] = range(vpc);
        const all = [...priv, ...pub].map(range);
        for (const [start, end] of all) {
          expect(start).to.be.at.least(vpcStart);
          expect(end).to.be.at.most(vpcEnd);
          expect(start % (end - start + 1), 'aligned to its size').to.equal(0);
        }
        all.forEach(([aStart, aEnd], i) => all.slice(i + 1).forEach(([bStart, bEnd]) => {
          expect(aEnd < bStart || bEnd < aStart, `${[...priv, ...pub][i]} overlaps another subnet`).to.equal(true);
        }));
        expect(prefixOf(priv[0])).to.equal(vpcPrefix + 3);
        // An ALB needs a /27 or larger.
        expect(prefixOf(pub[0])).to.be.at.most(27);
        expect(prefixOf(pub[0])).to.be.greaterThan(prefixOf(priv[0]));
      });
    }
  }

  it('throws when the AZs do not fit in the VPC', () => {
    expect(() => subnetCidrs('10.0.0.0/16', 8)).to.throw(/8 availability zones do not fit in VPC 10\.0\.0\.0\/16.*fewer zones or a larger VPC/);
  });

  it('throws when the VPC is too small for AWS subnet sizes', () => {
    expect(() => subnetCidrs('10.0.0.0/24', 2)).to.throw(/too small: its public subnets would be \/30.*\/28 at the smallest/);
  });

  it('rejects malformed CIDRs, host bits and bad AZ counts', () => {
    expect(() => subnetCidrs('10.0.0/16', 2)).to.throw(/not an IPv4 CIDR/);
    expect(() => subnetCidrs('10.0.300.0/16', 2)).to.throw(/octets are 0-255/);
    expect(() => subnetCidrs('10.0.1.0/16', 2)).to.throw(/host bits set; use the network address 10\.0\.0\.0\/16/);
    expect(() => subnetCidrs('10.0.0.0/16', 0)).to.throw(/azCount/);
    expect(() => subnetCidrs('10.0.0.0/16', 2.5)).to.throw(/azCount/);
    expect(() => subnetCidrs('10.0.0.0/16', 2, { privateNewbits: 6, publicNewbits: 3 })).to.throw(/privateNewbits <= publicNewbits/);
  });

  it('round-trips addresses above 2^31 (no signed 32-bit arithmetic)', () => {
    expect(parseIpv4Cidr('192.168.0.0/16')).to.deep.equal({ base: 0xc0a80000, prefix: 16 });
    expect(formatIpv4Cidr(0xc0a8f000, 20)).to.equal('192.168.240.0/20');
    expect(subnetCidrs('192.168.0.0/16', 2).public).to.deep.equal(['192.168.64.0/22', '192.168.68.0/22']);
  });
});
