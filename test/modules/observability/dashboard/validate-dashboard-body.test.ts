import { expect } from 'chai';
import type { DashboardBody, DashboardWidget, MetricWidget, MetricsArrayEntry } from '../../../../modules/observability/dashboard/dashboard-body';
import { dashboardBodyProblems, referencedIds } from '../../../../modules/observability/dashboard/validate-dashboard-body';

const NS = 'qa/dev/chatbot';
const EXPECTED = { namespace: NS, region: 'eu-west-1' };

function graph(metrics: readonly MetricsArrayEntry[], overrides: Partial<MetricWidget['properties']> = {}, place: Partial<MetricWidget> = {}): MetricWidget {
  return { type: 'metric', x: 0, y: 0, width: 12, height: 6, ...place, properties: { view: 'timeSeries', title: 'answers', region: 'eu-west-1', metrics, ...overrides } };
}

const REQUESTS = (id: string, outcome = 'success', stat = 'Sum'): MetricsArrayEntry => [NS, 'chat.requests', 'outcome', outcome, { id, stat, period: 60 }];

function problems(...widgets: DashboardWidget[]): string[] {
  return dashboardBodyProblems({ widgets } as DashboardBody, EXPECTED);
}

describe('modules/observability/dashboard/validate-dashboard-body', () => {
  it('accepts a well-formed body', () => {
    const ok = graph([REQUESTS('ok'), REQUESTS('bad', 'error'), [{ id: 'ratio', expression: 'IF(ok + bad > 0, 100 * ok / (ok + bad))', label: 'ok %' }]]);
    const text: DashboardWidget = { type: 'text', x: 12, y: 0, width: 12, height: 6, properties: { markdown: '# notes' } };
    expect(problems(ok, text)).to.deep.equal([]);
  });

  const cases: Array<[string, DashboardWidget[], RegExp]> = [
    ['a metric the contract does not have', [graph([[NS, 'chat.request', 'outcome', 'success', { id: 'm', stat: 'Sum' }]])], /chat\.request is no metric of the contract/],
    ['a dimension set the collector does not publish', [graph([[NS, 'gen_ai.server.time_to_first_token', 'outcome', 'success', { id: 'm', stat: 'p95' }]])], /published with dimensions \[\], not \[outcome\]/],
    ['a dimension value outside the closed set', [graph([REQUESTS('m', 'aborted')])], /outcome is one of success, fallback, error, never aborted/],
    ['a statistic meaningless for a counter', [graph([REQUESTS('m', 'success', 'p95')])], /p95 is no meaningful statistic of chat\.requests/],
    ['the default statistic (Average) on a counter', [graph([[NS, 'chat.requests', 'outcome', 'error', { id: 'm' }]])], /Average is no meaningful statistic/],
    ['another namespace', [graph([['AWS/EC2', 'chat.requests', 'outcome', 'error', { id: 'm', stat: 'Sum' }]])], /namespace AWS\/EC2 is not the chatbot's/],
    ['the "." shorthand', [graph([REQUESTS('a'), ['.', 'chat.requests', 'outcome', 'error', { id: 'b', stat: 'Sum' }]])], /spell namespace, metric and dimensions out/],
    ['a dimension without value', [graph([[NS, 'chat.requests', 'outcome', { id: 'm', stat: 'Sum' }] as never])], /dimension outcome has no value/],
    ['an id used twice', [graph([REQUESTS('m'), REQUESTS('m', 'error')])], /id m is used twice/],
    ['an id starting with a capital', [graph([REQUESTS('M1')])], /id M1 must start with a lowercase letter/],
    ['an expression naming a missing id', [graph([REQUESTS('ok'), [{ id: 'e', expression: 'ok / total' }]])], /expression e refers to total, which is no id in this widget/],
    ['an expression naming itself', [graph([REQUESTS('ok'), [{ id: 'e', expression: 'RUNNING_SUM(e)' }]])], /expression e refers to itself/],
    ['a period that is no multiple of 60', [graph([[NS, 'chat.requests', 'outcome', 'error', { id: 'm', stat: 'Sum', period: 90 }]])], /period 90 is not a multiple of 60/],
    ['another region', [graph([REQUESTS('m')], { region: 'us-east-1' })], /region is us-east-1, expected eu-west-1/],
    ['no metrics', [graph([])], /needs 1-500 metrics/],
    ['a gauge without a y range', [graph([REQUESTS('m')], { view: 'gauge' })], /a gauge needs yAxis.left.min and max/],
    ['a sparkline over the whole time range', [graph([REQUESTS('m')], { view: 'singleValue', sparkline: true, setPeriodToTimeRange: true })], /sparkline cannot be combined/],
    ['a malformed time range', [graph([REQUESTS('m')], { start: '28 days ago' })], /start 28 days ago is neither/],
    ['an end without start', [graph([REQUESTS('m')], { end: '2025-01-01T00:00:00Z' })], /end .* needs a start/],
    ['a widget past the grid', [graph([REQUESTS('m')], {}, { x: 18, width: 12 })], /runs past the 24-column grid/],
    ['a zero height', [graph([REQUESTS('m')], {}, { height: 0 })], /height 0 is not from 1 to 1000/],
    ['overlapping widgets', [graph([REQUESTS('m')]), graph([REQUESTS('m')], { title: 'other' }, { x: 6 })], /widgets 0 \(answers\) and 1 \(other\) overlap/],
    ['an empty text widget', [{ type: 'text', x: 0, y: 0, width: 6, height: 2, properties: { markdown: ' ' } }], /a text widget needs markdown/],
    ['an alarm widget without alarms', [{ type: 'alarm', x: 0, y: 0, width: 6, height: 2, properties: { alarms: [] } }], /lists 1-100 alarms, not 0/],
    ['more than 100 alarms', [{ type: 'alarm', x: 0, y: 0, width: 6, height: 2, properties: { alarms: Array.from({ length: 101 }, (_, i) => `arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a${i}`) } }], /not 101/],
    ['something that is no alarm ARN', [{ type: 'alarm', x: 0, y: 0, width: 6, height: 2, properties: { alarms: ['qa-dev-no-traffic'] } }], /qa-dev-no-traffic is no CloudWatch alarm ARN/],
    ['an unknown sort order', [{ type: 'alarm', x: 0, y: 0, width: 6, height: 2, properties: { alarms: ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:a'], sortBy: 'state' as never } }], /sortBy state/],
  ];
  for (const [what, widgets, problem] of cases) {
    it(`finds ${what}`, () => {
      const found = problems(...widgets);
      expect(found.some((p) => problem.test(p)), `${problem} in\n${found.join('\n')}`).to.equal(true);
    });
  }

  it('accepts Terraform references where alarm ARNs are only known at apply time', () => {
    expect(problems({ type: 'alarm', x: 0, y: 0, width: 6, height: 2, properties: { alarms: ['${aws_cloudwatch_metric_alarm.x.arn}'] } })).to.deep.equal([]);
  });

  it('refuses more than 500 widgets', () => {
    const widgets = Array.from({ length: 501 }, (_, i): DashboardWidget => ({ type: 'text', x: 0, y: i, width: 1, height: 1, properties: { markdown: `${i}` } }));
    expect(problems(...widgets)).to.include('501 widgets; a dashboard holds at most 500');
  });

  it('reads the ids an expression refers to, not functions, numbers or quoted text', () => {
    expect(referencedIds('IF(avail_total > 0, 100 * FILL(avail_good, 0) / avail_total, 100)')).to.deep.equal(['avail_total', 'avail_good']);
    expect(referencedIds("SEARCH('{qa/dev/chatbot,outcome} MetricName=\"chat.requests\"', 'Sum', 300)")).to.deep.equal([]);
    expect(referencedIds('m1 * 0.000046 + e2')).to.deep.equal(['m1', 'e2']);
  });
});
