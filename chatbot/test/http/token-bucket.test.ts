import { expect } from 'chai';
import { TokenBuckets } from '../../src/http/token-bucket';

describe('TokenBuckets', () => {
  it('allows the burst, refills at the sustained rate and says how long to wait', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 30, burst: 2, clock: () => now });
    expect(buckets.take('a')).to.deep.equal({ allowed: true });
    expect(buckets.take('a')).to.deep.equal({ allowed: true });
    expect(buckets.take('a')).to.deep.equal({ allowed: false, retryAfterSeconds: 2 });
    now = 1000;
    expect(buckets.take('a')).to.deep.equal({ allowed: false, retryAfterSeconds: 1 });
    now = 2000;
    expect(buckets.take('a')).to.deep.equal({ allowed: true });
    expect(buckets.take('b')).to.deep.equal({ allowed: true });
  });

  it('never holds more than the burst', () => {
    let now = 0;
    const buckets = new TokenBuckets({ perMinute: 60, burst: 1, clock: () => now });
    buckets.take('a');
    now = 3_600_000;
    expect(buckets.take('a').allowed).to.equal(true);
    expect(buckets.take('a').allowed).to.equal(false);
  });

  it('forgets the least recently used keys beyond maxKeys', () => {
    const buckets = new TokenBuckets({ perMinute: 1, burst: 1, clock: () => 0, maxKeys: 2 });
    buckets.take('a');
    buckets.take('b');
    buckets.take('c'); // evicts a
    expect(buckets.take('a').allowed).to.equal(true);
    expect(buckets.take('c').allowed).to.equal(false);
  });
});
