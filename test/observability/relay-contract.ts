/**
 * What the collector relay config (the `relay` key of the rendered ConfigMap) does with the metrics
 * of the contract, worked out the way the collector does it, and every way it differs from
 * modules/observability/chatbot-metric-contract.ts. Pure: the tests feed it the rendered config
 * and the contract, or mutated copies of either, and read the violations.
 */
import {
  AWSEMF_REFERENCE,
  FILTER_PROCESSOR_REFERENCE,
  INTERNAL_TELEMETRY_REFERENCE,
  NAME_PRESERVING_PROCESSORS,
} from './fixtures/collector-config-reference';
import { COLLECTOR_EXPORTERS, metricNameSelector, type ContractMetric } from '../../modules/observability/chatbot-metric-contract';

/** The relay config as parsed YAML: only what these checks read. */
export interface RelayConfig {
  readonly receivers?: Record<string, any>;
  readonly processors?: Record<string, any>;
  readonly exporters?: Record<string, any>;
  readonly service?: {
    readonly telemetry?: { readonly metrics?: Record<string, any> };
    readonly pipelines?: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
  };
}

/** A component id's type: `filter/metric-contract` is a `filter`. */
export function componentType(id: string): string {
  return id.split('/')[0]!;
}

/** A dimension set as awsemf keeps it: deduped and sorted. */
function normalizedSet(set: readonly string[]): string {
  return JSON.stringify([...new Set(set)].sort());
}

function unknownKeys(object: unknown, allowed: readonly string[]): string[] {
  return object !== null && typeof object === 'object' ? Object.keys(object).filter((key) => !allowed.includes(key)) : [];
}

/** Every dimension set awsemf gives `name` under `declarations` (sorted, deduped), as JSON strings. */
export function declaredDimensionSets(declarations: readonly any[], name: string): string[] {
  const sets = new Set<string>();
  for (const declaration of declarations) {
    const selectors: string[] = declaration?.metric_name_selectors ?? [];
    if (!selectors.some((selector) => new RegExp(selector).test(name))) continue;
    for (const set of declaration?.dimensions ?? [[]]) sets.add(normalizedSet(set));
  }
  return [...sets].sort();
}

/** The names the metrics pipelines' strict include filters let through (undefined: no such filter). */
function filteredNames(config: RelayConfig, pipeline: { processors?: string[] }): string[] | undefined {
  const filters = (pipeline.processors ?? []).filter((id) => componentType(id) === 'filter');
  if (filters.length !== 1) return undefined;
  const include = config.processors?.[filters[0]!]?.metrics?.include;
  return include?.match_type === 'strict' && Array.isArray(include.metric_names) ? include.metric_names : undefined;
}

/**
 * Every difference between the relay config and the contract's `metrics` (each a sentence naming
 * the place), empty when the collector publishes exactly the contract.
 */
export function relayContractViolations(config: RelayConfig, metrics: readonly ContractMetric[]): string[] {
  const problems: string[] = [];
  const exporters = config.exporters ?? {};
  const pipelines = config.service?.pipelines ?? {};

  // The exporter ids are the `exporter` attribute of the collector's own counters.
  for (const [signal, id] of Object.entries(COLLECTOR_EXPORTERS)) {
    if (!(id in exporters)) problems.push(`exporters: no ${id} (the contract's exporter for ${signal})`);
    const inPipeline = pipelines[signal]?.exporters ?? [];
    if (JSON.stringify(inPipeline) !== JSON.stringify([id])) problems.push(`service.pipelines.${signal}.exporters is ${JSON.stringify(inPipeline)}, the contract counts failures of ${id} only`);
  }

  const emf = exporters[COLLECTOR_EXPORTERS.metrics] ?? {};
  for (const key of unknownKeys(emf, AWSEMF_REFERENCE.options)) problems.push(`awsemf.${key}: not an option of awsemf`);
  if (emf.dimension_rollup_option !== 'NoDimensionRollup') problems.push(`awsemf.dimension_rollup_option is ${JSON.stringify(emf.dimension_rollup_option)}: rollups add dimension sets the contract does not declare`);
  if (emf.resource_to_telemetry_conversion?.enabled === true) problems.push('awsemf.resource_to_telemetry_conversion: resource attributes would become labels the contract does not list');
  if (emf.disable_metric_extraction === true || (emf.output_destination ?? 'cloudwatch') !== 'cloudwatch') problems.push('awsemf: output must reach CloudWatch metrics (output_destination cloudwatch, metric extraction on)');

  // Selection and dimensions, as metric_declaration.go does them.
  const declarations: any[] = emf.metric_declarations ?? [];
  const allowedSelectors = new Map(metrics.map((metric) => [metricNameSelector(metric.cloudWatchName), metric.cloudWatchName]));
  declarations.forEach((declaration, index) => {
    const where = `awsemf.metric_declarations[${index}]`;
    for (const key of unknownKeys(declaration, AWSEMF_REFERENCE.metricDeclarationOptions)) problems.push(`${where}.${key}: not an option of a metric declaration`);
    if (declaration?.label_matchers !== undefined) problems.push(`${where}.label_matchers: would publish a contract metric only for some label values`);
    const selectors: unknown[] = declaration?.metric_name_selectors ?? [];
    if (selectors.length === 0) problems.push(`${where}: no metric_name_selectors (awsemf drops the declaration)`);
    for (const selector of selectors) {
      if (typeof selector !== 'string' || !allowedSelectors.has(selector)) {
        problems.push(`${where}: selector ${JSON.stringify(selector)} is not the anchored name of a contract metric (expected one of ${[...allowedSelectors.keys()].join(', ')})`);
      }
    }
    for (const set of declaration?.dimensions ?? []) {
      if (!Array.isArray(set) || set.length > AWSEMF_REFERENCE.maxDimensionsPerSet) problems.push(`${where}: dimension set ${JSON.stringify(set)} is not a list of at most ${AWSEMF_REFERENCE.maxDimensionsPerSet} names`);
    }
  });
  for (const metric of metrics) {
    const where = `awsemf: ${metric.cloudWatchName}`;
    if (metric.cloudWatchName !== metric.otelName) problems.push(`${where}: awsemf publishes the OTel name ${metric.otelName} unchanged, and nothing here renames it`);
    const declared = declaredDimensionSets(declarations, metric.cloudWatchName);
    const expected = [...new Set(metric.dimensionSets.map(normalizedSet))].sort();
    if (JSON.stringify(declared) !== JSON.stringify(expected)) problems.push(`${where}: dimension sets ${declared.join(' ') || 'none (not published)'}, the contract declares ${expected.join(' ')}`);
    for (const set of metric.dimensionSets) {
      // A set naming a label the data point does not carry is skipped by awsemf: the metric would silently not be published with it.
      const missing = set.filter((dimension) => !metric.attributes.includes(dimension));
      if (missing.length > 0) problems.push(`${where}: dimension set ${JSON.stringify(set)} names ${missing.join(', ')}, which the emitter does not set`);
    }
  }

  // Units.
  const descriptors: any[] = emf.metric_descriptors ?? [];
  descriptors.forEach((descriptor, index) => {
    const where = `awsemf.metric_descriptors[${index}]`;
    for (const key of unknownKeys(descriptor, AWSEMF_REFERENCE.metricDescriptorOptions)) problems.push(`${where}.${key}: not an option of a metric descriptor`);
    if (!(AWSEMF_REFERENCE.units as readonly string[]).includes(descriptor?.unit)) problems.push(`${where}: unit ${JSON.stringify(descriptor?.unit)} is no CloudWatch unit (awsemf drops the descriptor)`);
    if (!metrics.some((metric) => metric.cloudWatchName === descriptor?.metric_name)) problems.push(`${where}: ${JSON.stringify(descriptor?.metric_name)} is not a contract metric`);
  });
  for (const metric of metrics) {
    const own = descriptors.filter((descriptor) => descriptor?.metric_name === metric.cloudWatchName);
    if (own.length !== 1 || own[0].unit !== metric.cloudWatchUnit || own[0].overwrite !== true) {
      problems.push(`awsemf.metric_descriptors: ${metric.cloudWatchName} needs exactly one descriptor {unit: ${metric.cloudWatchUnit}, overwrite: true}, found ${JSON.stringify(own)}`);
    }
  }

  // Nothing outside the contract reaches awsemf: one strict include filter with exactly its names,
  // and no processor that could rename or re-unit a metric on the way.
  const contractNames = metrics.map((metric) => metric.otelName).sort();
  for (const [id, pipeline] of Object.entries(pipelines)) {
    if (!(pipeline.exporters ?? []).includes(COLLECTOR_EXPORTERS.metrics)) continue;
    const where = `service.pipelines.${id}`;
    for (const processor of pipeline.processors ?? []) {
      if (!(NAME_PRESERVING_PROCESSORS as readonly string[]).includes(componentType(processor))) problems.push(`${where}: processor ${processor} may change metrics behind the contract's back`);
      const processorConfig = config.processors?.[processor];
      if (componentType(processor) === 'filter') {
        for (const key of unknownKeys(processorConfig, FILTER_PROCESSOR_REFERENCE.options)) problems.push(`processors.${processor}.${key}: not an option of the filter processor`);
        for (const key of unknownKeys(processorConfig?.metrics, FILTER_PROCESSOR_REFERENCE.metricFilterOptions)) problems.push(`processors.${processor}.metrics.${key}: not an option of the filter processor`);
        for (const key of unknownKeys(processorConfig?.metrics?.include, FILTER_PROCESSOR_REFERENCE.matchPropertiesOptions)) problems.push(`processors.${processor}.metrics.include.${key}: not a match property`);
      }
    }
    const names = filteredNames(config, pipeline);
    if (names === undefined) {
      problems.push(`${where}: needs exactly one filter processor with metrics.include {match_type: strict, metric_names: [the contract's names]}`);
    } else if (JSON.stringify([...names].sort()) !== JSON.stringify(contractNames)) {
      const extra = names.filter((name) => !contractNames.includes(name));
      const missing = contractNames.filter((name) => !names.includes(name));
      problems.push(`${where}: the metric filter lets through ${extra.length ? `names outside the contract (${extra.join(', ')})` : ''}${extra.length && missing.length ? ' and ' : ''}${missing.length ? `not the contract's ${missing.join(', ')}` : ''}`);
    }
  }

  problems.push(...internalTelemetryViolations(config, metrics));
  return problems;
}

/** The collector's own counters reach its metrics pipeline: a periodic OTLP push to its own receiver. */
function internalTelemetryViolations(config: RelayConfig, metrics: readonly ContractMetric[]): string[] {
  const collectorMetrics = metrics.filter((metric) => metric.source === 'collector');
  if (collectorMetrics.length === 0) return [];
  const problems: string[] = [];
  const where = 'service.telemetry.metrics';
  const telemetry = config.service?.telemetry?.metrics ?? {};
  const reference = INTERNAL_TELEMETRY_REFERENCE;
  for (const key of unknownKeys(telemetry, reference.metricsOptions)) problems.push(`${where}.${key}: not an option`);
  if (telemetry.level !== undefined && (!(reference.levels as readonly string[]).includes(telemetry.level) || telemetry.level === 'none')) problems.push(`${where}.level ${JSON.stringify(telemetry.level)}: the exporter counters need basic or more`);
  const readers: any[] = telemetry.readers ?? [];
  if (readers.length !== 1 || readers[0]?.periodic === undefined || unknownKeys(readers[0], reference.readerKinds).length > 0) {
    return [...problems, `${where}.readers: needs exactly one periodic reader pushing to the collector's own OTLP receiver, found ${JSON.stringify(readers)}`];
  }
  const periodic = readers[0].periodic;
  for (const key of unknownKeys(periodic, reference.periodicOptions)) problems.push(`${where}.readers[0].periodic.${key}: not an option`);
  if (periodic.interval !== 60000) problems.push(`${where}.readers[0].periodic.interval is ${JSON.stringify(periodic.interval)}: one push a minute (60000 ms), CloudWatch's resolution and the heartbeat alarm's period`);
  const otlp = periodic.exporter?.otlp;
  if (otlp === undefined || unknownKeys(periodic.exporter, reference.periodicExporterKinds).length > 0) return [...problems, `${where}.readers[0].periodic.exporter: needs otlp`];
  for (const key of unknownKeys(otlp, reference.otlpOptions)) problems.push(`${where}.readers[0].periodic.exporter.otlp.${key}: not an option`);

  const temporalities = [...new Set(collectorMetrics.map((metric) => metric.temporality))];
  if (temporalities.length !== 1 || (otlp.temporality_preference ?? 'cumulative') !== temporalities[0]) {
    problems.push(`${where}: temporality_preference ${JSON.stringify(otlp.temporality_preference ?? 'cumulative')}, the contract's collector metrics are ${temporalities.join(' and ')}`);
  }
  // The receiver it pushes to must be this collector's own, on loopback, in a pipeline that ends in awsemf.
  const protocol = otlp.protocol === 'grpc' ? 'grpc' : otlp.protocol === 'http/protobuf' ? 'http' : undefined;
  if (protocol === undefined) return [...problems, `${where}: otlp.protocol ${JSON.stringify(otlp.protocol)} is none of ${reference.protocols.join(', ')}`];
  let target: URL | undefined;
  try {
    target = new URL(otlp.endpoint);
  } catch {
    return [...problems, `${where}: otlp.endpoint ${JSON.stringify(otlp.endpoint)} is not a URL`];
  }
  const [receiverId] = Object.entries(config.receivers ?? {}).find(([id, receiver]) => {
    const endpoint: unknown = receiver?.protocols?.[protocol]?.endpoint;
    return componentType(id) === 'otlp' && typeof endpoint === 'string' && endpoint.split(':').pop() === target!.port;
  }) ?? [];
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname) || receiverId === undefined) {
    problems.push(`${where}: otlp.endpoint ${otlp.endpoint} is not the collector's own OTLP ${protocol} receiver on loopback`);
  } else if (protocol === 'http' && !['', '/', '/v1/metrics'].includes(target.pathname)) {
    problems.push(`${where}: otlp.endpoint path ${target.pathname} is not the receiver's /v1/metrics`);
  } else {
    const feeds = Object.values(config.service?.pipelines ?? {})
      .some((pipeline) => (pipeline.receivers ?? []).includes(receiverId) && (pipeline.exporters ?? []).includes(COLLECTOR_EXPORTERS.metrics));
    if (!feeds) problems.push(`${where}: receiver ${receiverId} feeds no pipeline exporting to ${COLLECTOR_EXPORTERS.metrics}`);
  }
  return problems;
}
