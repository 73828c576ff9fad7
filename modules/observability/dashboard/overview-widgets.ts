/**
 * The top of the dashboard: what this dashboard watches (the SLOs, where the runbooks are) and
 * the alarms that notify, in the state they are in now.
 */
import { type DashboardContext } from './dashboard-context';
import type { WidgetContent } from './grid-layout';
import { toPercent } from './slo-math';
import { alarmArn, notifyingSpecs, repositoryUrl, RUNBOOK_DIRECTORY, type AlarmSpec } from '../alarm-spec';
import { BURN_RATE_POLICY, windowLabel } from '../burn-rate';

/** CloudWatch shows at most 100 alarms in one alarm status widget. */
export const MAX_ALARMS_PER_WIDGET = 100;

export function headerWidget(ctx: DashboardContext): WidgetContent {
  const slos = ctx.slis.map((sli) => `**${sli.name} ${toPercent(sli.objective)} %** over ${sli.windowDays} days: ${sli.description}`);
  const pages = BURN_RATE_POLICY.map((row) => `${row.severity} when ${toPercent(row.budgetFraction)} % of a budget goes in ${windowLabel(row.longWindowMinutes)} (and still burns over ${windowLabel(row.shortWindowMinutes)})`);
  return {
    type: 'text',
    properties: {
      markdown: [
        `# Chatbot SLOs: ${ctx.env.namePrefix}-${ctx.env.name}`,
        `${slos.join(' · ')}.`,
        `Alerts: ${pages.join('; ')}. [How to read this dashboard](${repositoryUrl(ctx.env, 'docs/observability.md')}) · [Runbooks](${repositoryUrl(ctx.env, RUNBOOK_DIRECTORY, 'tree')})`,
      ].join('\n\n'),
    },
  };
}

/**
 * The alarms that notify someone (page first, then ticket), most recently changed state first.
 * Window alarms that only feed a composite are left out: their composite stands for them.
 */
export function alarmStatusWidget(ctx: DashboardContext, alarms: readonly AlarmSpec[] | undefined): WidgetContent {
  if (alarms === undefined) {
    return { type: 'text', properties: { markdown: '### Alarms\n\nNo alarms are wired into this dashboard.' } };
  }
  const notifying = notifyingSpecs(alarms);
  if (notifying.length === 0) throw new Error(`chatbot dashboard (${ctx.env.name}): none of the ${alarms.length} alarms notifies anyone; nothing to show`);
  if (notifying.length > MAX_ALARMS_PER_WIDGET) {
    throw new Error(`chatbot dashboard (${ctx.env.name}): ${notifying.length} notifying alarms, but an alarm status widget shows at most ${MAX_ALARMS_PER_WIDGET}`);
  }
  const pages = notifying.filter((a) => a.severity === 'page').length;
  return {
    type: 'alarm',
    properties: {
      title: `Alarms: ${pages} page, ${notifying.length - pages} ticket (in ALARM first)`,
      alarms: notifying.map((a) => alarmArn(ctx.env, a.name)),
      sortBy: 'stateUpdatedTimestamp',
    },
  };
}
