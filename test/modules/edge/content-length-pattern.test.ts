import { expect } from 'chai';
import { numberAbovePattern, WAF_REGEX_MAX_LENGTH } from '../../../modules/edge/content-length-pattern';

describe('modules/edge/content-length-pattern', () => {
  const limits = [1024, 8192, 65536, 99999, 100000, 123456, 999999, 1048576, 10 * 1024 * 1024, 0, 9, 10];

  for (const limit of limits) {
    it(`matches exactly the numbers above ${limit}`, () => {
      const re = new RegExp(numberAbovePattern(limit));
      // Around the limit, every power-of-ten boundary, and a spread of values.
      const probes = new Set<number>([0, 1, limit - 1, limit, limit + 1, limit + 9, limit + 10, limit * 2, limit * 10]);
      for (let p = 1; p <= 1e9; p *= 10) [p - 1, p, p + 1].forEach((n) => probes.add(n));
      for (let i = 0; i < 2000; i++) probes.add(Math.floor((i * 7919 * (limit + 13)) % (limit * 3 + 100)));
      for (const n of probes) {
        if (n < 0) continue;
        expect(re.test(String(n)), `${n} vs ${limit}`).to.equal(n > limit);
      }
    });
  }

  it('reads leading zeros as the number they pad, and refuses what is not a number', () => {
    const re = new RegExp(numberAbovePattern(65536));
    expect(re.test('0065537')).to.equal(true);
    expect(re.test('0065536')).to.equal(false);
    for (const text of ['', '65537 ', ' 65537', '6553x', '-70000', '1e9', '70000,1']) expect(re.test(text), JSON.stringify(text)).to.equal(false);
  });

  it('fits WAF\'s regex length limit for every body limit the config accepts, and uses no construct WAF lacks', () => {
    for (const limit of [1024, 65536, 987654, 10 * 1024 * 1024]) {
      const pattern = numberAbovePattern(limit);
      expect(pattern.length).to.be.at.most(WAF_REGEX_MAX_LENGTH);
      expect(pattern).not.to.match(/\(\?|\\[1-9]|\\[bBdDsSwW]/); // no lookaround, backreference or shorthand classes
    }
  });

  it('refuses a limit that is not a whole number', () => {
    expect(() => numberAbovePattern(-1)).to.throw(/whole number/);
    expect(() => numberAbovePattern(1.5)).to.throw(/whole number/);
  });
});
