/**
 * The collector side of the metric contract: each environment's relay config, rendered the way
 * Argo CD renders it (kubectl kustomize), must publish exactly the contract's metrics to CloudWatch
 * (modules/observability/chatbot-metric-contract.ts): every metric selected with exactly its
 * dimension sets and its CloudWatch unit, nothing else let through to awsemf, and the collector's
 * own counters pushed into its metrics pipeline. A metric renamed on either side fails here.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { relayContractViolations, declaredDimensionSets, type RelayConfig } from './relay-contract';
import { CHATBOT_METRICS, contractMetrics, metricNameSelector, type ContractMetric } from '../../modules/observability/chatbot-metric-contract';
import { SERVICE_ACCOUNTS } from '../../modules/shared/service-accounts';
import { locate, renderDirectory, REPO_ROOT, requireKubectl } from '../gitops/render';

const OVERLAYS = 'gitops/platform/overlays';
const environments = readdirSync(path.join(REPO_ROOT, OVERLAYS), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** The parsed `relay` key of the collector's ConfigMap in one rendered overlay. */
function relayConfigOf(env: string): RelayConfig {
  const directory = `${OVERLAYS}/${env}`;
  const configMaps = renderDirectory(directory).filter((rendered) => rendered.object.kind === 'ConfigMap'
    && rendered.object.metadata?.namespace === SERVICE_ACCOUNTS.adotCollector.namespace && rendered.object.data?.relay !== undefined);
  expect(configMaps.map(locate), `${directory}: ConfigMaps with a collector relay config`).to.have.length(1);
  return parse(configMaps[0]!.object.data.relay) as RelayConfig;
}

/** A deep copy to mutate. */
function copy<T>(value: T): T {
  return structuredClone(value);
}

describe('metric contract: the collector relay config publishes exactly the contract', () => {
  before(() => requireKubectl());

  it('has an overlay per environment to check', () => {
    expect(environments).to.include.members(['dev', 'prod']);
  });

  for (const env of environments) {
    describe(env, () => {
      it('selects every contract metric with exactly its dimension sets and unit, lets nothing else through, and pushes its own counters to itself', () => {
        expect(relayContractViolations(relayConfigOf(env), contractMetrics())).to.deep.equal([]);
      });

      it('publishes each metric under the dimension sets the alarms and the dashboard query', () => {
        const declarations = (relayConfigOf(env).exporters?.awsemf?.metric_declarations ?? []) as unknown[];
        // Spelled out once, so a change of the contract shows here as well as in the generic check.
        expect(declaredDimensionSets(declarations, 'chat.requests')).to.deep.equal(['["outcome"]']);
        expect(declaredDimensionSets(declarations, 'chat.request.duration')).to.deep.equal(['["outcome"]', '[]']);
        expect(declaredDimensionSets(declarations, 'gen_ai.server.time_to_first_token')).to.deep.equal(['[]']);
        expect(declaredDimensionSets(declarations, 'gen_ai.client.token.usage')).to.deep.equal(['["gen_ai.response.model","gen_ai.token.type"]']);
        expect(declaredDimensionSets(declarations, 'otelcol_exporter_sent_metric_points')).to.deep.equal(['["exporter"]']);
        expect(declaredDimensionSets(declarations, 'http.server.request.duration'), 'not in the contract').to.deep.equal([]);
        expect(declaredDimensionSets(declarations, 'otelcol_process_uptime'), 'not in the contract').to.deep.equal([]);
      });
    });
  }

  describe('fails on a difference in any one place', () => {
    let config: RelayConfig;
    before(() => {
      config = relayConfigOf(environments[0]!);
    });

    it('a metric renamed in the contract', () => {
      const renamed: ContractMetric = { ...CHATBOT_METRICS.requests, otelName: 'chat.answers', cloudWatchName: 'chat.answers' };
      const metrics = contractMetrics().map((metric) => (metric === CHATBOT_METRICS.requests ? renamed : metric));
      const problems = relayContractViolations(config, metrics);
      expect(problems.join('\n')).to.contain('awsemf: chat.answers: dimension sets none (not published)');
      expect(problems.join('\n')).to.contain(`selector ${JSON.stringify(metricNameSelector('chat.requests'))} is not the anchored name of a contract metric`);
      expect(problems.join('\n')).to.contain('the metric filter lets through names outside the contract (chat.requests) and not the contract\'s chat.answers');
    });

    it('a metric renamed in the collector config (selector, descriptor or filter)', () => {
      const selector = copy(config);
      selector.exporters!.awsemf.metric_declarations[0].metric_name_selectors = ['^chat\\.request$'];
      expect(relayContractViolations(selector, contractMetrics()).join('\n')).to.contain('awsemf: chat.requests: dimension sets none (not published)');

      const descriptor = copy(config);
      descriptor.exporters!.awsemf.metric_descriptors[0].metric_name = 'chat.request';
      expect(relayContractViolations(descriptor, contractMetrics()).join('\n')).to.contain('"chat.request" is not a contract metric');

      const filter = copy(config);
      filter.processors!['filter/metric-contract'].metrics.include.metric_names[0] = 'chat.request';
      expect(relayContractViolations(filter, contractMetrics()).join('\n')).to.contain('names outside the contract (chat.request)');
    });

    it('a dimension set, unit or temporality that differs, a catch-all selector, an unknown option', () => {
      const dimensions = copy(config);
      dimensions.exporters!.awsemf.metric_declarations[0].dimensions = [['outcome'], []];
      expect(relayContractViolations(dimensions, contractMetrics()).join('\n')).to.contain('chat.requests: dimension sets ["outcome"] [], the contract declares ["outcome"]');

      const unit = copy(config);
      unit.exporters!.awsemf.metric_descriptors[1].unit = 'Milliseconds';
      expect(relayContractViolations(unit, contractMetrics()).join('\n')).to.contain('chat.request.duration needs exactly one descriptor {unit: Seconds');

      const catchAll = copy(config);
      catchAll.exporters!.awsemf.metric_declarations.push({ metric_name_selectors: ['.*'], dimensions: [[]] });
      expect(relayContractViolations(catchAll, contractMetrics()).join('\n')).to.contain('selector ".*" is not the anchored name of a contract metric');

      const cumulative = copy(config);
      cumulative.service!.telemetry!.metrics!.readers[0].periodic.exporter.otlp.temporality_preference = 'cumulative';
      expect(relayContractViolations(cumulative, contractMetrics()).join('\n')).to.contain('temporality_preference "cumulative", the contract\'s collector metrics are delta');

      const typo = copy(config);
      typo.exporters!.awsemf.metric_descriptor = [];
      expect(relayContractViolations(typo, contractMetrics())).to.deep.equal(['awsemf.metric_descriptor: not an option of awsemf']);
    });

    it('a pipeline that could bypass the filter or the collector pushing its counters elsewhere', () => {
      const noFilter = copy(config);
      noFilter.service!.pipelines!.metrics!.processors = ['memory_limiter', 'batch'];
      expect(relayContractViolations(noFilter, contractMetrics()).join('\n')).to.contain('needs exactly one filter processor');

      const renaming = copy(config);
      renaming.service!.pipelines!.metrics!.processors!.push('metricstransform/rename');
      expect(relayContractViolations(renaming, contractMetrics()).join('\n')).to.contain('processor metricstransform/rename may change metrics');

      const elsewhere = copy(config);
      elsewhere.service!.telemetry!.metrics!.readers[0].periodic.exporter.otlp.endpoint = 'http://otel-collector.opentelemetry:4318';
      expect(relayContractViolations(elsewhere, contractMetrics()).join('\n')).to.contain('is not the collector\'s own OTLP http receiver on loopback');

      const pull = copy(config);
      pull.service!.telemetry!.metrics!.readers = [{ pull: { exporter: { prometheus: { host: '0.0.0.0', port: 8888 } } } }];
      expect(relayContractViolations(pull, contractMetrics()).join('\n')).to.contain('needs exactly one periodic reader');
    });
  });
});
