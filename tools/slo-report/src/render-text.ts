/**
 * The human form of the report: SLIs against their objectives and budgets, the burn rates of the
 * alert policy, and the alarms that are not OK, as one screen to paste into a hand-over note.
 */
import { ALARM_STATES } from './alarm-states';
import type { SloReport } from './slo-report';
import type { BurnAlertStatus, WindowBurn } from './slo-status';
import { textTable } from './text-table';

export const NO_DATA = 'no data';

/** 0.995 -> `99.5%`; up to `decimals` places, no trailing zeros. */
export function formatPercent(fraction: number | null, decimals = 2): string {
  if (fraction === null) return NO_DATA;
  return `${Number((fraction * 100).toFixed(decimals))}%`;
}

export function formatBurnRate(rate: number | null): string {
  if (rate === null) return NO_DATA;
  return `${rate >= 10 ? rate.toFixed(1) : Number(rate.toPrecision(2))}x`;
}

export function formatCount(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** `2025-06-01 12:34 UTC`. */
export function formatTime(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function windowCell(w: WindowBurn): string {
  return `${w.label} ${formatBurnRate(w.burnRate)}`;
}

function burningCell(alert: BurnAlertStatus): string {
  if (alert.burning === null) return NO_DATA;
  return alert.burning ? `YES (${alert.severity})` : 'no';
}

export function renderText(report: SloReport): string {
  const lines: string[] = [];
  const { window } = report;
  lines.push(`SLO report: ${report.environment} (account ${report.accountId}, ${report.region}) at ${formatTime(report.generatedAt)}`);
  const override = window.days !== window.configuredDays ? ` (configured: ${window.configuredDays} days)` : '';
  lines.push(`SLO window: ${window.days} days${override}, ${formatTime(window.start)} to ${formatTime(window.end)}; metrics: ${report.namespace}`);
  lines.push('');
  lines.push(
    ...textTable(
      ['SLI', 'objective', 'good / total', 'achieved', 'budget consumed', 'budget remaining'],
      report.slis.map((sli) => {
        const b = sli.budget;
        return [
          sli.name,
          formatPercent(sli.objective, 3),
          b.total > 0 ? `${formatCount(b.good)} / ${formatCount(b.total)}` : NO_DATA,
          formatPercent(b.achieved, 3),
          b.consumed === null ? NO_DATA : `${formatPercent(b.consumed)} (${formatCount(b.bad)} bad of ${formatCount(b.allowedBad)} allowed)`,
          b.remaining !== null && b.remaining <= 0 ? `${formatPercent(b.remaining)} (exhausted)` : formatPercent(b.remaining),
        ];
      }),
    ),
  );
  for (const sli of report.slis) lines.push(`  ${sli.name}: ${sli.description}`);
  lines.push('');
  lines.push(`Burn rates up to ${formatTime(report.recent.end)} (1-minute sums; an alert fires when both windows reach its threshold):`);
  lines.push(
    ...textTable(
      ['SLI', 'alert', 'long window', 'short window', 'threshold', 'burning', 'alarm'],
      report.slis.flatMap((sli) =>
        sli.burnAlerts.map((a) => [
          sli.name,
          `${a.severity} ${a.row}`,
          windowCell(a.long),
          windowCell(a.short),
          `${formatBurnRate(a.thresholdBurnRate)}${a.capped ? ' (total outage)' : ''}`,
          burningCell(a),
          a.alarm,
        ]),
      ),
    ),
  );
  lines.push('');
  const alarms = report.alarms.all;
  const counts = ALARM_STATES.map((state) => `${alarms.filter((a) => a.state === state).length} ${state}`).join(', ');
  lines.push(`Alarms named ${report.alarms.namePrefix}*: ${alarms.length} (${counts})`);
  const notOk = alarms.filter((a) => a.state !== 'OK');
  if (alarms.length === 0) {
    lines.push('  none found: is the platform stack of this environment deployed, in this account and region?');
  } else if (notOk.length === 0) {
    lines.push('  all OK');
  } else {
    lines.push(
      ...textTable(
        ['state', 'alarm', 'type', 'since', 'why'],
        notOk.map((a) => [
          a.state,
          a.name,
          a.type,
          a.since ? formatTime(a.since) : '',
          [a.summary, a.reason].filter(Boolean).join(' | ') + (a.actionsEnabled ? '' : ' [actions disabled]'),
        ]),
        '  ',
      ),
    );
  }
  if (report.warnings.length > 0) {
    lines.push('');
    lines.push('CloudWatch warnings:');
    for (const warning of report.warnings) lines.push(`  ${warning}`);
  }
  return `${lines.join('\n')}\n`;
}
