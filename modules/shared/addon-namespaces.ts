/**
 * Namespaces the `addons-<env>` stack installs Helm releases into. Helm keeps each release's state
 * in Secrets of its namespace, so the CI plan role must be able to read these namespaces (and
 * only these) to plan the add-ons. test/stacks keeps this list equal to the releases' namespaces.
 */
export const ADDON_RELEASE_NAMESPACES = ['argocd', 'cert-manager', 'external-secrets', 'kube-system', 'opentelemetry'] as const;
