/**
 * Values of the external-secrets chart (external-secrets/external-secrets
 * `deploy/charts/external-secrets`), typed to the keys this project sets. Keys follow the chart's
 * values.yaml exactly; anything not listed keeps the chart default.
 */
import { type DisruptionBudgetValues, type IrsaServiceAccountValues, disruptionBudgetFor, replicasFor } from '../chart-values';

/** The webhook and cert-controller Deployments. */
export interface ExternalSecretsComponentValues {
  readonly create: boolean;
  readonly replicaCount: number;
  readonly podDisruptionBudget: DisruptionBudgetValues;
}

export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly replicaCount: number;
  /** Needed as soon as the controller (or the cert-controller) runs more than one replica. */
  readonly leaderElect: boolean;
  readonly serviceAccount: IrsaServiceAccountValues;
  readonly podDisruptionBudget: DisruptionBudgetValues;
  readonly webhook: ExternalSecretsComponentValues;
  readonly certController: ExternalSecretsComponentValues;
}

/**
 * ESO values: CRDs installed by the chart, the admission webhook on (it rejects invalid
 * ExternalSecrets and SecretStores at apply time instead of leaving them broken in the cluster) and
 * the cert-controller that issues its serving certificate and marks the CRDs and webhook ready;
 * the controller's service account carries the IRSA role that reads SSM parameters.
 */
export function externalSecretsValues(serviceAccount: IrsaServiceAccountValues, highAvailability: boolean): ExternalSecretsValues {
  const replicaCount = replicasFor(highAvailability);
  const podDisruptionBudget = disruptionBudgetFor(highAvailability);
  return {
    installCRDs: true,
    replicaCount,
    leaderElect: highAvailability,
    serviceAccount,
    podDisruptionBudget,
    webhook: { create: true, replicaCount, podDisruptionBudget },
    certController: { create: true, replicaCount, podDisruptionBudget },
  };
}
