/**
 * Value blocks that several charts spell the same way, typed once. Each add-on's values.ts uses
 * them where its chart's values.yaml has exactly this shape.
 */
import type { ServiceAccountRef } from '../shared/service-accounts';

/** The IRSA annotation EKS's pod identity webhook reads to inject web-identity credentials. */
export const IRSA_ROLE_ANNOTATION = 'eks.amazonaws.com/role-arn';

/**
 * `serviceAccount:` as cert-manager, external-secrets, opentelemetry-collector and the AWS Load
 * Balancer Controller charts spell it. The name is fixed (not generated from the release name)
 * because the IRSA role's trust policy names exactly this service account.
 */
export interface IrsaServiceAccountValues {
  readonly create: true;
  readonly name: string;
  readonly annotations: { readonly [IRSA_ROLE_ANNOTATION]: string };
}

export function irsaServiceAccount(account: ServiceAccountRef, roleArn: string): IrsaServiceAccountValues {
  return { create: true, name: account.name, annotations: { [IRSA_ROLE_ANNOTATION]: roleArn } };
}

/** `podDisruptionBudget:` with an `enabled` toggle (cert-manager, external-secrets, collector, metrics-server). */
export interface DisruptionBudgetValues {
  readonly enabled: boolean;
  readonly minAvailable?: number;
}

/** Replicas of a stateless controller: two (one survives a node drain) in HA, else one. */
export function replicasFor(highAvailability: boolean): number {
  return highAvailability ? 2 : 1;
}

/**
 * A budget only with HA: `minAvailable: 1` over a single replica would block every node drain
 * (and so every node group upgrade) forever.
 */
export function disruptionBudgetFor(highAvailability: boolean): DisruptionBudgetValues {
  return highAvailability ? { enabled: true, minAvailable: 1 } : { enabled: false };
}
