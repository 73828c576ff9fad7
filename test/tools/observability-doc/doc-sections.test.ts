import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { BURN_RATE_POLICY } from '../../../modules/observability/burn-rate';
import { CHATBOT_METRICS, contractMetrics } from '../../../modules/observability/chatbot-metric-contract';
import { chatbotDashboard } from '../../../modules/observability/dashboard/chatbot-dashboard-body';
import { dashboardSketch } from '../../../modules/observability/dashboard/sketch';
import { sloAlarmSpecs } from '../../../modules/observability/slo-alarm-specs';
import { loadConfig } from '../../../stacks/config';
import { alertPolicy, alarmList, budgetAsOutage, GENERATED_SECTIONS, metricContractTables, renderSection, sloTable } from '../../../tools/observability-doc/src/doc-sections';
import { readSection, REGENERATE_COMMAND, replaceSection, sectionMarkers } from '../../../tools/observability-doc/src/marked-sections';
import { testProject } from '../../support/environment';

const ROOT = join(__dirname, '..', '..', '..');

describe('tools/observability-doc', () => {
  describe('the generated sections of the docs are current', () => {
    const project = loadConfig(join(ROOT, 'config'));
    for (const [file, sections] of Object.entries(GENERATED_SECTIONS)) {
      for (const name of sections) {
        it(`${file}: ${name}`, () => {
          const text = readFileSync(join(ROOT, file), 'utf8');
          expect(readSection(text, name, file), `stale: run ${REGENERATE_COMMAND}`).to.equal(renderSection(name, project));
        });
      }
    }

    it('docs/observability.md sketches the very dashboard each environment deploys', () => {
      const text = readFileSync(join(ROOT, 'docs/observability.md'), 'utf8');
      const layouts = readSection(text, 'dashboard-layout', 'docs/observability.md');
      for (const env of project.environments) expect(layouts).to.include(dashboardSketch(chatbotDashboard(env, sloAlarmSpecs(env))));
    });

    it('docs/observability.md links the runbooks directory and explains the metric flow', () => {
      const text = readFileSync(join(ROOT, 'docs/observability.md'), 'utf8');
      expect(text).to.include('docs/runbooks/').and.include('awsemf').and.include('OTLP');
      expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).to.include('[docs/observability.md](docs/observability.md)');
    });
  });

  describe('doc-sections', () => {
    const project = testProject({
      dev: { slo: { windowDays: 30, availability: { objective: 0.999 } } },
    });

    it('lists each environment\'s SLOs with the configured objective, window and budget', () => {
      const rows = sloTable(project).split('\n').slice(2);
      expect(rows).to.have.length(4);
      expect(rows[0]).to.match(/^\| `dev` \| availability \| 99\.9 % \| 30 days \| 0\.1 % of answers \(43\.2 min of total outage\) \|/);
      expect(rows[1]).to.match(/^\| `dev` \| latency \| 90 % \| 30 days \| 10 % of answers \(3 d of total outage\) \|/);
      expect(rows[1]).to.include('first token arrives within 2 s').and.include('TC(:2)');
      expect(rows[2]).to.match(/^\| `prod` \| availability \| 99 % \| 28 days \|/);
      expect(rows[2]).to.include('`chat.requests` (Sum), `outcome` success / fallback / error');
    });

    it('shows the policy rows with each environment\'s thresholds', () => {
      const rows = alertPolicy(project).split('\n').slice(2);
      expect(rows).to.have.length(BURN_RATE_POLICY.length);
      expect(rows[0]).to.include('| fast | **page** | 1h & 5m | 2 % |').and.include('availability ≥ 14.4×').and.include('latency ≥ 10× (every answer bad');
      expect(rows[2]).to.include('**ticket**').and.include('availability ≥ 1×');
    });

    it('lists every alarm that notifies, page first, with its runbook', () => {
      const list = alarmList(project);
      for (const env of project.environments) {
        for (const spec of sloAlarmSpecs(env)) {
          if (spec.severity === undefined) expect(list).not.to.include(`\`${spec.name}\``);
          else expect(list).to.include(`| \`${spec.name}\` | **${spec.severity}** |`).and.include(`(runbooks/${spec.kind}.md)`);
        }
      }
      const dev = list.split('#### `prod`')[0];
      expect(dev.lastIndexOf('**page**')).to.be.lessThan(dev.indexOf('**ticket**'));
    });

    it('writes a budget as time of total outage', () => {
      expect(budgetAsOutage(0.9, 28)).to.equal('2.8 d');
      expect(budgetAsOutage(0.99, 28)).to.equal('6.72 h');
      expect(budgetAsOutage(0.9999, 28)).to.equal('4.03 min');
    });
  });

  describe('metric-contract (chatbot/TELEMETRY.md)', () => {
    const file = 'chatbot/TELEMETRY.md';
    const section = readSection(readFileSync(join(ROOT, file), 'utf8'), 'metric-contract', file);

    it('lists every contract metric by its OTel and its CloudWatch name', () => {
      for (const metric of contractMetrics()) {
        expect(section).to.contain(`| \`${metric.otelName}\` |`);
        expect(section).to.contain(`| \`${metric.cloudWatchName}\` | ${metric.cloudWatchUnit} |`);
      }
    });

    it('would change with a renamed metric or a changed unit (so a stale document is caught)', () => {
      const renamed = contractMetrics().map((metric) => (metric === CHATBOT_METRICS.requests ? { ...metric, otelName: 'chat.answers' } : metric));
      const otherUnit = contractMetrics().map((metric) => (metric === CHATBOT_METRICS.requestDuration ? { ...metric, cloudWatchUnit: 'None' as const } : metric));
      expect(metricContractTables(renamed)).not.to.equal(section);
      expect(metricContractTables(otherUnit)).not.to.equal(section);
    });

    it('refuses a document without the generated section', () => {
      expect(() => readSection('# Telemetry\n', 'metric-contract', file)).to.throw(/chatbot\/TELEMETRY\.md has no generated section "metric-contract"/);
    });
  });

  describe('marked-sections', () => {
    const { start, end } = sectionMarkers('t');
    const doc = `# Title\n\n${start}\nold\n${end}\n\nafter\n`;

    it('replaces only the content between the markers, and reads it back', () => {
      const next = replaceSection(doc, 't', '| a |\n| b |', 'doc.md');
      expect(next).to.equal(`# Title\n\n${start}\n| a |\n| b |\n${end}\n\nafter\n`);
      expect(readSection(next, 't', 'doc.md')).to.equal('| a |\n| b |');
      expect(replaceSection(next, 't', '| a |\n| b |', 'doc.md')).to.equal(next);
    });

    it('names the file and the section when markers are missing, doubled or reversed', () => {
      expect(() => readSection('# nothing', 't', 'docs/x.md')).to.throw(/docs\/x\.md has no generated section "t": add the lines/);
      expect(() => readSection(`${doc}${start}\n${end}`, 't', 'docs/x.md')).to.throw(/has the generated section "t" twice/);
      expect(() => readSection(`${end}\n${start}`, 't', 'docs/x.md')).to.throw(/end of generated section "t" before its start/);
    });
  });
});
