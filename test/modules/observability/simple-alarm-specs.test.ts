import { expect } from 'chai';
import { businessHoursExpression, simpleAlarmSpecs } from '../../../modules/observability/simple-alarm-specs';
import { isMetricStatQuery } from '../../../modules/observability/slo-definitions';
import { testEnvironment } from '../../support/environment';

describe('modules/observability/simple-alarm-specs', () => {
  const specs = simpleAlarmSpecs(testEnvironment('dev', { slo: { noTraffic: { startHourUtc: 8, endHourUtc: 18 } } }));
  const spec = (suffix: string) => specs.find((s) => s.name === `qa-dev-${suffix}`)!;

  it('keeps the seed alarms, with deliberate severities', () => {
    expect(specs.map((s) => [s.name, s.severity])).to.deep.equal([
      ['qa-dev-answer-duration-p95', 'ticket'],
      ['qa-dev-fallback-ratio', 'ticket'],
      ['qa-dev-no-traffic', 'page'],
      ['qa-dev-collector-export-failures-metrics', 'ticket'],
      ['qa-dev-collector-export-failures-traces', 'ticket'],
      ['qa-dev-collector-export-failures-logs', 'ticket'],
      ['qa-dev-collector-heartbeat', 'page'],
    ]);
  });

  it('treats missing data deliberately and says why', () => {
    expect(specs.map((s) => s.missingData.treatment)).to.deep.equal(['notBreaching', 'notBreaching', 'missing', 'notBreaching', 'notBreaching', 'notBreaching', 'breaching']);
    for (const s of specs) expect(s.missingData.reason.length, s.name).to.be.greaterThan(20);
  });

  it('computes the fallback share as fallbacks over all answers, summed over the whole window', () => {
    const fallback = spec('fallback-ratio');
    expect(fallback.queries.find((q) => q.id === 'fallback_ratio')).to.deep.include({ expression: 'FILL(a_fallback, 0) / a_total' });
    expect(new Set(fallback.queries.filter(isMetricStatQuery).map((q) => q.periodSeconds))).to.deep.equal(new Set([15 * 60]));
  });

  it('watches the collector through the exporter dimension of its own counters', () => {
    const heartbeat = spec('collector-heartbeat').queries[0];
    expect(isMetricStatQuery(heartbeat) && [heartbeat.metric.cloudWatchName, heartbeat.dimensions, heartbeat.stat]).to.deep.equal(['otelcol_exporter_sent_metric_points', { exporter: 'awsemf' }, 'Sum']);
    const traces = spec('collector-export-failures-traces').queries[0];
    expect(isMetricStatQuery(traces) && [traces.metric.cloudWatchName, traces.dimensions]).to.deep.equal(['otelcol_exporter_send_failed_spans', { exporter: 'awsxray' }]);
  });

  it('writes business hours as DAY()/HOUR() metric math, folding consecutive days into ranges', () => {
    expect(businessHoursExpression({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHourUtc: 8, endHourUtc: 18 }, 'm')).to.equal(
      '(DAY(m) >= 1 AND DAY(m) <= 5) AND (HOUR(m) >= 8 AND HOUR(m) < 18)',
    );
    expect(businessHoursExpression({ days: ['sat', 'mon', 'tue', 'thu'], startHourUtc: 0, endHourUtc: 24 }, 'm')).to.equal(
      '((DAY(m) >= 1 AND DAY(m) <= 2) OR DAY(m) == 4 OR DAY(m) == 6) AND (HOUR(m) >= 0 AND HOUR(m) < 24)',
    );
    expect(businessHoursExpression({ days: ['wed'], startHourUtc: 9, endHourUtc: 17 }, 'm')).to.equal('(DAY(m) == 3) AND (HOUR(m) >= 9 AND HOUR(m) < 17)');
  });
});
