import { expect } from 'chai';
import { alarmArn } from '../../../../modules/observability/alarm-spec';
import { BURN_RATE_POLICY, burnRateThreshold } from '../../../../modules/observability/burn-rate';
import { CHATBOT_METRICS, contractMetricByCloudWatchName, isValidStatistic } from '../../../../modules/observability/chatbot-metric-contract';
import { chatbotDashboard } from '../../../../modules/observability/dashboard/chatbot-dashboard-body';
import { isExpressionEntry, metricStatParts, type DashboardBody, type MetricWidget, type TextWidget } from '../../../../modules/observability/dashboard/dashboard-body';
import { referencedIds, dashboardBodyProblems } from '../../../../modules/observability/dashboard/validate-dashboard-body';
import { sloAlarmSpecs } from '../../../../modules/observability/slo-alarm-specs';
import type { EnvironmentConfig } from '../../../../modules/shared/environment-config';
import { metricNamespace } from '../../../../modules/shared/naming';
import { testEnvironment } from '../../../support/environment';

const PRICES = [
  { modelId: 'eu.amazon.nova-micro-v1:0', inputPer1kTokens: 0.000046, outputPer1kTokens: 0.000184 },
  { modelId: 'eu.amazon.nova-lite-v1:0', inputPer1kTokens: 0.0000001, outputPer1kTokens: 0.00032 },
];

function metricWidgets(body: DashboardBody): MetricWidget[] {
  return body.widgets.filter((w): w is MetricWidget => w.type === 'metric');
}

function byTitle(body: DashboardBody, prefix: string): MetricWidget {
  const found = metricWidgets(body).filter((w) => w.properties.title.startsWith(prefix));
  expect(found, `metric widgets titled "${prefix}..."`).to.have.length(1);
  return found[0];
}

function expressions(widget: MetricWidget): Map<string, string> {
  return new Map(widget.properties.metrics.filter(isExpressionEntry).map(([e]) => [e.id, e.expression]));
}

const bodies = (): Array<[string, EnvironmentConfig, DashboardBody]> =>
  (['dev', 'prod'] as const).flatMap((name) => {
    const env = testEnvironment(name, { slo: { bedrockPrices: PRICES.map((p) => ({ ...p })) } });
    const bare = testEnvironment(name);
    return [
      [`${name} with alarms and prices`, env, chatbotDashboard(env, sloAlarmSpecs(env))],
      [`${name} without alarms or prices`, bare, chatbotDashboard(bare)],
    ] as Array<[string, EnvironmentConfig, DashboardBody]>;
  });

describe('modules/observability/dashboard/chatbot-dashboard-body', () => {
  for (const [label, env, body] of bodies()) {
    describe(label, () => {
      const namespace = metricNamespace(env.namePrefix, env.name);

      it('is a valid dashboard body: no problem found by the structure and contract check', () => {
        expect(dashboardBodyProblems(body, { namespace, region: env.region })).to.deep.equal([]);
        expect(body.widgets.length).to.be.within(1, 500);
        expect(JSON.parse(JSON.stringify(body))).to.deep.equal(body);
      });

      it('queries only contract metrics, each with a declared dimension set, closed values and a meaningful statistic', () => {
        let checked = 0;
        for (const widget of metricWidgets(body)) {
          expect(widget.properties.region, widget.properties.title).to.equal(env.region);
          for (const entry of widget.properties.metrics) {
            if (isExpressionEntry(entry)) continue;
            const { namespace: ns, metricName, dimensions, rendering } = metricStatParts(entry);
            const metric = contractMetricByCloudWatchName(metricName);
            expect(ns).to.equal(namespace);
            expect(metric, metricName).not.to.equal(undefined);
            const names = Object.keys(dimensions).sort();
            expect(metric!.dimensionSets.map((set) => [...set].sort()), `${metricName} [${names.join(', ')}]`).to.deep.include(names);
            for (const [name, value] of Object.entries(dimensions)) {
              if (metric!.attributeValues[name]) expect(metric!.attributeValues[name]).to.include(value);
            }
            const stat = rendering.stat ?? widget.properties.stat;
            expect(stat !== undefined && isValidStatistic(metric!, stat), `${metricName} ${stat}`).to.equal(true);
            expect(rendering.period! % 60, `${metricName} period`).to.equal(0);
            checked++;
          }
        }
        expect(checked).to.be.greaterThan(20);
      });

      it('gives every series an id unique in its widget, and expressions refer only to ids of their widget', () => {
        for (const widget of metricWidgets(body)) {
          const ids = widget.properties.metrics.map((entry) => (isExpressionEntry(entry) ? entry[0].id : metricStatParts(entry).rendering.id));
          expect(ids.every((id) => id !== undefined && /^[a-z][A-Za-z0-9_]*$/.test(id)), widget.properties.title).to.equal(true);
          expect(new Set(ids).size, widget.properties.title).to.equal(ids.length);
          for (const [id, expression] of expressions(widget)) {
            for (const ref of referencedIds(expression)) {
              expect(ids, `${widget.properties.title}: ${id} = ${expression}`).to.include(ref);
              expect(ref).not.to.equal(id);
            }
          }
        }
      });

      it('never writes a number in exponent notation into metric math', () => {
        for (const widget of metricWidgets(body)) {
          for (const expression of expressions(widget).values()) expect(expression).not.to.match(/\d[eE][-+]?\d/);
        }
      });

      it('tiles the 24-column grid without overlaps, and draws every SLI', () => {
        for (const w of body.widgets) expect(w.x + w.width, JSON.stringify(w.properties).slice(0, 60)).to.be.at.most(24);
        const titles = metricWidgets(body).map((w) => w.properties.title);
        for (const sli of ['Availability', 'Latency']) expect(titles.some((t) => t.startsWith(`${sli} SLI per 5 min`)), sli).to.equal(true);
      });
    });
  }

  describe('SLO lines and thresholds come from the config', () => {
    const env = testEnvironment('prod', { slo: { windowDays: 30, availability: { objective: 0.995 }, latency: { objective: 0.95, firstTokenSeconds: 1.5 } } });
    const body = chatbotDashboard(env, sloAlarmSpecs(env));

    it('draws each SLI\'s objective line at the configured objective', () => {
      const availability = byTitle(body, 'Availability SLI per 5 min').properties.annotations?.horizontal ?? [];
      const latency = byTitle(body, 'Latency SLI per 5 min').properties.annotations?.horizontal ?? [];
      expect(availability.map((a) => a.value / 100)).to.have.length(1);
      expect(availability[0].value / 100).to.be.closeTo(0.995, 1e-12);
      expect(latency[0].value / 100).to.be.closeTo(0.95, 1e-12);
    });

    it('counts the budget with 1 - objective, over the configured window', () => {
      const summary = byTitle(body, 'Availability, last 30 days');
      expect(summary.properties.start).to.equal('-P30D');
      expect(summary.properties.setPeriodToTimeRange).to.equal(true);
      expect(expressions(summary).get('avail_budget')).to.include('/ 0.005,');
      expect(expressions(byTitle(body, 'Latency, last 30 days')).get('lat_budget')).to.include('/ 0.05,');
      const burndown = byTitle(body, 'Error budget left over the 30-day');
      expect(burndown.properties.start).to.equal('-P30D');
      expect(expressions(burndown).get('avail_h_left')).to.equal('100 - 100 * RUNNING_SUM(avail_h_bad) / (0.005 * SUM(avail_h_total))');
    });

    it('queries the latency SLI with the configured first-token threshold', () => {
      const stats = byTitle(body, 'Latency SLI per 5 min').properties.metrics.filter((e) => !isExpressionEntry(e)).map((e) => metricStatParts(e as never).rendering.stat);
      expect(stats).to.include('TC(:1.5)');
      expect(byTitle(body, 'Time to first token').properties.annotations?.horizontal?.[0].value).to.equal(1.5);
    });

    it('draws the burn-rate thresholds of the alert policy (burn-rate.ts), one per row for SLIs that share it', () => {
      const lines = byTitle(body, 'Burn rate per hour').properties.annotations?.horizontal ?? [];
      const expected = BURN_RATE_POLICY.flatMap((row) =>
        [0.995, 0.95].map((objective) => {
          const windows = { sloWindowDays: 30, alertWindowMinutes: row.longWindowMinutes, budgetFraction: row.budgetFraction };
          const t = burnRateThreshold({ objective, ...windows });
          return t.capped ? t.errorRatio / (1 - objective) : t.burnRate;
        }),
      );
      expect([...new Set(lines.map((l) => l.value))].sort()).to.deep.equal([...new Set(expected)].sort());
      expect(lines.map((l) => l.value)).to.include(14.4);
      expect(lines.map((l) => l.value)).to.include(6);
      expect(lines.map((l) => l.value)).to.include(1);
    });

    it('caps a threshold no error ratio can reach at the burn rate of a total outage', () => {
      const dev = testEnvironment('dev');
      const lines = byTitle(chatbotDashboard(dev), 'Burn rate per hour').properties.annotations?.horizontal ?? [];
      // 90 %: the fast row's 13.44x would need 134 % errors; every answer failing burns 10x.
      const fast = lines.find((l) => l.label?.startsWith('page: 1h'));
      expect(fast?.value).to.equal(10);
      expect(fast?.label).to.include('total outage');
      expect(Math.max(...lines.map((l) => l.value)) * (1 - 0.9)).to.be.at.most(1);
    });

    it('shows the p95 and fallback alarm thresholds where the alarms use them', () => {
      expect(byTitle(body, 'Answer duration').properties.annotations?.horizontal?.[0].value).to.equal(env.slo.answerDuration.p95Seconds);
      const fallback = byTitle(body, 'Fallbacks');
      expect(fallback.properties.annotations?.horizontal?.[0].value).to.be.closeTo(env.slo.fallbackRatio.threshold * 100, 1e-9);
      const renderings = fallback.properties.metrics.filter((e) => !isExpressionEntry(e)).map((e) => metricStatParts(e as never).rendering);
      const ratioInputs = renderings.filter((r) => r.visible === false);
      expect(ratioInputs.map((r) => r.period)).to.deep.equal([1, 2, 3].map(() => env.slo.fallbackRatio.evaluationMinutes * 60));
      // The line is the alarm's own ratio, in percent: the same expression the alarm returns.
      const alarm = sloAlarmSpecs(env).find((spec) => spec.kind === 'fallback-ratio');
      if (alarm?.type !== 'metric') throw new Error('no fallback-ratio metric alarm');
      const drawn = fallback.properties.metrics.filter(isExpressionEntry).map(([e]) => e);
      const returned = alarm.queries.find((q) => q.id === alarm.returnId);
      expect(drawn.find((e) => e.id === alarm.returnId)?.expression).to.equal(returned && 'expression' in returned ? returned.expression : undefined);
      expect(drawn.filter((e) => e.visible !== false).map((e) => e.expression)).to.deep.equal([`100 * ${alarm.returnId}`]);
    });
  });

  describe('estimated Bedrock cost', () => {
    it('is a metric widget pricing each served model\'s tokens when prices are configured', () => {
      const env = testEnvironment('dev', { slo: { bedrockPrices: PRICES.map((p) => ({ ...p })) } });
      const body = chatbotDashboard(env);
      const cost = byTitle(body, 'Estimated Bedrock cost per hour');
      const e = expressions(cost);
      expect(e.get('usd0')).to.equal('FILL(usd0_input, 0) / 1000 * 0.000046 + FILL(usd0_output, 0) / 1000 * 0.000184');
      expect(e.get('usd1')).to.equal('FILL(usd1_input, 0) / 1000 * 0.0000001 + FILL(usd1_output, 0) / 1000 * 0.00032');
      expect(e.get('usd_total')).to.equal('usd0 + usd1');
      expect(cost.properties.period).to.equal(3600);
      const tokenModels = cost.properties.metrics.filter((x) => !isExpressionEntry(x)).map((x) => metricStatParts(x as never).dimensions['gen_ai.response.model']);
      expect([...new Set(tokenModels)]).to.deep.equal([env.bedrock.primaryModelId, env.bedrock.fallbackModelId]);
      expect(body.widgets.some((w) => w.type === 'text' && w.properties.markdown.includes('No Bedrock prices'))).to.equal(false);
    });

    it('is a note saying how to add prices when none are configured', () => {
      const env = testEnvironment('prod');
      expect(env.slo.bedrockPrices).to.equal(undefined);
      const body = chatbotDashboard(env);
      expect(metricWidgets(body).some((w) => /cost|USD/.test(w.properties.title))).to.equal(false);
      const note = body.widgets.filter((w): w is TextWidget => w.type === 'text' && w.properties.markdown.includes('Estimated Bedrock cost'));
      expect(note).to.have.length(1);
      expect(note[0].properties.markdown).to.include('`slo.bedrockPrices`').and.include('config/prod.yaml');
    });

    it('always shows token usage per served model and type', () => {
      const env = testEnvironment('dev');
      const tokens = byTitle(chatbotDashboard(env), 'Tokens per 5 min');
      const series = tokens.properties.metrics.map((e) => metricStatParts(e as never)).map((p) => `${p.dimensions['gen_ai.response.model']} ${p.dimensions['gen_ai.token.type']}`);
      expect(series).to.deep.equal([
        'eu.amazon.nova-micro-v1:0 input',
        'eu.amazon.nova-micro-v1:0 output',
        'eu.amazon.nova-lite-v1:0 input',
        'eu.amazon.nova-lite-v1:0 output',
      ]);
      const names = tokens.properties.metrics.map((e) => metricStatParts(e as never).metricName);
      expect(new Set(names)).to.deep.equal(new Set([CHATBOT_METRICS.tokenUsage.cloudWatchName]));
    });
  });

  describe('alarm status', () => {
    it('lists exactly the alarms that notify, page before ticket, by their literal ARN', () => {
      const env = testEnvironment('prod');
      const specs = sloAlarmSpecs(env);
      const widget = chatbotDashboard(env, specs).widgets.find((w) => w.type === 'alarm');
      expect(widget?.type).to.equal('alarm');
      const arns = widget!.type === 'alarm' ? widget!.properties.alarms : [];
      const notifying = specs.filter((s) => s.severity !== undefined);
      expect([...arns].sort()).to.deep.equal(notifying.map((s) => alarmArn(env, s.name)).sort());
      const severities = arns.map((arn) => specs.find((s) => alarmArn(env, s.name) === arn)!.severity);
      expect(severities.lastIndexOf('page')).to.be.lessThan(severities.indexOf('ticket'));
      expect(specs.some((s) => s.severity === undefined && arns.includes(alarmArn(env, s.name)))).to.equal(false);
    });

    it('is a note when no alarms are wired', () => {
      const body = chatbotDashboard(testEnvironment('dev'));
      expect(body.widgets.some((w) => w.type === 'alarm')).to.equal(false);
      expect(body.widgets.some((w) => w.type === 'text' && w.properties.markdown.includes('No alarms are wired'))).to.equal(true);
    });
  });
});
