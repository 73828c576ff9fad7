/**
 * Values of the metrics-server chart (kubernetes-sigs/metrics-server `charts/metrics-server`),
 * typed to the keys this project sets. Keys follow the chart's values.yaml exactly.
 */
import { type DisruptionBudgetValues, disruptionBudgetFor, replicasFor } from '../chart-values';

export interface MetricsServerValues {
  readonly replicas: number;
  readonly podDisruptionBudget: DisruptionBudgetValues;
}

/**
 * metrics-server values: the chart defaults (secure kubelet port, restricted security context)
 * plus, in HA, a second replica with a budget, so the HorizontalPodAutoscaler keeps its metrics
 * API during node drains.
 */
export function metricsServerValues(highAvailability: boolean): MetricsServerValues {
  return { replicas: replicasFor(highAvailability), podDisruptionBudget: disruptionBudgetFor(highAvailability) };
}
