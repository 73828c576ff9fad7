/** Cases for the Argo CD rules: each breaks the compliant environment once. */
import { APPS_PROJECT, changed, CHATBOT_APP, CHATBOT_DIR, type GitopsRuleCase, IN_CLUSTER, plus } from './compliant-environment';
import {
  applicationAllowedByProject,
  applicationFinalizer,
  applicationProject,
  applicationSyncPolicy,
  applicationSyncWave,
  appsProjectNamespaced,
  projectSourceReposLimited,
} from '../rules/argo-rules';
import { applicationResourcesPermitted } from '../rules/project-permissions';

export const ARGO_CASES: readonly GitopsRuleCase[] = [
  { rule: applicationFinalizer, violates: 'no finalizer', objects: changed('Application', 'chatbot-dev', (o) => delete o.metadata.finalizers), names: CHATBOT_APP, says: 'no resources-finalizer' },
  { rule: applicationProject, violates: 'the default project', objects: changed('Application', 'chatbot-dev', (o) => (o.spec.project = 'default')), names: CHATBOT_APP, says: 'uses project default' },
  { rule: applicationProject, violates: 'an undefined project', objects: changed('Application', 'chatbot-dev', (o) => (o.spec.project = 'team')), names: CHATBOT_APP, says: 'which no AppProject in gitops/ defines' },
  { rule: applicationAllowedByProject, violates: 'a destination outside the project', objects: changed('Application', 'chatbot-dev', (o) => (o.spec.destination.namespace = 'kube-system')), names: CHATBOT_APP, says: 'destination namespace kube-system is not allowed by project apps' },
  { rule: applicationAllowedByProject, violates: 'a source outside the project', objects: changed('Application', 'chatbot-dev', (o) => (o.spec.source.repoURL = 'https://github.com/evil/repo.git')), names: CHATBOT_APP, says: 'source https://github.com/evil/repo.git is not among' },
  { rule: applicationSyncPolicy, violates: 'no selfHeal', objects: changed('Application', 'chatbot-dev', (o) => (o.spec.syncPolicy.automated.selfHeal = false)), names: CHATBOT_APP, says: 'selfHeal is not true' },
  { rule: applicationSyncPolicy, violates: 'no prune', objects: changed('Application', 'chatbot-dev', (o) => delete o.spec.syncPolicy.automated.prune), names: CHATBOT_APP, says: 'prune is not true' },
  { rule: applicationSyncPolicy, violates: 'no retry', objects: changed('Application', 'chatbot-dev', (o) => delete o.spec.syncPolicy.retry), names: CHATBOT_APP, says: 'retry.limit is not a positive number' },
  { rule: applicationSyncWave, violates: 'no sync wave', objects: changed('Application', 'chatbot-dev', (o) => delete o.metadata.annotations), names: CHATBOT_APP, says: 'sync-wave' },
  { rule: appsProjectNamespaced, violates: 'a cluster resource whitelist', objects: changed('AppProject', 'apps', (o) => (o.spec.clusterResourceWhitelist = [{ group: '', kind: 'Namespace' }])), names: APPS_PROJECT, says: 'clusterResourceWhitelist must be empty, found core/Namespace' },
  { rule: appsProjectNamespaced, violates: 'a wildcard destination', objects: changed('AppProject', 'apps', (o) => (o.spec.destinations = [{ server: IN_CLUSTER, namespace: '*' }])), names: APPS_PROJECT, says: 'destinations allow namespace kube-system' },
  { rule: appsProjectNamespaced, violates: 'a glob that reaches kube-system', objects: changed('AppProject', 'apps', (o) => o.spec.destinations.push({ server: IN_CLUSTER, namespace: 'kube-*' })), names: APPS_PROJECT, says: 'destinations allow namespace kube-system' },
  { rule: appsProjectNamespaced, violates: 'a deny list that forgets argocd', objects: changed('AppProject', 'apps', (o) => (o.spec.destinations = [{ server: IN_CLUSTER, namespace: '!kube-system' }, { server: IN_CLUSTER, namespace: '*' }])), names: APPS_PROJECT, says: 'destinations allow namespace argocd' },
  { rule: appsProjectNamespaced, violates: 'every cluster as destination', objects: changed('AppProject', 'apps', (o) => (o.spec.destinations[0].server = '*')), names: APPS_PROJECT, says: 'allows every cluster' },
  { rule: appsProjectNamespaced, violates: 'CreateNamespace on an apps Application', objects: changed('Application', 'chatbot-dev', (o) => (o.spec.syncPolicy.syncOptions = ['CreateNamespace=true'])), names: CHATBOT_APP, says: 'must not use CreateNamespace=true' },
  { rule: projectSourceReposLimited, violates: 'sourceRepos *', objects: changed('AppProject', 'platform', (o) => (o.spec.sourceRepos = ['*'])), names: 'gitops/bootstrap/base/projects.yaml: AppProject argocd/platform', says: 'sourceRepos entry * is a wildcard' },
  { rule: projectSourceReposLimited, violates: 'a wildcard owner', objects: changed('AppProject', 'apps', (o) => (o.spec.sourceRepos = ['https://github.com/acme/*'])), names: APPS_PROJECT, says: 'https://github.com/acme/* is a wildcard' },
  { rule: projectSourceReposLimited, violates: 'no sourceRepos', objects: changed('AppProject', 'apps', (o) => delete o.spec.sourceRepos), names: APPS_PROJECT, says: 'sourceRepos is empty' },
  {
    rule: applicationResourcesPermitted,
    violates: 'a cluster-scoped object in an apps Application',
    objects: plus(CHATBOT_DIR, 'gitops/apps/chatbot/base/role.yaml', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'chatbot' } }),
    names: 'gitops/apps/chatbot/base/role.yaml: ClusterRole chatbot',
    says: 'project apps refuses it: cluster-scoped rbac.authorization.k8s.io/ClusterRole is not in clusterResourceWhitelist',
  },
  {
    rule: applicationResourcesPermitted,
    violates: 'a namespaced kind the apps project does not list',
    objects: plus(CHATBOT_DIR, 'gitops/apps/chatbot/base/secret.yaml', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'chatbot' } }),
    names: 'gitops/apps/chatbot/base/secret.yaml: Secret chatbot/s',
    says: 'core/Secret is not in namespaceResourceWhitelist',
  },
  {
    rule: applicationResourcesPermitted,
    violates: 'an object in a namespace outside the destinations',
    objects: changed('Deployment', 'chatbot', (o) => (o.metadata.namespace = 'kube-system')),
    names: 'gitops/apps/chatbot/base/deployment.yaml: Deployment kube-system/chatbot',
    says: 'namespace kube-system is not among the destinations',
  },
  {
    rule: applicationResourcesPermitted,
    violates: 'a source path nothing renders',
    objects: changed('Application', 'chatbot-dev', (o) => (o.spec.source.path = 'gitops/apps/chatbot/overlays/staging')),
    names: CHATBOT_APP,
    says: 'source.path gitops/apps/chatbot/overlays/staging is not a rendered kustomization root',
  },
];
