import { expect } from 'chai';
import { clientAddressResolver } from '../../src/http/client-address';

describe('clientAddressResolver', () => {
  const resolve = clientAddressResolver(['10.0.0.0/8', 'fd00::/8']);

  it('uses the peer when there is no X-Forwarded-For', () => {
    expect(resolve('203.0.113.7', undefined)).to.equal('203.0.113.7');
  });

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(resolve('203.0.113.7', '198.51.100.1')).to.equal('203.0.113.7');
  });

  it('takes the right-most untrusted hop behind trusted proxies', () => {
    expect(resolve('10.0.1.5', 'forged, 198.51.100.1, 203.0.113.9')).to.equal('203.0.113.9');
    expect(resolve('10.0.1.5', '198.51.100.1, 10.0.2.2')).to.equal('198.51.100.1');
    expect(resolve('fd00::5', '2001:db8::1')).to.equal('2001:db8::1');
  });

  it('reads IPv4-mapped IPv6 peers as IPv4', () => {
    expect(resolve('::ffff:10.0.1.5', '198.51.100.1')).to.equal('198.51.100.1');
    expect(resolve('10.0.1.5', '::ffff:198.51.100.1')).to.equal('198.51.100.1');
  });

  it('stops at garbage instead of trusting it', () => {
    expect(resolve('10.0.1.5', 'not-an-ip')).to.equal('10.0.1.5');
    expect(resolve('10.0.1.5', '198.51.100.1, <script>')).to.equal('10.0.1.5');
  });

  it('falls back to the last trusted hop when every hop is trusted', () => {
    expect(resolve('10.0.1.5', '10.0.0.1, 10.0.0.2')).to.equal('10.0.0.1');
  });
});
