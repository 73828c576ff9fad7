import { expect } from 'chai';
import { checkRange, recentRange, requiredPeriodMultiple, sloWindowRange } from '../../../tools/slo-report/src/metric-periods';
import { SloReportError } from '../../../tools/slo-report/src/report-errors';

const NOW = new Date('2025-06-02T10:37:20Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

describe('slo-report: CloudWatch retention and periods', () => {
  it('needs 1-minute multiples within 15 days, 5-minute to 63 days, hourly to 455 days', () => {
    expect(requiredPeriodMultiple(daysAgo(14.9), NOW)).to.equal(60);
    expect(requiredPeriodMultiple(daysAgo(15.1), NOW)).to.equal(300);
    expect(requiredPeriodMultiple(daysAgo(63.1), NOW)).to.equal(3600);
    expect(() => requiredPeriodMultiple(daysAgo(456), NOW)).to.throw(SloReportError, /keeps metrics for 455 days/);
  });

  it('reads a 28-day window as 672 hourly sums ending with the current hour', () => {
    const range = sloWindowRange(NOW, 28);
    expect(range).to.deep.equal({ start: new Date('2025-05-05T11:00:00Z'), end: new Date('2025-06-02T10:37:00Z'), periodSeconds: 3600 });
    expect((new Date('2025-06-02T11:00:00Z').getTime() - range.start.getTime()) / 3_600_000).to.equal(28 * 24);
  });

  it('keeps hourly alignment for a 90-day window (older than 63 days)', () => {
    const range = sloWindowRange(NOW, 90);
    expect(range.start.getTime() % 3_600_000).to.equal(0);
    expect(() => checkRange(range, NOW)).not.to.throw();
  });

  it('refuses a period finer than CloudWatch keeps for the range', () => {
    expect(() => checkRange({ start: new Date('2025-05-05T11:00:00Z'), end: NOW, periodSeconds: 60 }, NOW)).to.throw(SloReportError, /multiples of 300 s/);
    expect(() => sloWindowRange(NOW, 0)).to.throw(SloReportError, /1 to 455 whole days/);
    expect(() => sloWindowRange(NOW, 456)).to.throw(SloReportError);
  });

  it('reads burn rates from 1-minute sums over the last 3 days', () => {
    expect(recentRange(NOW, 3 * 86_400)).to.deep.equal({ start: new Date('2025-05-30T10:37:00Z'), end: new Date('2025-06-02T10:37:00Z'), periodSeconds: 60 });
  });
});
