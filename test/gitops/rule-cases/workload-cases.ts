/** Cases for the workload and namespace rules: each breaks the compliant environment once. */
import { changed, DEPLOYMENT, type GitopsRuleCase } from './compliant-environment';
import { namespacePodSecurity } from '../rules/namespace-rules';
import { containerProbes, containerResources, imagePinned, podSecurityRestricted, readOnlyRootFilesystem } from '../rules/workload-rules';

const pod = (o: any) => o.spec.template.spec;
const c0 = (o: any) => pod(o).containers[0];

const podCase = (violates: string, says: string, mutate: (o: any) => void): GitopsRuleCase => ({
  rule: podSecurityRestricted,
  violates,
  objects: changed('Deployment', 'chatbot', mutate),
  names: DEPLOYMENT,
  says,
});

export const WORKLOAD_CASES: readonly GitopsRuleCase[] = [
  podCase('hostNetwork', 'hostNetwork is true', (o) => (pod(o).hostNetwork = true)),
  podCase('hostPID', 'hostPID is true', (o) => (pod(o).hostPID = true)),
  podCase('a hostPath volume', 'volume host is a hostPath volume', (o) => pod(o).volumes.push({ name: 'host', hostPath: { path: '/' } })),
  podCase('runAsNonRoot false on the container', 'container chatbot: runAsNonRoot is not true', (o) => (c0(o).securityContext.runAsNonRoot = false)),
  podCase('runAsUser 0', 'container chatbot: runAsUser is 0', (o) => (pod(o).securityContext.runAsUser = 0)),
  podCase('no allowPrivilegeEscalation', 'allowPrivilegeEscalation must be false', (o) => delete c0(o).securityContext.allowPrivilegeEscalation),
  podCase('privileged', 'privileged is true', (o) => (c0(o).securityContext.privileged = true)),
  podCase('capabilities not dropped', 'capabilities.drop must include ALL', (o) => (c0(o).securityContext.capabilities.drop = ['NET_RAW'])),
  podCase('an added capability', 'capabilities.add must be empty, found NET_BIND_SERVICE', (o) => (c0(o).securityContext.capabilities.add = ['NET_BIND_SERVICE'])),
  podCase('seccomp Unconfined', 'seccompProfile.type is Unconfined', (o) => (pod(o).securityContext.seccompProfile.type = 'Unconfined')),
  podCase('a hostPort', 'uses hostPort 8080', (o) => (c0(o).ports[0].hostPort = 8080)),
  podCase('an init container without a security context', 'initContainer migrate: allowPrivilegeEscalation', (o) => (pod(o).initContainers = [{ name: 'migrate', image: 'x:1' }])),
  { rule: readOnlyRootFilesystem, violates: 'a writable root filesystem', objects: changed('Deployment', 'chatbot', (o) => (c0(o).securityContext.readOnlyRootFilesystem = false)), names: DEPLOYMENT, says: 'readOnlyRootFilesystem must be true' },
  { rule: containerResources, violates: 'no memory limit', objects: changed('Deployment', 'chatbot', (o) => delete c0(o).resources.limits.memory), names: DEPLOYMENT, says: 'resources lack limits.memory' },
  { rule: containerResources, violates: 'no resources', objects: changed('Deployment', 'chatbot', (o) => delete c0(o).resources), names: DEPLOYMENT, says: 'requests.cpu, requests.memory, limits.cpu, limits.memory' },
  { rule: containerProbes, violates: 'no readiness probe', objects: changed('Deployment', 'chatbot', (o) => delete c0(o).readinessProbe), names: DEPLOYMENT, says: 'has no readinessProbe' },
  { rule: containerProbes, violates: 'no liveness probe', objects: changed('Deployment', 'chatbot', (o) => delete c0(o).livenessProbe), names: DEPLOYMENT, says: 'has no livenessProbe' },
  { rule: imagePinned, violates: 'an untagged image', objects: changed('Deployment', 'chatbot', (o) => (c0(o).image = 'chatbot')), names: DEPLOYMENT, says: 'image chatbot has no tag' },
  { rule: imagePinned, violates: 'an untagged image on a registry with a port', objects: changed('Deployment', 'chatbot', (o) => (c0(o).image = 'reg.example.com:5000/chatbot')), names: DEPLOYMENT, says: 'has no tag' },
  { rule: imagePinned, violates: 'latest in a system namespace', objects: changed('Deployment', 'tool', (o) => (c0(o).image = 'tool:latest')), names: 'gitops/platform/base/argocd-tool.yaml: Deployment argocd/tool', says: 'uses latest' },
  { rule: namespacePodSecurity, violates: 'a baseline namespace', objects: changed('Namespace', 'chatbot', (o) => (o.metadata.labels['pod-security.kubernetes.io/enforce'] = 'baseline')), names: 'gitops/platform/base/namespaces.yaml: Namespace chatbot', says: 'is baseline; set it to restricted' },
  { rule: namespacePodSecurity, violates: 'pods in an undeclared namespace', objects: changed('Deployment', 'chatbot', (o) => (o.metadata.namespace = 'other')), names: 'gitops/apps/chatbot/base/deployment.yaml: Deployment other/chatbot', says: 'no Namespace in gitops/ declares' },
  { rule: namespacePodSecurity, violates: 'pods without a namespace', objects: changed('Deployment', 'chatbot', (o) => delete o.metadata.namespace), names: 'gitops/apps/chatbot/base/deployment.yaml: Deployment chatbot', says: 'has no namespace' },
];
