import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ALARM_KINDS, runbookPath } from '../../../modules/observability/alarm-spec';
import { BURN_RATE_POLICY, burnRateThreshold, windowLabel } from '../../../modules/observability/burn-rate';
import { SloAlarms } from '../../../modules/observability/slo-alarms';
import { isMetricStatQuery, serviceLevelIndicators } from '../../../modules/observability/slo-definitions';
import type { EnvironmentConfig } from '../../../modules/shared/environment-config';
import { testEnvironment, TEST_ACCOUNT } from '../../support/environment';
import { resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

const ROOT = join(__dirname, '../../..');

function synth(env: EnvironmentConfig): { json: TerraformJson; alarms: SloAlarms } {
  let alarms: SloAlarms | undefined;
  const json = synthConstructs((stack) => {
    alarms = new SloAlarms(stack, 'alarms', { environment: env });
  });
  return { json, alarms: alarms! };
}

function byName(json: TerraformJson, type: string): Map<string, Record<string, any>> {
  return new Map(Object.values(resourcesOf(json, type)).map((a) => [a.alarm_name as string, a]));
}

/** `${aws_sns_topic.<id>.arn}` of the topic named `name`. */
function topicRef(json: TerraformJson, name: string): string {
  const [id] = Object.entries(resourcesOf(json, 'aws_sns_topic')).find(([, t]) => t.name === name) ?? [];
  if (!id) throw new Error(`no topic ${name}`);
  return `\${aws_sns_topic.${id}.arn}`;
}

describe('modules/observability/slo-alarms', () => {
  for (const name of ['dev', 'prod'] as const) {
    describe(`in ${name}`, () => {
      const env = testEnvironment(name);
      const { json, alarms } = synth(env);
      const metric = byName(json, 'aws_cloudwatch_metric_alarm');
      const composite = byName(json, 'aws_cloudwatch_composite_alarm');

      it('has a composite alarm per SLI and policy row, ANDing its long and short window alarms and notifying the topic of its severity', () => {
        expect(composite.size).to.equal(2 * BURN_RATE_POLICY.length);
        for (const sli of ['availability', 'latency']) {
          for (const row of BURN_RATE_POLICY) {
            const compositeName = `qa-${name}-slo-${sli}-${row.name}-burn`;
            const alarm = composite.get(compositeName);
            expect(alarm, compositeName).to.not.equal(undefined);
            const windows = [row.longWindowMinutes, row.shortWindowMinutes].map((m) => `${compositeName}-${windowLabel(m)}`);
            const ids = windows.map((w) => Object.entries(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).find(([, a]) => a.alarm_name === w)![0]);
            expect(alarm!.alarm_rule).to.equal(ids.map((id) => `ALARM("\${aws_cloudwatch_metric_alarm.${id}.alarm_name}")`).join(' AND '));
            const topic = topicRef(json, `qa-${name}-alarms-${row.severity}`);
            expect(alarm!.alarm_actions).to.deep.equal([topic]);
            expect(alarm!.ok_actions).to.deep.equal([topic]);
            for (const w of windows) expect(metric.get(w)!.alarm_actions, `${w} notifies through its composite only`).to.equal(undefined);
          }
        }
      });

      it('sets every window threshold to the burn-rate function of the configured objective and SLO window', () => {
        for (const sli of serviceLevelIndicators(env)) {
          for (const row of BURN_RATE_POLICY) {
            const expected = burnRateThreshold({
              objective: sli.objective,
              sloWindowDays: env.slo.windowDays,
              alertWindowMinutes: row.longWindowMinutes,
              budgetFraction: row.budgetFraction,
            });
            for (const minutes of [row.longWindowMinutes, row.shortWindowMinutes]) {
              const alarm = metric.get(`qa-${name}-slo-${sli.name}-${row.name}-burn-${windowLabel(minutes)}`)!;
              expect(alarm.threshold).to.equal(expected.errorRatio);
              expect(alarm.threshold).to.be.at.most(1);
              expect(alarm.comparison_operator).to.equal('GreaterThanOrEqualToThreshold');
              expect([alarm.evaluation_periods, alarm.datapoints_to_alarm, alarm.treat_missing_data]).to.deep.equal([1, 1, 'notBreaching']);
              // One period is the whole window, and every metric of the alarm uses it.
              const metrics = alarm.metric_query.filter((q: any) => q.metric);
              expect(metrics.map((q: any) => q.metric.period)).to.deep.equal(metrics.map(() => minutes * 60));
              expect(alarm.metric_query.filter((q: any) => q.return_data).map((q: any) => [q.id, q.expression])).to.deep.equal([['error_ratio', '(w_total - w_good) / w_total']]);
            }
          }
        }
      });

      it('counts good and total events with the SLI definitions, metric for metric', () => {
        for (const sli of serviceLevelIndicators(env)) {
          const { queries } = sli.queries(3600, 'w');
          const alarm = metric.get(`qa-${name}-slo-${sli.name}-fast-burn-1h`)!;
          const synthesized = alarm.metric_query.filter((q: any) => q.id !== 'error_ratio');
          expect(synthesized.map((q: any) => q.id)).to.deep.equal(queries.map((q) => q.id));
          for (const q of queries) {
            const s = synthesized.find((x: any) => x.id === q.id);
            if (isMetricStatQuery(q)) {
              expect(s.metric).to.deep.include({ namespace: `qa/${name}/chatbot`, metric_name: q.metric.cloudWatchName, stat: q.stat });
              expect(s.metric.dimensions ?? {}).to.deep.equal(q.dimensions);
            } else {
              expect(s.expression).to.equal(q.expression);
            }
          }
        }
      });

      it('exposes the topics and every alarm with its literal ARN for the dashboard and reports', () => {
        expect(alarms.pageTopicArn).to.be.a('string');
        expect(alarms.alarms.map((a) => a.name)).to.have.members([...metric.keys(), ...composite.keys()]);
        for (const a of alarms.alarms) expect(a.arn).to.equal(`arn:aws:cloudwatch:eu-west-1:${TEST_ACCOUNT}:alarm:${a.name}`);
        expect(alarms.notifyingAlarms.every((a) => a.severity !== undefined)).to.equal(true);
        expect(alarms.notifyingAlarms.filter((a) => a.type === 'composite')).to.have.length(6);
      });
    });
  }

  it('follows the config: objectives, SLO window, thresholds of the simple alarms', () => {
    const env = testEnvironment('prod', {
      slo: {
        windowDays: 30,
        availability: { objective: 0.999 },
        latency: { objective: 0.95, firstTokenSeconds: 1.5 },
        answerDuration: { p95Seconds: 12, datapointsToAlarm: 3, evaluationMinutes: 5 },
        fallbackRatio: { threshold: 0.25, evaluationMinutes: 30 },
      },
    });
    const metric = byName(synth(env).json, 'aws_cloudwatch_metric_alarm');
    expect(['fast', 'sustained', 'slow'].map((r) => metric.get(`qa-prod-slo-availability-${r}-burn-${r === 'slow' ? '3d' : r === 'fast' ? '1h' : '6h'}`)!.threshold)).to.deep.equal([0.0144, 0.006, 0.001]);
    expect(metric.get('qa-prod-slo-latency-fast-burn-5m')!.threshold).to.equal(0.72);
    expect(metric.get('qa-prod-slo-latency-fast-burn-5m')!.metric_query[0].metric.stat).to.equal('TC(:1.5)');
    const p95 = metric.get('qa-prod-answer-duration-p95')!;
    expect([p95.threshold, p95.datapoints_to_alarm, p95.evaluation_periods, p95.period, p95.extended_statistic]).to.deep.equal([12, 3, 5, 60, 'p95']);
    const fallback = metric.get('qa-prod-fallback-ratio')!;
    expect([fallback.threshold, fallback.metric_query[0].metric.period]).to.deep.equal([0.25, 1800]);
  });

  it('adds the no-traffic alarm only when business hours are configured', () => {
    expect(byName(synth(testEnvironment('dev')).json, 'aws_cloudwatch_metric_alarm').has('qa-dev-no-traffic')).to.equal(false);
    const env = testEnvironment('dev', { slo: { noTraffic: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHourUtc: 7, endHourUtc: 19 } } });
    const alarm = byName(synth(env).json, 'aws_cloudwatch_metric_alarm').get('qa-dev-no-traffic')!;
    const expression = (id: string) => alarm.metric_query.find((q: any) => q.id === id).expression;
    expect(expression('in_hours')).to.equal('(DAY(a_success) >= 1 AND DAY(a_success) <= 5) AND (HOUR(a_success) >= 7 AND HOUR(a_success) < 19)');
    expect(expression('answers_in_hours')).to.equal('IF(in_hours, a_total, 1)');
    expect([alarm.comparison_operator, alarm.threshold, alarm.treat_missing_data]).to.deep.equal(['LessThanThreshold', 1, 'missing']);
  });

  it('links every alarm to a runbook that exists and explains its missing-data choice', () => {
    const env = testEnvironment('prod', { slo: { noTraffic: { startHourUtc: 8, endHourUtc: 18 } } });
    const { json, alarms } = synth(env);
    const all = [...Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm')), ...Object.values(resourcesOf(json, 'aws_cloudwatch_composite_alarm'))];
    expect(new Set(alarms.alarms.map((a) => a.kind))).to.deep.equal(new Set(ALARM_KINDS));
    const phrase = { notBreaching: /not breaching/, breaching: /(?<!not )breaching/, missing: /missing/, ignore: /ignored/ } as const;
    for (const alarm of all) {
      const link = /Runbook: https:\/\/github\.com\/acme\/chatbot-platform\/blob\/main\/(docs\/runbooks\/[\w-]+\.md)$/.exec(alarm.alarm_description);
      expect(link, `${alarm.alarm_name}: ${alarm.alarm_description}`).to.not.equal(null);
      const file = join(ROOT, link![1]);
      expect(existsSync(file), `${alarm.alarm_name} links ${link![1]}, which does not exist`).to.equal(true);
      const text = readFileSync(file, 'utf8');
      for (const section of ['## What it means', '## First three commands', '## Silence', 'disable-alarm-actions']) expect(text, `${link![1]}`).to.include(section);
      if (alarm.treat_missing_data) {
        const said = /\*\*Missing data:\*\*([^\n]*\n)+?\n/.exec(text)?.[0] ?? '';
        expect(said.toLowerCase().replace(/\s+/g, ' '), `${link![1]} says how missing data is treated`).to.match(phrase[alarm.treat_missing_data as keyof typeof phrase]);
      }
    }
    for (const kind of ALARM_KINDS) expect(existsSync(join(ROOT, runbookPath(kind))), runbookPath(kind)).to.equal(true);
  });
});
