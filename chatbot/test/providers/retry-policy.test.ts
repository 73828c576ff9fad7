import { expect } from 'chai';
import { RetryPolicy, pause } from '../../src/providers/retry-policy';

describe('RetryPolicy', () => {
  it('draws each delay uniformly below an exponentially growing ceiling (full jitter)', () => {
    const top = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 100000, random: () => 0.999999 });
    expect([1, 2, 3, 4].map((attempt) => top.delayMs(attempt))).to.deep.equal([99, 199, 399, 799]);
    const bottom = new RetryPolicy({ baseDelayMs: 100, random: () => 0 });
    expect(bottom.delayMs(3)).to.equal(0);
    const middle = new RetryPolicy({ baseDelayMs: 100, random: () => 0.5 });
    expect(middle.delayMs(2)).to.equal(100);
  });

  it('caps the ceiling, even for huge attempt numbers', () => {
    const policy = new RetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999999 });
    expect(policy.delayMs(5)).to.equal(999);
    expect(policy.delayMs(5000)).to.equal(999);
  });

  it('uses 250 ms as the first ceiling and 4 s as the cap by default', () => {
    const policy = new RetryPolicy({ random: () => 0.999999 });
    expect(policy.delayMs(1)).to.equal(249);
    expect(policy.delayMs(10)).to.equal(3999);
    const spread = new Set(Array.from({ length: 50 }, () => new RetryPolicy().delayMs(3)));
    expect(spread.size).to.be.greaterThan(10);
  });
});

describe('pause', () => {
  it('waits the given time', async () => {
    const started = Date.now();
    await pause(30, new AbortController().signal);
    expect(Date.now() - started).to.be.at.least(25);
  });

  it('rejects with the abort reason as soon as the signal aborts, or at once if it already has', async () => {
    const controller = new AbortController();
    const reason = new Error('client left');
    setTimeout(() => controller.abort(reason), 20);
    const started = Date.now();
    const error = await pause(5000, controller.signal).catch((err: unknown) => err);
    expect(error).to.equal(reason);
    expect(Date.now() - started).to.be.below(1000);
    expect(await pause(5000, controller.signal).catch((err: unknown) => err)).to.equal(reason);
  });
});
