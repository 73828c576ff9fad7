import { expect } from 'chai';
import { BURN_RATE_POLICY, burnRate, burnRateInputProblems, burnRateThreshold, policyThresholds, windowLabel } from '../../../modules/observability/burn-rate';

/** A small seeded generator (Park-Miller): the property test sees the same inputs on every run. */
function random(seed: number): () => number {
  let state = seed % 2147483647;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const row = (name: string) => BURN_RATE_POLICY.find((r) => r.name === name)!;
const thresholdOf = (objective: number, sloWindowDays: number, name: string) =>
  burnRateThreshold({ objective, sloWindowDays, alertWindowMinutes: row(name).longWindowMinutes, budgetFraction: row(name).budgetFraction });

describe('modules/observability/burn-rate', () => {
  it('holds the SRE workbook policy: page on 2 % in 1 h and 5 % in 6 h, ticket on 10 % in 3 days, short windows a twelfth of the long', () => {
    expect(BURN_RATE_POLICY.map((r) => [r.severity, r.longWindowMinutes, r.shortWindowMinutes, r.budgetFraction])).to.deep.equal([
      ['page', 60, 5, 0.02],
      ['page', 360, 30, 0.05],
      ['ticket', 4320, 360, 0.1],
    ]);
    for (const r of BURN_RATE_POLICY) expect(r.shortWindowMinutes * 12).to.equal(r.longWindowMinutes);
  });

  it("reproduces the workbook's table for a 99.9 % objective over 30 days: 14.4x, 6x, 1x", () => {
    expect(BURN_RATE_POLICY.map((r) => thresholdOf(0.999, 30, r.name))).to.deep.equal([
      { burnRate: 14.4, errorRatio: 0.0144, capped: false, budgetFractionAtCap: 0.02 },
      { burnRate: 6, errorRatio: 0.006, capped: false, budgetFractionAtCap: 0.05 },
      { burnRate: 1, errorRatio: 0.001, capped: false, budgetFractionAtCap: 0.1 },
    ]);
  });

  it("caps the seed's 90 % objective at a total outage where 14.4x would need 144 % errors", () => {
    const fast = thresholdOf(0.9, 30, 'fast');
    expect(fast).to.deep.equal({ burnRate: 14.4, errorRatio: 1, capped: true, budgetFractionAtCap: 0.0138888888889 });
    // An hour of nothing but errors is 1/720 of the window, 1/72 of a 10 % budget.
    expect(fast.budgetFractionAtCap).to.be.closeTo(60 / (30 * 24 * 60) / 0.1, 1e-12);
    expect(thresholdOf(0.9, 30, 'sustained')).to.deep.equal({ burnRate: 6, errorRatio: 0.6, capped: false, budgetFractionAtCap: 0.05 });
    expect(thresholdOf(0.9, 30, 'slow')).to.deep.equal({ burnRate: 1, errorRatio: 0.1, capped: false, budgetFractionAtCap: 0.1 });
  });

  it('derives the thresholds of other SLO windows instead of reusing 14.4 (28 days: 13.44x, 5.6x, 0.933x)', () => {
    expect(BURN_RATE_POLICY.map((r) => thresholdOf(0.99, 28, r.name).burnRate)).to.deep.equal([13.44, 5.6, 0.933333333333]);
    expect(thresholdOf(0.99, 28, 'fast').errorRatio).to.equal(0.1344);
    expect(burnRate({ sloWindowDays: 90, alertWindowMinutes: 60, budgetFraction: 0.02 })).to.equal(43.2);
  });

  it('property: the alarm threshold never exceeds an error ratio of 1, and equals burn rate x (1 - objective) whenever that is reachable', () => {
    const next = random(0x5e1f);
    const objectives = [0.5, 0.8, 0.9, 0.93, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999, 0.99999];
    for (let i = 0; i < 2000; i++) objectives.push(0.5 + next() * 0.49999);
    let capped = 0;
    const broken: string[] = [];
    for (const objective of objectives) {
      for (const sloWindowDays of [7, 14, 28, 30, 60, 90]) {
        for (const r of BURN_RATE_POLICY) {
          for (const alertWindowMinutes of [r.longWindowMinutes, r.shortWindowMinutes]) {
            const t = burnRateThreshold({ objective, sloWindowDays, alertWindowMinutes, budgetFraction: r.budgetFraction });
            const uncapped = t.burnRate * (1 - objective);
            const exact = Math.abs(t.errorRatio - uncapped) <= uncapped * 1e-9;
            const holds = t.capped
              ? uncapped > 1 && t.errorRatio === 1 && t.budgetFractionAtCap < r.budgetFraction
              : t.errorRatio > 0 && t.errorRatio <= 1 && exact && t.budgetFractionAtCap === r.budgetFraction;
            if (t.capped) capped++;
            if (!holds) broken.push(`objective ${objective}, ${sloWindowDays} d, ${alertWindowMinutes} min, ${r.budgetFraction}: ${JSON.stringify(t)}`);
          }
        }
      }
    }
    expect(broken).to.deep.equal([]);
    expect(capped, 'the sample reaches the cap').to.be.greaterThan(0);
  });

  it('applies every policy row to one SLO, with the burn rate the alarms fire at (a total outage where the policy rate is out of reach)', () => {
    const seed = policyThresholds(0.9, 30);
    expect(seed.map((t) => t.row)).to.deep.equal([...BURN_RATE_POLICY]);
    seed.forEach((t) => expect(t).to.deep.include(thresholdOf(0.9, 30, t.row.name)));
    expect(seed.map((t) => [t.capped, t.firingBurnRate])).to.deep.equal([[true, 10], [false, 6], [false, 1]]);
    expect(policyThresholds(0.999, 30).map((t) => t.firingBurnRate)).to.deep.equal([14.4, 6, 1]);
  });

  it('refuses inputs that make no threshold, naming each problem', () => {
    expect(burnRateInputProblems({ objective: 0.99, sloWindowDays: 28, alertWindowMinutes: 60, budgetFraction: 0.02 })).to.deep.equal([]);
    expect(() => burnRateThreshold({ objective: 99, sloWindowDays: 28, alertWindowMinutes: 60, budgetFraction: 0.02 })).to.throw(/objective must be a fraction strictly between 0 and 1 \(99.9 % is 0.999\), got 99/);
    expect(() => burnRateThreshold({ objective: 1, sloWindowDays: 28, alertWindowMinutes: 60, budgetFraction: 0.02 })).to.throw(/objective/);
    expect(() => burnRate({ sloWindowDays: 7, alertWindowMinutes: 8 * 24 * 60, budgetFraction: 0.1 })).to.throw(/must not be longer than the SLO window \(7 days\)/);
    expect(() => burnRate({ sloWindowDays: 0, alertWindowMinutes: 60, budgetFraction: 0 })).to.throw(/sloWindowDays must be more than 0.*budgetFraction must be in \(0, 1\]/);
  });

  it('labels windows as alarm names write them', () => {
    expect([5, 30, 60, 360, 4320].map(windowLabel)).to.deep.equal(['5m', '30m', '1h', '6h', '3d']);
    expect(() => windowLabel(0.5)).to.throw(/positive whole number of minutes/);
  });
});
