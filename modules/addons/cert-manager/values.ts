/**
 * Values of the cert-manager chart (cert-manager/cert-manager `deploy/charts/cert-manager`), typed
 * to the keys this project sets. Keys follow the chart's values.yaml exactly; anything not listed
 * keeps the chart default.
 */
import { type DisruptionBudgetValues, disruptionBudgetFor, replicasFor } from '../chart-values';

/** A cert-manager Deployment (controller, webhook, cainjector): replicas and budget. */
export interface CertManagerComponentValues {
  readonly replicaCount: number;
  readonly podDisruptionBudget: DisruptionBudgetValues;
}

export interface CertManagerValues extends CertManagerComponentValues {
  readonly crds: {
    /** Install the CRDs with the release, so they are established before anything uses them. */
    readonly enabled: boolean;
    /** Keep the CRDs (and so every Certificate and Issuer) if the release is ever uninstalled by mistake. */
    readonly keep: boolean;
  };
  readonly webhook: CertManagerComponentValues;
  readonly cainjector: CertManagerComponentValues;
  /** The post-install Job that succeeds only once the webhook answers and issues a test Certificate. */
  readonly startupapicheck: { readonly enabled: boolean };
}

/**
 * cert-manager values: CRDs installed by the chart, and the startupapicheck Job on. The Job is the
 * webhook-readiness gate: Helm waits for it (HelmAddon sets `wait_for_jobs`), so whatever depends
 * on cert-manager (the load balancer controller's webhook Certificate) is applied only once
 * cert-manager can really admit and issue certificates. With `highAvailability` every component
 * runs two replicas with a budget.
 */
export function certManagerValues(highAvailability: boolean): CertManagerValues {
  const component: CertManagerComponentValues = {
    replicaCount: replicasFor(highAvailability),
    podDisruptionBudget: disruptionBudgetFor(highAvailability),
  };
  return {
    crds: { enabled: true, keep: true },
    ...component,
    webhook: component,
    cainjector: component,
    startupapicheck: { enabled: true },
  };
}
