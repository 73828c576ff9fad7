/**
 * The machine form of the report (`--json`): times in ISO 8601, fractions as numbers (0.995, not
 * "99.5%"), and `null` wherever there was no data (never a made-up 100 %). `schema` changes when a
 * field changes meaning.
 */
import { ALARM_STATES } from './alarm-states';
import type { SloReport } from './slo-report';

export const JSON_SCHEMA_ID = 'slo-report/v1';

export function renderJson(report: SloReport): string {
  const document = {
    schema: JSON_SCHEMA_ID,
    environment: report.environment,
    accountId: report.accountId,
    region: report.region,
    namespace: report.namespace,
    generatedAt: report.generatedAt.toISOString(),
    window: {
      days: report.window.days,
      configuredDays: report.window.configuredDays,
      start: report.window.start.toISOString(),
      end: report.window.end.toISOString(),
    },
    recent: { start: report.recent.start.toISOString(), end: report.recent.end.toISOString() },
    slis: report.slis.map((sli) => ({
      name: sli.name,
      description: sli.description,
      objective: sli.objective,
      status: sli.budget.total > 0 ? 'measured' : 'no data',
      ...sli.budget,
      burnAlerts: sli.burnAlerts,
    })),
    alarms: {
      namePrefix: report.alarms.namePrefix,
      counts: Object.fromEntries(ALARM_STATES.map((state) => [state, report.alarms.all.filter((a) => a.state === state).length])),
      notOk: report.alarms.all.filter((a) => a.state !== 'OK').map((a) => ({ ...a, since: a.since?.toISOString() ?? null })),
      all: report.alarms.all.map((a) => ({ name: a.name, type: a.type, state: a.state })),
    },
    warnings: report.warnings,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
