/**
 * Checks what reached a loopback OTLP receiver against the metric contract
 * (src/telemetry/metric-contract.generated.ts, the copy of
 * modules/observability/chatbot-metric-contract.ts): name, description, unit, OTLP type,
 * temporality, monotonicity, meter and exactly the contract's attributes on every data point, with
 * values within the closed sets. Returns every violation as a sentence, so a test can show them all
 * at once and a mutated contract can prove the check fails.
 */
import type { OtlpReceiver } from './otlp-receiver';
import type { ContractMetric } from '../../src/telemetry/metric-contract.generated';

/** The meter every chat instrument is created on (src/telemetry/chat-metrics.ts). */
export const CHAT_METER = 'chatbot';

export function contractViolations(receiver: OtlpReceiver, metrics: readonly ContractMetric[]): string[] {
  return metrics.flatMap((metric) => violationsOf(receiver, metric));
}

function violationsOf(receiver: OtlpReceiver, metric: ContractMetric): string[] {
  const name = metric.otelName;
  const exports = receiver.exportsOf(name);
  if (exports.length === 0) return [`${name}: never exported`];
  const problems = new Set<string>();
  const expectedKeys = [...metric.attributes].sort();
  for (const exported of exports) {
    const differs = (field: string, actual: unknown, expected: unknown): void => {
      if (actual !== expected) problems.add(`${name}: ${field} is ${JSON.stringify(actual)}, the contract says ${JSON.stringify(expected)}`);
    };
    differs('description', exported.description, metric.description);
    differs('unit', exported.unit, metric.otelUnit);
    differs('OTLP type', exported.type, metric.otlpType);
    differs('temporality', exported.temporality, metric.temporality);
    differs('meter', exported.scope, CHAT_METER);
    if (metric.otlpType === 'sum') differs('monotonic', exported.monotonic, metric.instrument === 'counter');
    for (const point of exported.dataPoints) {
      const keys = Object.keys(point.attributes).sort();
      if (JSON.stringify(keys) !== JSON.stringify(expectedKeys)) {
        problems.add(`${name}: a data point has attributes ${JSON.stringify(keys)}, the contract says exactly ${JSON.stringify(expectedKeys)}`);
      }
      for (const [key, value] of Object.entries(point.attributes)) {
        if (typeof value !== 'string' || value === '') problems.add(`${name}: attribute ${key} is ${JSON.stringify(value)}, not a non-empty string`);
        const allowed = metric.attributeValues[key];
        if (allowed && !allowed.includes(String(value))) problems.add(`${name}: attribute ${key} = ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`);
      }
    }
  }
  return [...problems];
}
