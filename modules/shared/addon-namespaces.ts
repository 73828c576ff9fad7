/**
 * Namespaces the `addons-<env>` stack installs Helm releases into. Helm keeps each release's state
 * in ConfigMaps of its namespace (`HELM_STORAGE_DRIVER`), so the CI plan role must be able to read
 * those ConfigMaps here (and only here) to plan the add-ons: the platform passes this list to the
 * plan role's access entry (`cluster.planAccess`), and the add-ons stack binds the plan-reader Role
 * in each of them, failing synth for a release outside the list. test/stacks keeps this list equal
 * to the releases' namespaces.
 */
export const ADDON_RELEASE_NAMESPACES = ['argocd', 'cert-manager', 'external-dns', 'external-secrets', 'kube-system', 'opentelemetry'] as const;
