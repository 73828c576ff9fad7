import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { expect } from 'chai';
import type { Construct } from 'constructs';
import { releaseNamed, synthAddons } from './addon-synth';
import { rolesOf, roleBindingsOf, schemaProblems } from './rbac-objects';
import { HelmAddon, type InstalledAddons } from '../../../modules/addons/helm-addon';
import { PlanReaderRbac, type PlanReaderGrant } from '../../../modules/addons/plan-reader-rbac';
import { HELM_RELEASE_STATE_RULE } from '../../../modules/addons/plan-reader-rbac/rules';

const CHART = { repository: 'https://charts.example.com', chart: 'example', version: '1.0.0' };
const GROUP = 'qa-dev-plan-readers';
const GRANT: PlanReaderGrant = { kubernetesGroup: GROUP, namespaces: ['argocd', 'cert-manager', 'kube-system', 'unused'] };

function addonIn(namespace: string, releaseName: string) {
  return class extends HelmAddon {
    constructor(scope: Construct, id: string, installed: InstalledAddons) {
      super(scope, id, { installed, chart: CHART, releaseName, namespace, values: {} });
    }
  };
}
const ArgoLike = addonIn('argocd', 'argo');
const RootLike = addonIn('argocd', 'root');
const CertLike = addonIn('cert-manager', 'cert');
const SystemLike = addonIn('kube-system', 'system');

function synth(grant: PlanReaderGrant = GRANT) {
  return synthAddons((stack, installed) => {
    new KubernetesProvider(stack, 'kubernetes', {});
    const addons = [new ArgoLike(stack, 'argo', installed), new RootLike(stack, 'root', installed), new CertLike(stack, 'cert', installed), new SystemLike(stack, 'system', installed)];
    new PlanReaderRbac(stack, 'plan-reader', { grant, addons });
  });
}

describe('modules/addons/plan-reader-rbac', () => {
  it('makes one Role and one RoleBinding per namespace the add-ons install into, named after the group', () => {
    const json = synth();
    const roles = rolesOf(json);
    const bindings = roleBindingsOf(json);
    // Not in `unused`: no release there, so its namespace may not even exist.
    expect(roles.map((r) => r.metadata.namespace).sort()).to.deep.equal(['argocd', 'cert-manager', 'kube-system']);
    expect(bindings.map((b) => b.metadata.namespace).sort()).to.deep.equal(['argocd', 'cert-manager', 'kube-system']);
    for (const object of [...roles, ...bindings]) expect(object.metadata.name).to.equal(GROUP);
    expect(resourcesCount(json, 'kubernetes_cluster_role_v1') + resourcesCount(json, 'kubernetes_cluster_role_binding_v1'), 'nothing cluster-scoped').to.equal(0);
  });

  it('lets the group list Helm release state (ConfigMaps) and get its own Role and RoleBinding; never Secrets, never a wildcard', () => {
    for (const role of rolesOf(synth())) {
      expect(role.rules).to.deep.equal([
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list'] },
        { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], resourceNames: [GROUP], verbs: ['get'] },
      ]);
      for (const rule of role.rules) {
        expect(rule.resources, role.metadata.namespace).to.not.include.members(['secrets']);
        expect([...rule.apiGroups, ...rule.resources, ...rule.verbs]).to.not.include('*');
        expect(['get', 'list']).to.include.members(rule.verbs);
      }
    }
    expect(HELM_RELEASE_STATE_RULE.resources).to.deep.equal(['configmaps']);
  });

  it('binds each Role, by reference, to the group only, in its own namespace', () => {
    const json = synth();
    const roles = new Map(rolesOf(json).map((r) => [r.logicalId, r]));
    for (const binding of roleBindingsOf(json)) {
      expect(binding.subjects).to.deep.equal([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: GROUP, namespace: undefined }]);
      expect(binding.roleRef).to.deep.equal({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: GROUP });
      expect(roles.get(binding.roleRefLogicalId ?? '')?.metadata.namespace, 'a Role of the stack, same namespace').to.equal(binding.metadata.namespace);
    }
  });

  it('creates each Role after the releases of its namespace (Helm creates the namespace)', () => {
    const json = synth();
    const byNamespace = new Map(rolesOf(json).map((r) => [r.metadata.namespace, r.dependsOn]));
    expect(byNamespace.get('argocd')).to.have.members([releaseNamed(json, 'argo').address, releaseNamed(json, 'root').address]);
    expect(byNamespace.get('cert-manager')).to.deep.equal([releaseNamed(json, 'cert').address]);
    expect(byNamespace.get('kube-system')).to.deep.equal([releaseNamed(json, 'system').address]);
  });

  it('validates against the Kubernetes API schema (kubernetes-models Role and RoleBinding)', async () => {
    const json = synth();
    const objects = [...rolesOf(json), ...roleBindingsOf(json)];
    expect(objects).to.have.length(6);
    expect(await schemaProblems(objects)).to.deep.equal([]);
  });

  it('refuses an add-on in a namespace the plan role may not read, naming the add-on, the namespace and the fix', () => {
    expect(() => synth({ kubernetesGroup: GROUP, namespaces: ['argocd', 'kube-system'] })).to.throw(
      /the release "cert" installs into namespace "cert-manager", which the CI plan role may not read .*add "cert-manager" to ADDON_RELEASE_NAMESPACES/,
    );
  });
});

function resourcesCount(json: ReturnType<typeof synth>, type: string): number {
  return Object.keys(json.resource?.[type] ?? {}).length;
}
