/**
 * The chatbot's CloudWatch dashboard for one environment, as a typed body (./dashboard-body.ts),
 * top to bottom in the order an on-call engineer asks:
 * 1. what is this, and what alarms are firing;
 * 2. where each SLO stands over its window (SLI, budget left) and how fast budgets burn now;
 * 3. the SLIs against their objectives, the budget burning down, the burn rate against the alert
 *    thresholds;
 * 4. latency percentiles, answers by outcome;
 * 5. fallbacks, tokens and their estimated cost.
 * docs/observability.md carries a sketch of this layout generated from the body (./sketch.ts).
 */
import { bedrockCostWidget, tokenUsageWidget } from './bedrock-widgets';
import type { DashboardBody } from './dashboard-body';
import { dashboardContext } from './dashboard-context';
import { layoutRows, type GridRow } from './grid-layout';
import { alarmStatusWidget, headerWidget } from './overview-widgets';
import { answerDurationWidget, fallbackWidget, outcomesWidget, timeToFirstTokenWidget } from './service-widgets';
import { budgetBurndownWidget, burnRateGraphWidget, burnRateNowWidget, sliGraphWidget, sloSummaryWidget } from './slo-widgets';
import type { EnvironmentConfig } from '../../shared/environment-config';
import type { AlarmSpec } from '../alarm-spec';
import { BURN_RATE_POLICY } from '../burn-rate';

/** The dashboard's default time range: the last 6 hours at 1- and 5-minute resolution. */
export const DASHBOARD_DEFAULT_RANGE = '-PT6H';

/**
 * @param alarms the environment's alarm specs (../slo-alarm-specs.ts); the alarm status widget
 *   lists those that notify. Undefined: a note instead of the widget.
 */
export function chatbotDashboard(env: EnvironmentConfig, alarms?: readonly AlarmSpec[]): DashboardBody {
  const ctx = dashboardContext(env);
  const half = 24 / ctx.slis.length;
  const third = 24 / BURN_RATE_POLICY.length;
  if (!Number.isInteger(half) || !Number.isInteger(third)) throw new Error('chatbot dashboard: the SLIs and the alert policy rows must each divide the 24 grid columns');
  const rows: GridRow[] = [
    { height: 3, cells: [{ width: 24, widget: headerWidget(ctx) }] },
    {
      height: 5,
      cells: [
        ...ctx.slis.map((sli) => ({ width: 12 / ctx.slis.length, widget: sloSummaryWidget(ctx, sli) })),
        { width: 12, widget: alarmStatusWidget(ctx, alarms) },
      ],
    },
    { height: 3, cells: BURN_RATE_POLICY.map((row) => ({ width: third, widget: burnRateNowWidget(ctx, row) })) },
    { height: 6, cells: ctx.slis.map((sli) => ({ width: half, widget: sliGraphWidget(ctx, sli) })) },
    { height: 6, cells: [{ width: 12, widget: budgetBurndownWidget(ctx) }, { width: 12, widget: burnRateGraphWidget(ctx) }] },
    { height: 6, cells: [timeToFirstTokenWidget(ctx), answerDurationWidget(ctx), outcomesWidget(ctx)].map((widget) => ({ width: 8, widget })) },
    { height: 6, cells: [fallbackWidget(ctx), tokenUsageWidget(ctx), bedrockCostWidget(ctx)].map((widget) => ({ width: 8, widget })) },
  ];
  return { start: DASHBOARD_DEFAULT_RANGE, periodOverride: 'inherit', widgets: layoutRows(rows) };
}
