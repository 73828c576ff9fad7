/**
 * chatbot/TELEMETRY.md documents the metrics as tables generated from the metric contract; a
 * contract change without `npx tsx tools/metric-contract/src/write-telemetry-doc.ts` fails here.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { CHATBOT_METRICS, contractMetrics } from '../../modules/observability/chatbot-metric-contract';
import { BEGIN_MARKER, END_MARKER, TELEMETRY_DOC, metricContractMarkdown, withGeneratedSection } from '../../modules/observability/metric-contract-doc';
import { REPO_ROOT } from '../gitops/render';

const document = readFileSync(path.join(REPO_ROOT, TELEMETRY_DOC), 'utf8');

describe('metric contract: chatbot/TELEMETRY.md', () => {
  it('has the metric tables exactly as the contract generates them', () => {
    expect(document.split(BEGIN_MARKER)).to.have.length(2, `${TELEMETRY_DOC} needs one generated section`);
    const current = withGeneratedSection(document, metricContractMarkdown());
    expect(current === document, `${TELEMETRY_DOC} is stale: run \`npx tsx tools/metric-contract/src/write-telemetry-doc.ts\``).to.equal(true);
  });

  it('lists every contract metric by its OTel and its CloudWatch name', () => {
    const section = document.slice(document.indexOf(BEGIN_MARKER), document.indexOf(END_MARKER));
    for (const metric of contractMetrics()) {
      expect(section).to.contain(`| \`${metric.otelName}\` |`);
      expect(section).to.contain(`| \`${metric.cloudWatchName}\` | ${metric.cloudWatchUnit} |`);
    }
  });

  it('would change with a renamed metric or a changed unit (so a stale document is caught)', () => {
    const renamed = contractMetrics().map((metric) => (metric === CHATBOT_METRICS.requests ? { ...metric, otelName: 'chat.answers' } : metric));
    const otherUnit = contractMetrics().map((metric) => (metric === CHATBOT_METRICS.requestDuration ? { ...metric, cloudWatchUnit: 'None' as const } : metric));
    expect(withGeneratedSection(document, metricContractMarkdown(renamed))).not.to.equal(document);
    expect(withGeneratedSection(document, metricContractMarkdown(otherUnit))).not.to.equal(document);
  });

  it('refuses a document without the generated section', () => {
    expect(() => withGeneratedSection('# Telemetry\n', metricContractMarkdown())).to.throw(/has no section between/);
  });
});
