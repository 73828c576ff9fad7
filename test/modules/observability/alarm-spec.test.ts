import { expect } from 'chai';
import { alarmArn, alarmDescription, alarmName, alarmSpecProblems, percent, runbookUrl, type MetricAlarmSpec } from '../../../modules/observability/alarm-spec';
import { CHATBOT_METRICS } from '../../../modules/observability/chatbot-metric-contract';
import { testEnvironment, TEST_ACCOUNT } from '../../support/environment';

const env = testEnvironment('dev');

/** A valid spec: errors per 5 minutes, over 3 periods. */
function spec(overrides: Partial<MetricAlarmSpec> = {}): MetricAlarmSpec {
  return {
    type: 'metric',
    name: 'qa-dev-errors',
    kind: 'slo-availability-burn',
    summary: 'TICKET: errors.',
    severity: 'ticket',
    queries: [{ id: 'errors', namespace: 'qa/dev/chatbot', metric: CHATBOT_METRICS.requests, dimensions: { outcome: 'error' }, stat: 'Sum', periodSeconds: 300 }],
    returnId: 'errors',
    comparison: 'GreaterThanThreshold',
    threshold: 0,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    missingData: { treatment: 'notBreaching', reason: 'no errors' },
    ...overrides,
  };
}

const period = (periodSeconds: number, evaluationPeriods: number) =>
  spec({ queries: [{ ...(spec().queries[0] as any), periodSeconds }], evaluationPeriods, datapointsToAlarm: 1 });

describe('modules/observability/alarm-spec', () => {
  it('names alarms inside <prefix>-<env>-* and links runbooks on the default branch', () => {
    expect(alarmName(env, 'slo', 'latency')).to.equal('qa-dev-slo-latency');
    expect(alarmArn(env, 'qa-dev-x')).to.equal(`arn:aws:cloudwatch:eu-west-1:${TEST_ACCOUNT}:alarm:qa-dev-x`);
    expect(runbookUrl(env, 'no-traffic')).to.equal('https://github.com/acme/chatbot-platform/blob/main/docs/runbooks/no-traffic.md');
    expect(alarmDescription(env, spec())).to.equal('TICKET: errors. Runbook: https://github.com/acme/chatbot-platform/blob/main/docs/runbooks/slo-availability-burn.md');
    expect([0.999, 0.02, 0.014888].map(percent)).to.deep.equal(['99.9%', '2%', '1.489%']);
  });

  it('accepts a valid spec', () => {
    expect(alarmSpecProblems(env, spec())).to.deep.equal([]);
  });

  it("enforces CloudWatch's evaluation range: one day below an hour's period, seven days from an hour on", () => {
    expect(alarmSpecProblems(env, period(1800, 48))).to.deep.equal([]);
    expect(alarmSpecProblems(env, period(1800, 49))).to.deep.equal(['qa-dev-errors: evaluates 88200 s; CloudWatch evaluates at most 86400 s for a 1800 s period']);
    expect(alarmSpecProblems(env, period(259200, 1))).to.deep.equal([]);
    expect(alarmSpecProblems(env, period(259200, 3))[0]).to.match(/evaluates 777600 s; CloudWatch evaluates at most 604800 s/);
    expect(alarmSpecProblems(env, period(90, 1))[0]).to.match(/period 90 s is not a whole number of minutes/);
  });

  it('reports bad queries, descriptions and datapoints, naming the alarm', () => {
    const problems = alarmSpecProblems(
      env,
      spec({
        summary: 'two\nlines',
        returnId: 'nope',
        datapointsToAlarm: 4,
        queries: [...spec().queries, { ...(spec().queries[0] as any), id: 'Bad', periodSeconds: 60 }],
        missingData: { treatment: 'missing', reason: ' ' },
      }),
    );
    expect(problems.every((p) => p.startsWith('qa-dev-errors: '))).to.equal(true);
    expect(problems.join('\n')).to.include('one line of printable ASCII')
      .and.include('different periods (300, 60)')
      .and.include('must start with a lowercase letter')
      .and.include('returnId nope is not one of its queries')
      .and.include('datapointsToAlarm must be between 1 and evaluationPeriods')
      .and.include('say why missing data is treated');
    const many = spec({ queries: Array.from({ length: 11 }, (_, i) => ({ ...(spec().queries[0] as any), id: `m${i}` })), returnId: 'm0' });
    expect(alarmSpecProblems(env, many)).to.deep.equal(['qa-dev-errors: queries 11 metrics; a metric math alarm takes at most 10']);
    expect(alarmSpecProblems(env, spec({ summary: 'x'.repeat(1000) }))[0]).to.match(/the description is \d+ characters; CloudWatch takes at most 1024/);
    expect(alarmSpecProblems(env, { type: 'composite', name: 'qa-dev-c', kind: 'no-traffic', summary: 's', severity: 'page', allOf: ['a'] })).to.deep.equal([
      'qa-dev-c: a composite alarm combines at least two alarms',
    ]);
  });
});
