/**
 * The report as people read it (a Markdown table that also lines up in a terminal, pasted as is
 * into an issue) and as programs read it (`--json`, schema version 1).
 */
import type { Finding } from './finding';
import { exitCode, type LeakReport } from './leak-report';
import { PRICE_SOURCES } from './prices';

export const JSON_SCHEMA_VERSION = 1;

export interface JsonResource {
  readonly type: string;
  readonly id: string;
  readonly arn: string | null;
  readonly region: string;
  readonly reasons: readonly string[];
  readonly monthlyUsd: number | null;
  readonly costBasis: string | null;
  readonly deleteCommand: string;
}

export interface JsonReport {
  readonly schemaVersion: number;
  readonly environment: string;
  readonly accountId: string;
  readonly region: string;
  readonly regions: readonly string[];
  readonly clusterName: string;
  readonly caller: string;
  readonly status: LeakReport['status'];
  readonly exitCode: number;
  readonly summary: {
    readonly resources: number;
    readonly estimatedMonthlyUsd: number;
    readonly resourcesWithoutCost: number;
    readonly checksNotRun: number;
  };
  readonly resources: readonly JsonResource[];
  readonly checks: ReadonlyArray<{ name: string; calls: readonly string[]; status: string; reason: string | null }>;
  readonly staleTagIndexEntries: readonly string[];
  readonly prices: { readonly recorded: string; readonly pages: readonly string[] };
}

export function toJson(report: LeakReport): JsonReport {
  const { scope } = report;
  const costs = totals(report.findings);
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    environment: scope.environment,
    accountId: scope.accountId,
    region: scope.region,
    regions: scope.taggingRegions,
    clusterName: scope.clusterName,
    caller: report.caller,
    status: report.status,
    exitCode: exitCode(report.status),
    summary: {
      resources: report.findings.length,
      estimatedMonthlyUsd: costs.usd,
      resourcesWithoutCost: costs.unknown,
      checksNotRun: report.checks.filter((c) => c.status !== 'checked').length,
    },
    resources: report.findings.map((f) => ({
      type: f.type,
      id: f.id,
      arn: f.arn ?? null,
      region: f.region,
      reasons: f.reasons,
      monthlyUsd: f.cost?.monthlyUsd ?? null,
      costBasis: f.cost?.basis ?? null,
      deleteCommand: f.deleteCommand,
    })),
    checks: report.checks.map((c) => ({ name: c.name, calls: c.calls, status: c.status, reason: c.reason ?? null })),
    staleTagIndexEntries: report.staleTagIndexEntries,
    prices: { recorded: PRICE_SOURCES.recorded, pages: PRICE_SOURCES.pages },
  };
}

export function renderText(report: LeakReport): string {
  const { scope } = report;
  const lines: string[] = [];
  lines.push(`Leak report: environment ${scope.environment}, account ${scope.accountId} (${scope.taggingRegions.join(', ')}), cluster ${scope.clusterName}`);
  lines.push(`Run as ${report.caller}`);
  lines.push('');
  if (report.findings.length > 0) {
    lines.push(...table(['Type', 'Id', 'Why it was found', 'Cost/month', 'Delete with'], report.findings.map(row), [false, false, false, true, false]));
    const costs = totals(report.findings);
    lines.push('');
    lines.push(
      `Estimated cost of what is left: ${usd(costs.usd)}/month for ${report.findings.length - costs.unknown} of ${report.findings.length} resources` +
        `${costs.unknown > 0 ? ` (${costs.unknown} without a known price)` : ''}; AWS list prices recorded ${PRICE_SOURCES.recorded}, before usage charges (tools/leak-report/src/prices.ts).`,
    );
    lines.push('');
  }
  lines.push('Checks:');
  for (const check of report.checks) {
    lines.push(check.status === 'checked' ? `  checked      ${check.name}` : `  NOT CHECKED  ${check.name} (${check.calls.join(', ')}): ${check.reason}`);
  }
  if (report.staleTagIndexEntries.length > 0) {
    lines.push(`  (${report.staleTagIndexEntries.length} tag-index entr${report.staleTagIndexEntries.length === 1 ? 'y' : 'ies'} of deleted or pending-deletion resources left out: ${report.staleTagIndexEntries.join(', ')})`);
  }
  lines.push('');
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

function summary(report: LeakReport): string {
  const { scope } = report;
  const left = report.findings.length;
  const resources = `${left} resource${left === 1 ? '' : 's'}`;
  if (report.status === 'clean') {
    return `Result: clean. Every check ran and found nothing of environment ${scope.environment} in account ${scope.accountId} (${scope.taggingRegions.join(', ')}).`;
  }
  if (report.status === 'leftovers') {
    return `Result: ${resources} left (${usd(totals(report.findings).usd)}/month where known). Delete them with the commands above, then run the report again.`;
  }
  const failed = report.checks.filter((c) => c.status !== 'checked').length;
  return (
    `Result: incomplete. ${failed} of ${report.checks.length} checks could not run (NOT CHECKED above), so this report cannot say the account is clean` +
    `${left > 0 ? `; ${resources} found by the checks that ran` : ''}. Give the credentials the calls listed and run it again.`
  );
}

function row(finding: Finding): string[] {
  return [finding.type, finding.id, finding.reasons.join('; '), finding.cost ? usd(finding.cost.monthlyUsd) : 'unknown', finding.deleteCommand];
}

function totals(findings: readonly Finding[]): { usd: number; unknown: number } {
  const usdTotal = findings.reduce((sum, f) => sum + (f.cost?.monthlyUsd ?? 0), 0);
  return { usd: Math.round(usdTotal * 100) / 100, unknown: findings.filter((f) => !f.cost).length };
}

function usd(amount: number): string {
  return `$${amount.toFixed(2)}`;
}

/** A Markdown table whose columns line up in plain text too. `|` in a cell is escaped. */
function table(header: string[], rows: string[][], rightAligned: boolean[]): string[] {
  const cells = [header, ...rows].map((r) => r.map((c) => c.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((r) => r[i].length)));
  const last = header.length - 1;
  const line = (r: string[]) => `| ${r.map((c, i) => (i === last ? c : rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === last ? '---' : rightAligned[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)];
}
