/**
 * Rewrites the generated metric tables of chatbot/TELEMETRY.md from the metric contract
 * (modules/observability/metric-contract-doc.ts). Run after changing the contract:
 *   npx tsx tools/metric-contract/src/write-telemetry-doc.ts
 * test/observability/telemetry-doc.test.ts fails while the document is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TELEMETRY_DOC, metricContractMarkdown, withGeneratedSection } from '../../../modules/observability/metric-contract-doc';

const file = path.resolve(__dirname, '../../..', TELEMETRY_DOC);
const before = readFileSync(file, 'utf8');
const after = withGeneratedSection(before, metricContractMarkdown());
if (after === before) {
  console.log(`${TELEMETRY_DOC} is up to date`);
} else {
  writeFileSync(file, after);
  console.log(`${TELEMETRY_DOC}: metric tables rewritten from the contract`);
}
