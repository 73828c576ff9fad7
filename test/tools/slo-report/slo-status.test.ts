import { expect } from 'chai';
import type { MetricSeries } from '../../../tools/slo-report/src/metric-data';
import { budgetStatus, burnAlerts, burnRateOf, countEvents, longestAlertWindowMinutes } from '../../../tools/slo-report/src/slo-status';

const END = new Date('2025-06-02T10:37:00Z');
const minutesAgo = (m: number) => new Date(END.getTime() - m * 60_000);
const series = (id: string, points: [number, number][]): MetricSeries => ({
  id,
  points: points.map(([m, value]) => ({ time: minutesAgo(m), value })),
});

describe('slo-report: SLO arithmetic', () => {
  it('spends half the budget with 5 bad of 1000 at a 99 % objective', () => {
    expect(budgetStatus({ good: 995, total: 1000 }, 0.99)).to.deep.equal({
      good: 995, total: 1000, bad: 5, achieved: 0.995, allowedBad: 10, consumed: 0.5, remaining: 0.5,
    });
  });

  it('reports an overspent budget as more than 100 % consumed and negative remaining', () => {
    const status = budgetStatus({ good: 880, total: 1000 }, 0.9);
    expect(status.consumed).to.equal(1.2);
    expect(status.remaining).to.equal(-0.2);
  });

  it('has no SLI, budget or burn rate without traffic, never a perfect score', () => {
    expect(budgetStatus({ good: 0, total: 0 }, 0.99)).to.deep.equal({
      good: 0, total: 0, bad: 0, achieved: null, allowedBad: 0, consumed: null, remaining: null,
    });
    expect(burnRateOf({ good: 0, total: 0 }, 0.99)).to.equal(null);
  });

  it('computes the burn rate as error ratio over the budget ratio', () => {
    expect(burnRateOf({ good: 75, total: 100 }, 0.99)).to.equal(25);
    expect(burnRateOf({ good: 1000, total: 1000 }, 0.99)).to.equal(0);
    // Property: burning the whole budget evenly over the window is a burn rate of 1, whatever the objective.
    for (const objective of [0.9, 0.95, 0.99, 0.999, 0.9999]) {
      expect(burnRateOf({ good: 1_000_000 * objective, total: 1_000_000 }, objective)).to.be.closeTo(1, 1e-9);
    }
  });

  it('counts only the points inside a window', () => {
    const good = series('g', [[100, 10], [30, 5], [1, 1]]);
    const total = series('t', [[100, 10], [30, 6], [1, 2]]);
    expect(countEvents(good, total)).to.deep.equal({ good: 16, total: 18 });
    expect(countEvents(good, total, minutesAgo(60))).to.deep.equal({ good: 6, total: 8 });
  });

  it('evaluates every policy row with both windows, as the composite alarms do', () => {
    // 30 days, 99.9 %: the workbook's 14.4x / 6x / 1x.
    const good = series('g', [[2, 80], [20, 100], [200, 100], [2000, 1000]]);
    const total = series('t', [[2, 100], [20, 100], [200, 100], [2000, 1000]]);
    const alerts = burnAlerts(good, total, END, 0.999, 30);
    expect(alerts.map((a) => [a.row, a.severity, a.long.label, a.short.label, a.thresholdBurnRate, a.capped])).to.deep.equal([
      ['fast', 'page', '1h', '5m', 14.4, false],
      ['sustained', 'page', '6h', '30m', 6, false],
      ['slow', 'ticket', '3d', '6h', 1, false],
    ]);
    // 5m: 20 bad of 100 = 200x; 1h: 20 of 200 = 100x; 6h: 20 of 300; 3d: 20 of 1300.
    expect(alerts[0].short.burnRate).to.equal(200);
    expect(alerts[0].long.burnRate).to.equal(100);
    expect(alerts.map((a) => a.burning)).to.deep.equal([true, true, true]);
  });

  it('fires a capped alert (90 % objective) only on a total outage, and says "no data" for an empty window', () => {
    const good = series('g', [[2, 0], [40, 0]]);
    const total = series('t', [[2, 5], [40, 5]]);
    const [fast, sustained] = burnAlerts(good, total, END, 0.9, 28);
    expect(fast.capped).to.equal(true);
    expect(fast.thresholdBurnRate).to.equal(10);
    expect(fast.burning).to.equal(true);
    expect(sustained.capped).to.equal(false);
    const [quiet] = burnAlerts(series('g', [[40, 5]]), series('t', [[40, 5]]), END, 0.9, 28);
    expect(quiet.short.burnRate).to.equal(null);
    expect(quiet.burning).to.equal(null);
  });

  it('reads back as far as the longest alert window (3 days)', () => {
    expect(longestAlertWindowMinutes()).to.equal(3 * 24 * 60);
  });
});
