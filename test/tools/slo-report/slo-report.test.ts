/**
 * `slo-report` end to end in-process: config from a scratch config folder, the real
 * @aws-sdk/client-cloudwatch against a loopback CloudWatch speaking its wire protocol
 * (test/support/fake-cloudwatch.ts), known traffic, and the printed report.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { stringify } from 'yaml';
import { serviceLevelIndicators } from '../../../modules/observability/slo-definitions';
import { main, MAX_ATTEMPTS } from '../../../tools/slo-report/src/cli';
import { applyEnv, awsTestEnv } from '../../support/aws-test-env';
import { rawEnvironment, rawProject, testEnvironment } from '../../support/environment';
import { FakeCloudWatch, type FakeAlarm } from '../../support/fake-cloudwatch';
import { runCliMain, type CliRun } from '../../support/run-cli';

const NOW = new Date('2025-06-02T10:37:20Z');
const NAMESPACE = 'qa/dev/chatbot';
const SLO = { windowDays: 28, availability: { objective: 0.99 }, latency: { objective: 0.95, firstTokenSeconds: 2 } };
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);
const DAY = 24 * 60;
const epoch = (iso: string) => Date.parse(iso) / 1000;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Answers as the collector publishes them: chat.requests Sum per outcome, TTFT counts. */
interface Answers {
  readonly success?: number;
  readonly fallback?: number;
  readonly error?: number;
  /** Answers with a first token, and how many of them within 2 s. */
  readonly ttft?: number;
  readonly fast?: number;
}

function answers(fake: FakeCloudWatch, minutesAgo: number, counts: Answers): void {
  const time = ago(minutesAgo);
  for (const outcome of ['success', 'fallback', 'error'] as const) {
    const value = counts[outcome];
    if (value !== undefined) fake.put({ namespace: NAMESPACE, metricName: 'chat.requests', dimensions: { outcome }, stat: 'Sum' }, time, value);
  }
  if (counts.ttft !== undefined) {
    fake.put({ namespace: NAMESPACE, metricName: 'gen_ai.server.time_to_first_token', dimensions: {}, stat: 'SampleCount' }, time, counts.ttft);
    fake.put({ namespace: NAMESPACE, metricName: 'gen_ai.server.time_to_first_token', dimensions: {}, stat: 'TC(:2)' }, time, counts.fast ?? 0);
  }
}

/**
 * Availability: 1000 answers in the window, 5 bad (50 % of a 99 % budget). Latency: 1000 first
 * tokens, 980 within 2 s (40 % of a 95 % budget). Part of it older than 15 days (only readable at
 * 5-minute periods or coarser) and some outside the window (must not count).
 */
function knownTraffic(fake: FakeCloudWatch): void {
  answers(fake, 29 * DAY, { error: 100, ttft: 100, fast: 0 }); // before the window
  answers(fake, 20 * DAY, { success: 447, error: 2, ttft: 500, fast: 490 });
  answers(fake, 10 * DAY, { success: 300, fallback: 50, error: 1, ttft: 400, fast: 395 });
  answers(fake, 2 * DAY, { success: 150, ttft: 90, fast: 90 });
  answers(fake, 3 * 60, { success: 30, error: 1 });
  answers(fake, 20, { success: 15, ttft: 10, fast: 5 });
  answers(fake, 2, { success: 3, error: 1 });
}

function alarm(name: string, state: FakeAlarm['state'], type: FakeAlarm['type'] = 'metric', extra: Partial<FakeAlarm> = {}): FakeAlarm {
  return { name, state, type, ...extra };
}

describe('slo-report against a loopback CloudWatch (real SDK, awsJson1_0)', () => {
  const fake = new FakeCloudWatch();
  let configDir: string;
  let restore: () => void;

  function writeConfig(devSlo: unknown): void {
    writeFileSync(join(configDir, 'project.yaml'), stringify(rawProject()));
    writeFileSync(join(configDir, 'dev.yaml'), stringify(rawEnvironment('dev', { slo: devSlo })));
    writeFileSync(join(configDir, 'prod.yaml'), stringify(rawEnvironment('prod')));
  }

  function report(argv: readonly string[], options: { maxDatapoints?: number; maxAttempts?: number } = {}): Promise<CliRun> {
    return runCliMain((a, env, io) => main(a, env, io, { now: () => NOW, ...options }), argv, { PLATFORM_CONFIG_DIR: configDir });
  }

  async function jsonReport(argv: readonly string[] = ['dev', '--json'], options: { maxDatapoints?: number } = {}): Promise<Json> {
    const run = await report(argv, options);
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    return JSON.parse(run.stdout) as Json;
  }

  before(async () => {
    await fake.start();
  });
  beforeEach(() => {
    fake.reset();
    fake.now = NOW;
    configDir = mkdtempSync(join(tmpdir(), 'slo-report-config-'));
    writeConfig(SLO);
    restore = applyEnv(awsTestEnv({ endpoints: { AWS_ENDPOINT_URL_CLOUDWATCH: fake.endpoint } }));
  });
  afterEach(() => {
    restore();
    rmSync(configDir, { recursive: true, force: true });
  });
  after(() => fake.stop());

  it('computes budgets and SLIs over the 28-day window from known traffic', async () => {
    knownTraffic(fake);
    const doc = await jsonReport();
    expect(doc.schema).to.equal('slo-report/v1');
    expect(doc.window).to.deep.equal({ days: 28, configuredDays: 28, start: '2025-05-05T11:00:00.000Z', end: '2025-06-02T10:37:00.000Z' });
    const [availability, latency] = doc.slis as Json[];
    expect(availability).to.include({ name: 'availability', objective: 0.99, status: 'measured', good: 995, total: 1000, bad: 5, achieved: 0.995, allowedBad: 10, consumed: 0.5, remaining: 0.5 });
    expect(latency).to.include({ name: 'latency', objective: 0.95, good: 980, total: 1000, bad: 20, achieved: 0.98, allowedBad: 50, consumed: 0.4, remaining: 0.6 });
  });

  it('computes the burn rates of every alert window from 1-minute sums', async () => {
    knownTraffic(fake);
    const doc = await jsonReport();
    const rows = (sli: Json) =>
      (sli.burnAlerts as Json[]).map((a) => [
        a.row, a.long.label, a.long.burnRate, a.short.label, a.short.burnRate, a.thresholdBurnRate, a.burning, a.alarm,
      ]);
    const [availability, latency] = doc.slis as Json[];
    // 28-day thresholds: 0.02 x 672 h / 1 h = 13.44, 0.05 x 672 / 6 = 5.6, 0.1 x 672 / 72 = 0.933...
    expect(rows(availability)).to.deep.equal([
      ['fast', '1h', 5.26315789474, '5m', 25, 13.44, false, 'qa-dev-slo-availability-fast-burn'],
      ['sustained', '6h', 4, '30m', 5.26315789474, 5.6, false, 'qa-dev-slo-availability-sustained-burn'],
      ['slow', '3d', 1, '6h', 4, 0.933333333333, true, 'qa-dev-slo-availability-slow-burn'],
    ]);
    expect(rows(latency)).to.deep.equal([
      ['fast', '1h', 10, '5m', null, 13.44, null, 'qa-dev-slo-latency-fast-burn'],
      ['sustained', '6h', 10, '30m', 10, 5.6, true, 'qa-dev-slo-latency-sustained-burn'],
      ['slow', '3d', 1, '6h', 10, 0.933333333333, true, 'qa-dev-slo-latency-slow-burn'],
    ]);
  });

  it('sends the SLI queries of slo-definitions with hourly periods for the window and 1-minute ones for the burn rates', async () => {
    knownTraffic(fake);
    await jsonReport();
    const requests = fake.metricDataRequests();
    expect(requests).to.have.length(2);
    for (const request of fake.requests) {
      expect(request.signedRegion).to.equal('eu-west-1');
      expect(request.queryMode).to.equal('true');
    }
    const byPeriod = (period: number) =>
      requests.find((r) => (r.body.MetricDataQueries as Json[]).some((q) => q.MetricStat?.Period === period))!.body;
    const window = byPeriod(3600);
    const recent = byPeriod(60);
    expect([window.StartTime, window.EndTime]).to.deep.equal([epoch('2025-05-05T11:00:00Z'), epoch('2025-06-02T10:37:00Z')]);
    expect([recent.StartTime, recent.EndTime]).to.deep.equal([epoch('2025-05-30T10:37:00Z'), epoch('2025-06-02T10:37:00Z')]);
    expect(window.MaxDatapoints).to.equal(100_800);
    const shape = (q: Json) => {
      if (!q.MetricStat) return [q.Id, q.Expression, q.ReturnData];
      const { Metric, Stat, Period, Unit } = q.MetricStat as Json;
      return [q.Id, Metric.Namespace, Metric.MetricName, Metric.Dimensions, Stat, Period, q.ReturnData, Unit];
    };
    const outcome = (value: string) => [{ Name: 'outcome', Value: value }];
    expect((window.MetricDataQueries as Json[]).map(shape)).to.deep.equal([
      ['availability_success', NAMESPACE, 'chat.requests', outcome('success'), 'Sum', 3600, false, undefined],
      ['availability_fallback', NAMESPACE, 'chat.requests', outcome('fallback'), 'Sum', 3600, false, undefined],
      ['availability_error', NAMESPACE, 'chat.requests', outcome('error'), 'Sum', 3600, false, undefined],
      ['availability_good', 'FILL(availability_success, 0) + FILL(availability_fallback, 0)', true],
      ['availability_total', 'FILL(availability_success, 0) + FILL(availability_fallback, 0) + FILL(availability_error, 0)', true],
      ['latency_fast', NAMESPACE, 'gen_ai.server.time_to_first_token', [], 'TC(:2)', 3600, false, undefined],
      ['latency_all', NAMESPACE, 'gen_ai.server.time_to_first_token', [], 'SampleCount', 3600, false, undefined],
      ['latency_good', 'FILL(latency_fast, 0)', true],
      ['latency_total', 'FILL(latency_all, 0)', true],
    ]);
    // The same queries slo-definitions builds for this environment, whatever it changes to.
    const env = testEnvironment('dev', { slo: SLO });
    for (const [body, period] of [[window, 3600], [recent, 60]] as const) {
      const expected = serviceLevelIndicators(env).flatMap((sli) => sli.queries(period, sli.name).queries);
      expect((body.MetricDataQueries as Json[]).map((q) => [q.Id, q.Expression ?? q.MetricStat.Stat, q.MetricStat?.Period ?? null])).to.deep.equal(
        expected.map((q) => ('expression' in q ? [q.id, q.expression, null] : [q.id, q.stat, q.periodSeconds])),
      );
    }
  });

  it('follows NextToken through every page and gets the same numbers', async () => {
    knownTraffic(fake);
    const single = await jsonReport();
    fake.requests.length = 0;
    const paged = await jsonReport(['dev', '--json'], { maxDatapoints: 1000 });
    const pages = fake.metricDataRequests();
    // Window: 4 series x 672 hours; recent: 4 x 4320 minutes -> 3 + 18 pages of 1000.
    expect(pages).to.have.length(3 + 18);
    expect(pages.filter((r) => r.body.NextToken !== undefined)).to.have.length(2 + 17);
    expect(pages.every((r) => r.body.MaxDatapoints === 1000)).to.equal(true);
    expect(paged.slis).to.deep.equal(single.slis);
  });

  it('reads a window longer than 63 days with hourly periods, counting data only that period still holds', async () => {
    answers(fake, 80 * DAY, { success: 90, error: 10 });
    answers(fake, 40 * DAY, { success: 100 });
    const doc = await jsonReport(['dev', '--json', '--window-days', '90']);
    expect(doc.window).to.include({ days: 90, configuredDays: 28, start: '2025-03-04T11:00:00.000Z' });
    expect(doc.slis[0]).to.include({ good: 190, total: 200, consumed: 5 });
    expect(fake.metricDataRequests().map((r) => (r.body.MetricDataQueries as Json[])[0].MetricStat.Period).sort()).to.deep.equal([3600, 60]);
  });

  it('reports "no data" without traffic instead of a perfect SLI', async () => {
    const doc = await jsonReport();
    for (const sli of doc.slis as Json[]) {
      expect(sli).to.include({ status: 'no data', total: 0, achieved: null, consumed: null, remaining: null });
      for (const alert of sli.burnAlerts as Json[]) {
        expect([alert.long.burnRate, alert.short.burnRate, alert.burning]).to.deep.equal([null, null, null]);
      }
    }
    const text = await report(['dev']);
    expect(text.code).to.equal(0);
    expect(text.stdout).to.match(/^availability\s+99%\s+no data\s+no data\s+no data\s+no data$/m);
    expect(text.stdout).not.to.contain('100%');
  });

  it('lists the alarms of the environment in ALARM and INSUFFICIENT_DATA over every DescribeAlarms page', async () => {
    for (let i = 0; i < 120; i++) fake.alarms.push(alarm(`qa-dev-window-${String(i).padStart(3, '0')}`, 'OK'));
    fake.alarms.push(
      alarm('qa-dev-slo-latency-sustained-burn', 'ALARM', 'composite', {
        description: 'PAGE: latency SLO is burning its error budget 5.6x too fast. Runbook: https://github.com/acme/chatbot-platform/blob/main/docs/runbooks/slo-latency-burn.md',
        since: ago(25),
      }),
      alarm('qa-dev-collector-heartbeat', 'INSUFFICIENT_DATA', 'metric', { reason: 'Insufficient Data: 1 datapoint was unknown.', since: ago(90) }),
      alarm('qa-dev-slo-availability-fast-burn', 'OK', 'composite'),
      alarm('qa-prod-slo-latency-fast-burn', 'ALARM', 'composite'),
    );
    const doc = await jsonReport();
    const describe = fake.requests.filter((r) => r.operation === 'DescribeAlarms');
    expect(describe).to.have.length(2);
    expect(describe[0].body).to.deep.equal({ AlarmNamePrefix: 'qa-dev-', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 });
    expect(doc.alarms.namePrefix).to.equal('qa-dev-');
    expect(doc.alarms.counts).to.deep.equal({ ALARM: 1, INSUFFICIENT_DATA: 1, OK: 121 });
    expect((doc.alarms.notOk as Json[]).map((a) => [a.state, a.name, a.type, a.since])).to.deep.equal([
      ['ALARM', 'qa-dev-slo-latency-sustained-burn', 'composite', '2025-06-02T10:12:20.000Z'],
      ['INSUFFICIENT_DATA', 'qa-dev-collector-heartbeat', 'metric', '2025-06-02T09:07:20.000Z'],
    ]);
    const text = await report(['dev']);
    expect(text.stdout).to.contain('Alarms named qa-dev-*: 123 (1 ALARM, 1 INSUFFICIENT_DATA, 121 OK)');
    expect(text.stdout).to.match(/^ {2}ALARM\s+qa-dev-slo-latency-sustained-burn\s+composite\s+2025-06-02 10:12 UTC\s+PAGE: latency SLO is burning/m);
    expect(text.stdout).to.match(/^ {2}INSUFFICIENT_DATA\s+qa-dev-collector-heartbeat\s+metric\s+2025-06-02 09:07 UTC\s+Insufficient Data/m);
    expect(text.stdout).not.to.contain('qa-prod');
  });

  it('prints a hand-over table by default', async () => {
    knownTraffic(fake);
    const run = await report(['dev']);
    expect(run.code).to.equal(0);
    const out = run.stdout;
    expect(out).to.contain('SLO report: dev (account 111122223333, eu-west-1) at 2025-06-02 10:37 UTC');
    expect(out).to.contain('SLO window: 28 days, 2025-05-05 11:00 UTC to 2025-06-02 10:37 UTC; metrics: qa/dev/chatbot');
    expect(out).to.match(/^availability\s+99%\s+995 \/ 1,000\s+99\.5%\s+50% \(5 bad of 10 allowed\)\s+50%$/m);
    expect(out).to.match(/^latency\s+95%\s+980 \/ 1,000\s+98%\s+40% \(20 bad of 50 allowed\)\s+60%$/m);
    expect(out).to.match(/^latency\s+page sustained\s+6h 10\.0x\s+30m 10\.0x\s+5\.6x\s+YES \(page\)\s+qa-dev-slo-latency-sustained-burn$/m);
    expect(out).to.match(/^latency\s+page fast\s+1h 10\.0x\s+5m no data\s+13\.4x\s+no data\s+qa-dev-slo-latency-fast-burn$/m);
    expect(out).to.contain('none found: is the platform stack of this environment deployed');
  });

  it('retries a throttled call (the SDK) and then reports', async () => {
    knownTraffic(fake);
    fake.throttleNext = 1;
    const doc = await jsonReport();
    expect(fake.requests.map((r) => r.status).sort()).to.deep.equal([200, 200, 200, 400]);
    expect(doc.slis[0]).to.include({ consumed: 0.5 });
  });

  it('says so when throttling outlasts the SDK retries', async () => {
    fake.throttleNext = 1_000;
    // Fewer attempts than the CLI's own (MAX_ATTEMPTS) only to keep the SDK's backoff short here.
    const run = await report(['dev'], { maxAttempts: 3 });
    expect(MAX_ATTEMPTS).to.be.greaterThan(3);
    expect(run.code).to.equal(1);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.match(/^slo-report: CloudWatch kept throttling (GetMetricData|DescribeAlarms) \(Throttling\) after 3 attempts with backoff by the AWS SDK; wait a minute and rerun/);
    // Each of the three first calls was tried three times, and nothing else was sent.
    expect(fake.requests.map((r) => r.status)).to.deep.equal(new Array(9).fill(400));
    expect(run.stderr.trim().split('\n')).to.have.length(1);
  });

  it('names the missing permission when access is denied', async () => {
    fake.denied.add('DescribeAlarms');
    const run = await report(['dev']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.equal(
      'slo-report: access denied: arn:aws:sts::111122223333:assumed-role/ReadOnly/oncall may not call cloudwatch:DescribeAlarms (to list the alarms of dev); ' +
        'use a role of account 111122223333 (eu-west-1) allowed cloudwatch:GetMetricData and cloudwatch:DescribeAlarms\n',
    );
    expect(fake.requests.filter((r) => r.operation === 'DescribeAlarms')).to.have.length(1); // not retried
  });

  it('says there are no credentials', async () => {
    restore();
    restore = applyEnv(awsTestEnv({ endpoints: { AWS_ENDPOINT_URL_CLOUDWATCH: fake.endpoint }, withCredentials: false }));
    const run = await report(['dev']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^slo-report: no AWS credentials to read CloudWatch in account 111122223333 \(eu-west-1\): sign in first \(aws sso login/);
    expect(fake.requests).to.deep.equal([]);
  });

  it('names the nearest environment for an unknown one', async () => {
    const run = await report(['prd']);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^slo-report: unknown environment "prd"; did you mean prod\? \(.*project\.yaml lists dev, prod\)\n$/);
    expect(fake.requests).to.deep.equal([]);
  });

  it('rejects bad usage with exit code 2', async () => {
    for (const argv of [[], ['dev', 'prod'], ['dev', '--window-days', '0'], ['dev', '--window-days', '2w'], ['dev', '--window-days', '456'], ['dev', '--jsn']]) {
      const run = await report(argv);
      expect(run.code, argv.join(' ')).to.equal(2);
      expect(run.stderr).to.match(/^slo-report: .+\nusage: npx projen slo-report <environment> \[--json\] \[--window-days <1-455>\]\n$/);
    }
    expect(fake.requests).to.deep.equal([]);
  });
});
