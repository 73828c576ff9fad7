/**
 * Bedrock usage: tokens per model and type, and what they cost per hour at the on-demand prices
 * configured per model (`slo.bedrockPrices`, USD per 1,000 tokens). Without prices the cost
 * widget is a note saying how to add them: a cost figure from made-up prices would mislead.
 */
import type { MetricsArrayEntry } from './dashboard-body';
import type { DashboardContext } from './dashboard-context';
import type { WidgetContent } from './grid-layout';
import { expressionEntry, hiddenEntries, metricStatEntry } from './metric-entries';
import { mathNumber } from './slo-math';
import { CHATBOT_METRICS, TOKEN_TYPES } from '../chatbot-metric-contract';
import type { MetricStatQuery } from '../slo-definitions';

const TOKEN_PERIOD_SECONDS = 300;
const HOURLY = 3600;

/** The models an environment serves (primary first), each once: the `gen_ai.response.model` values. */
export function servedModels(ctx: DashboardContext): string[] {
  return [...new Set([ctx.env.bedrock.primaryModelId, ctx.env.bedrock.fallbackModelId])];
}

function tokenQuery(ctx: DashboardContext, id: string, model: string, type: (typeof TOKEN_TYPES)[number], periodSeconds: number): MetricStatQuery {
  return {
    id,
    namespace: ctx.namespace,
    metric: CHATBOT_METRICS.tokenUsage,
    dimensions: { 'gen_ai.response.model': model, 'gen_ai.token.type': type },
    stat: 'Sum',
    periodSeconds,
    label: `${model} ${type}`,
  };
}

export function tokenUsageWidget(ctx: DashboardContext): WidgetContent {
  const metrics: MetricsArrayEntry[] = servedModels(ctx).flatMap((model, i) => TOKEN_TYPES.map((type) => metricStatEntry(tokenQuery(ctx, `tok${i}_${type}`, model, type, TOKEN_PERIOD_SECONDS))));
  return {
    type: 'metric',
    properties: {
      view: 'timeSeries',
      title: 'Tokens per 5 min by model and type',
      region: ctx.region,
      period: TOKEN_PERIOD_SECONDS,
      stacked: true,
      metrics,
      yAxis: { left: { min: 0, label: 'tokens', showUnits: false } },
      legend: { position: 'bottom' },
    },
  };
}

/** Whether the environment has a price for at least one model it serves. */
export function hasBedrockPrices(ctx: DashboardContext): boolean {
  const prices = ctx.env.slo.bedrockPrices ?? {};
  return servedModels(ctx).some((model) => prices[model] !== undefined);
}

/** Estimated USD per hour per priced model and in total; a note instead when nothing is priced. */
export function bedrockCostWidget(ctx: DashboardContext): WidgetContent {
  const prices = ctx.env.slo.bedrockPrices ?? {};
  const models = servedModels(ctx);
  const priced = models.filter((model) => prices[model] !== undefined);
  if (priced.length === 0) {
    return {
      type: 'text',
      properties: {
        markdown: [
          '### Estimated Bedrock cost',
          `No Bedrock prices are configured for ${ctx.env.name}, so no cost is estimated.`,
          `Add \`slo.bedrockPrices\` to \`config/${ctx.env.name}.yaml\` (USD per 1,000 input and output tokens of ${models.map((m) => `\`${m}\``).join(' and ')}) to see the cost per hour here.`,
        ].join('\n\n'),
      },
    };
  }
  const unpriced = models.filter((model) => !priced.includes(model));
  const metrics: MetricsArrayEntry[] = [];
  priced.forEach((model) => {
    const i = models.indexOf(model);
    const { inputPer1kTokens, outputPer1kTokens } = prices[model];
    metrics.push(...hiddenEntries(TOKEN_TYPES.map((type) => tokenQuery(ctx, `usd${i}_${type}`, model, type, HOURLY))));
    const expression = `FILL(usd${i}_input, 0) / 1000 * ${mathNumber(inputPer1kTokens)} + FILL(usd${i}_output, 0) / 1000 * ${mathNumber(outputPer1kTokens)}`;
    metrics.push(expressionEntry({ id: `usd${i}`, expression, label: `${model} USD/h` }));
  });
  metrics.push(expressionEntry({ id: 'usd_total', expression: priced.map((model) => `usd${models.indexOf(model)}`).join(' + '), label: 'total USD/h' }));
  return {
    type: 'metric',
    properties: {
      view: 'timeSeries',
      title: `Estimated Bedrock cost per hour (USD, on-demand prices from config)${unpriced.length > 0 ? `; no price for ${unpriced.join(', ')}` : ''}`,
      region: ctx.region,
      period: HOURLY,
      metrics,
      yAxis: { left: { min: 0, label: 'USD per hour', showUnits: false } },
      legend: { position: 'bottom' },
    },
  };
}
