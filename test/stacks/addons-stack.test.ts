import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { expect } from 'chai';
import { ADDON_RELEASE_NAMESPACES } from '../../modules/shared/addon-namespaces';
import { SERVICE_ACCOUNTS } from '../../modules/shared/service-accounts';
import { buildPlatformApp } from '../../stacks/app';
import { rolesOf, roleBindingsOf } from '../modules/addons/rbac-objects';
import { PLAN_READER_RULES, principalRbacWithoutSecrets } from '../policy/rules/eks-plan-reader';
import { releaseWithoutSensitiveValues } from '../policy/rules/helm-release-values';
import { testProject } from '../support/environment';
import { type TerraformJson, dataOf, resourcesOf } from '../support/synth';

interface Synthesized {
  readonly platform: TerraformJson;
  readonly addons: TerraformJson;
}

const ENVIRONMENTS = ['dev', 'prod'] as const;
type EnvironmentName = (typeof ENVIRONMENTS)[number];

/** Release name → what must be installed: chart, exact version, namespace. */
const RELEASES = {
  'cert-manager': { repository: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1', namespace: 'cert-manager' },
  'aws-load-balancer-controller': { repository: 'https://aws.github.io/eks-charts', chart: 'aws-load-balancer-controller', version: '3.5.0', namespace: 'kube-system' },
  'external-secrets': { repository: 'https://charts.external-secrets.io', chart: 'external-secrets', version: '2.9.0', namespace: 'external-secrets' },
  'otel-collector': { repository: 'https://open-telemetry.github.io/opentelemetry-helm-charts', chart: 'opentelemetry-collector', version: '0.170.0', namespace: 'opentelemetry' },
  'metrics-server': { repository: 'https://kubernetes-sigs.github.io/metrics-server/', chart: 'metrics-server', version: '3.13.1', namespace: 'kube-system' },
  'argo-cd': { repository: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '8.6.4', namespace: 'argocd' },
  'argocd-root-app': { repository: 'https://argoproj.github.io/argo-helm', chart: 'argocd-apps', version: '2.0.5', namespace: 'argocd' },
  'external-dns': { repository: 'https://kubernetes-sigs.github.io/external-dns/', chart: 'external-dns', version: '1.21.1', namespace: 'external-dns' },
  'karpenter-crd': { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter-crd', version: '1.14.1', namespace: 'kube-system' },
  'karpenter': { repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: '1.14.1', namespace: 'kube-system' },
} as const;
type ReleaseName = keyof typeof RELEASES;

/**
 * The releases of each test environment: prod has a domain in a Route 53 zone (test/support/environment.ts),
 * so external-dns; dev has no domain, so no DNS record to keep.
 */
const RELEASES_OF: Record<EnvironmentName, readonly ReleaseName[]> = {
  dev: (Object.keys(RELEASES) as ReleaseName[]).filter((name) => name !== 'external-dns'),
  prod: Object.keys(RELEASES) as ReleaseName[],
};

/** The install chain, first to last (metrics-server stands apart). */
const CHAIN: readonly ReleaseName[] = ['cert-manager', 'aws-load-balancer-controller', 'external-secrets', 'argo-cd', 'argocd-root-app', 'otel-collector'];

/**
 * Dependencies beyond the chain: external-dns (Route 53) comes after the load balancer controller,
 * whose ALB it publishes, and before Argo CD, so it outlives the root app's cascade on destroy.
 */
const SIDE_DEPENDENCIES: Record<EnvironmentName, Partial<Record<ReleaseName, readonly ReleaseName[]>>> = {
  // Karpenter after its CRDs and before Argo CD, so it outlives the cascade that deletes its NodePools.
  dev: { 'karpenter-crd': [], 'karpenter': ['karpenter-crd'], 'argo-cd': ['external-secrets', 'karpenter'] },
  prod: { 'external-dns': ['aws-load-balancer-controller'], 'karpenter-crd': [], 'karpenter': ['karpenter-crd'], 'argo-cd': ['external-secrets', 'karpenter', 'external-dns'] },
};

let synthesized: Record<EnvironmentName, Synthesized>;

/** helm_release by release name, with its logical id. */
function releases(json: TerraformJson): Map<string, { id: string; release: Record<string, any> }> {
  return new Map(Object.entries(resourcesOf(json, 'helm_release')).map(([id, r]) => [r.name as string, { id, release: r }]));
}

function release(json: TerraformJson, name: ReleaseName): Record<string, any> {
  const found = releases(json).get(name);
  if (!found) throw new Error(`no helm_release ${name}`);
  return found.release;
}

function valuesOf(json: TerraformJson, name: ReleaseName): any {
  const values = release(json, name).values as string[];
  expect(values, `${name} values`).to.have.length(1);
  return JSON.parse(values[0]);
}

/**
 * Follow a cross-stack reference back to the platform stack: `${data.terraform_remote_state.X.outputs.O}`
 * (possibly inside a function call) becomes the platform output O's value, e.g. `${aws_eks_cluster.c.endpoint}`.
 * Also checks that the remote state reads the platform stack's state from the state bucket.
 */
function platformValue({ platform, addons }: Synthesized, reference: string, env: EnvironmentName): string {
  const match = /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/.exec(reference);
  if (!match) throw new Error(`not a cross-stack reference: ${reference}`);
  const [, stateId, output] = match;
  const remote = dataOf(addons, 'terraform_remote_state')[stateId];
  expect(remote?.backend, `${stateId} backend`).to.equal('s3');
  expect(remote.config).to.include({ key: `platform-${env}/terraform.tfstate`, bucket: 'qa-tfstate-111122223333-eu-west-1', region: 'eu-west-1' });
  const value = platform.output?.[output]?.value as string | undefined;
  if (value === undefined) throw new Error(`platform-${env} has no output ${output}`);
  return value;
}

function onlyId(json: TerraformJson, type: string): string {
  const ids = Object.keys(resourcesOf(json, type));
  expect(ids, type).to.have.length(1);
  return ids[0];
}

/** Logical id of the platform's IAM role with this name. */
function roleId(json: TerraformJson, name: string): string {
  const found = Object.entries(resourcesOf(json, 'aws_iam_role')).filter(([, role]) => role.name === name);
  expect(found, `role ${name}`).to.have.length(1);
  return found[0][0];
}

/** release name → release names it depends on, from the synthesized depends_on. */
function dependencyGraph(json: TerraformJson): Map<string, string[]> {
  const byId = new Map([...releases(json)].map(([name, { id }]) => [`helm_release.${id}`, name]));
  return new Map(
    [...releases(json)].map(([name, { release: r }]) => [
      name,
      ((r.depends_on ?? []) as string[]).map((address) => {
        const dependency = byId.get(address);
        if (!dependency) throw new Error(`${name} depends on ${address}, which is not a helm_release of this stack`);
        return dependency;
      }),
    ]),
  );
}

/** Kahn's algorithm (ties broken by name so the order is stable); throws on a cycle. */
function topologicalOrder(graph: Map<string, string[]>): string[] {
  const order: string[] = [];
  const remaining = new Map([...graph].map(([node, deps]) => [node, new Set(deps)]));
  while (remaining.size > 0) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([node]) => node).sort();
    if (ready.length === 0) throw new Error(`dependency cycle among ${[...remaining.keys()].join(', ')}`);
    for (const node of ready) {
      order.push(node);
      remaining.delete(node);
      for (const deps of remaining.values()) deps.delete(node);
    }
  }
  return order;
}

/** Everything `node` depends on, directly or not: Terraform destroys `node` before all of them. */
function transitiveDependencies(graph: Map<string, string[]>, node: string): Set<string> {
  const seen = new Set<string>();
  const visit = (n: string) => {
    for (const dep of graph.get(n) ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        visit(dep);
      }
    }
  };
  visit(node);
  return seen;
}

describe('stacks/addons-stack', () => {
  before(function () {
    this.timeout(60_000);
    // The whole app, as `cdktf synth` does: cross-stack references are only resolved into outputs
    // and terraform_remote_state when every stack is synthesized together (not by Testing.synth).
    const outdir = mkdtempSync(join(tmpdir(), 'addons-synth-'));
    buildPlatformApp(testProject(), new App({ outdir })).app.synth();
    const read = (stack: string): TerraformJson => JSON.parse(readFileSync(join(outdir, 'stacks', stack, 'cdk.tf.json'), 'utf8'));
    const synth = (name: EnvironmentName): Synthesized => ({ platform: read(`platform-${name}`), addons: read(`addons-${name}`) });
    synthesized = { dev: synth('dev'), prod: synth('prod') };
  });

  for (const env of ENVIRONMENTS) {
    describe(`addons-${env}`, () => {
      const json = () => synthesized[env].addons;

      it('configures the AWS provider like the platform stack (region, account, default tags)', () => {
        const [aws] = json().provider?.aws ?? [];
        expect(aws).to.deep.equal(synthesized[env].platform.provider?.aws?.find((p) => p.alias === undefined));
      });

      it('points Helm at the platform cluster: endpoint and CA from the platform outputs, a fresh token from aws eks get-token', () => {
        const [helm] = json().provider?.helm ?? [];
        const clusterId = onlyId(synthesized[env].platform, 'aws_eks_cluster');
        const k8s = helm.kubernetes;
        expect(platformValue(synthesized[env], k8s.host, env)).to.equal(`\${aws_eks_cluster.${clusterId}.endpoint}`);
        expect(k8s.cluster_ca_certificate).to.match(/^\$\{base64decode\(data\.terraform_remote_state\.[\w-]+\.outputs\.[\w-]+\)\}$/);
        expect(platformValue(synthesized[env], k8s.cluster_ca_certificate, env)).to.equal(`\${aws_eks_cluster.${clusterId}.certificate_authority[0].data}`);
        // No token in the configuration (nor in a saved plan): the exec plugin gets one per connection.
        expect(k8s.token).to.equal(undefined);
        expect(dataOf(json(), 'aws_eks_cluster_auth')).to.deep.equal({});
        expect(k8s.exec.api_version).to.equal('client.authentication.k8s.io/v1beta1');
        expect(k8s.exec.command).to.equal('aws');
        const args = k8s.exec.args as string[];
        expect(args.slice(0, 3)).to.deep.equal(['eks', 'get-token', '--cluster-name']);
        expect(platformValue(synthesized[env], args[3]!, env)).to.equal(`\${aws_eks_cluster.${clusterId}.name}`);
        expect(args.slice(4)).to.deep.equal(['--region', 'eu-west-1', '--output', 'json']);
      });

      it('stores Helm release state in ConfigMaps, so the CI plan role never needs to read Secrets', () => {
        const [helm] = json().provider?.helm ?? [];
        expect(helm.helm_driver).to.equal('configmap');
        expect(helm.experiments, 'the manifest experiment would dry-run charts against the cluster at plan time').to.equal(undefined);
      });

      it('connects the Kubernetes provider (the plan-reader RBAC) exactly as Helm: same endpoint, CA and get-token exec', () => {
        const [helm] = json().provider?.helm ?? [];
        const [kubernetes] = json().provider?.kubernetes ?? [];
        expect(json().provider?.kubernetes).to.have.length(1);
        expect(kubernetes).to.deep.equal({ ...helm.kubernetes, exec: [helm.kubernetes.exec] });
        expect(kubernetes.token).to.equal(undefined);
      });

      it('maps the plan role to a group with no EKS access policy, and lets that group read only release state in the release namespaces', () => {
        const namespaces = [...new Set([...releases(json()).values()].map(({ release: r }) => r.namespace as string))].sort();
        expect(namespaces).to.deep.equal([...new Set(RELEASES_OF[env].map((name) => RELEASES[name].namespace))].sort());
        // The list names exactly the namespaces some environment installs into (the plan role's
        // access entry is the same in every environment).
        expect([...new Set(Object.values(RELEASES).map((r) => r.namespace))].sort()).to.deep.equal([...ADDON_RELEASE_NAMESPACES].sort());
        expect(namespaces.every((ns) => (ADDON_RELEASE_NAMESPACES as readonly string[]).includes(ns))).to.equal(true);
        const platform = synthesized[env].platform;
        const planEntries = Object.entries(resourcesOf(platform, 'aws_eks_access_entry')).filter(([, e]) => e.principal_arn === 'arn:aws:iam::111122223333:role/qa-github-plan');
        expect(planEntries).to.have.length(1);
        const [entryId, entry] = planEntries[0];
        expect(entry.kubernetes_groups).to.deep.equal([`qa-${env}-plan-readers`]);
        const ref = `\${aws_eks_access_entry.${entryId}.principal_arn}`;
        expect(Object.values(resourcesOf(platform, 'aws_eks_access_policy_association')).filter((a) => a.principal_arn === ref)).to.deep.equal([]);

        const roles = rolesOf(json());
        const bindings = roleBindingsOf(json());
        expect(roles.map((r) => r.metadata.namespace).sort()).to.deep.equal(namespaces);
        expect(bindings.map((b) => b.metadata.namespace).sort()).to.deep.equal(namespaces);
        for (const binding of bindings) expect(binding.subjects.map((s) => `${s.kind} ${s.name}`)).to.deep.equal([`Group qa-${env}-plan-readers`]);
        for (const role of roles) {
          expect(role.rules.flatMap((r) => r.resources)).to.have.members(['configmaps', 'roles', 'rolebindings']);
          expect(role.rules.flatMap((r) => r.verbs)).to.not.include.members(['*', 'create', 'update', 'patch', 'delete']);
        }
      });

      it('passes the plan-reader policy rules, which see its real RBAC and releases (and catch a Secrets read added to it)', () => {
        const rules = [...PLAN_READER_RULES, releaseWithoutSensitiveValues];
        const stack = { name: `addons-${env}`, json: json(), production: env === 'prod', kind: 'other' as const };
        const platform = { name: `platform-${env}`, json: synthesized[env].platform, production: env === 'prod', kind: 'platform' as const };
        expect(rules.flatMap((rule) => [...rule.check(stack), ...rule.check(platform)])).to.deep.equal([]);
        expect(Object.keys(resourcesOf(json(), 'helm_release'))).to.have.length(RELEASES_OF[env].length);
        const tampered = structuredClone(json());
        const [readerRoleId] = Object.keys(resourcesOf(tampered, 'kubernetes_role_v1'));
        tampered.resource!.kubernetes_role_v1![readerRoleId!]!.rule[0].resources.push('secrets');
        expect(principalRbacWithoutSecrets.check({ ...stack, json: tampered }).map((v) => v.resource)).to.deep.equal([`kubernetes_role_v1.${readerRoleId}`]);
      });

      it('keeps its state in the bucket under addons-<env>/, encrypted and locked', () => {
        expect(json().terraform?.backend?.s3).to.deep.equal({
          bucket: 'qa-tfstate-111122223333-eu-west-1',
          key: `addons-${env}/terraform.tfstate`,
          region: 'eu-west-1',
          encrypt: true,
          use_lockfile: true,
        });
      });

      it('installs every add-on from its pinned chart version, and nothing else', () => {
        expect([...releases(json()).keys()]).to.have.members([...RELEASES_OF[env]]);
        for (const name of RELEASES_OF[env]) {
          const expected = RELEASES[name];
          expect(release(json(), name), name).to.include(expected);
          expect(expected.version, name).to.match(/^v?\d+\.\d+\.\d+$/);
        }
        expect(Object.keys(json().resource ?? {}).sort()).to.deep.equal(['helm_release', 'kubernetes_role_binding_v1', 'kubernetes_role_v1']);
      });

      it('health-gates every release: waits for readiness and jobs, rolls back a failed install', () => {
        for (const name of RELEASES_OF[env]) {
          expect(release(json(), name), name).to.include({ wait: true, wait_for_jobs: true, atomic: true });
        }
      });

      it('gives the load balancer controller the platform cluster name, VPC, region and IRSA role', () => {
        const { platform } = synthesized[env];
        const values = valuesOf(json(), 'aws-load-balancer-controller');
        expect(platformValue(synthesized[env], values.clusterName, env)).to.equal(`\${aws_eks_cluster.${onlyId(platform, 'aws_eks_cluster')}.name}`);
        expect(platformValue(synthesized[env], values.vpcId, env)).to.equal(`\${aws_vpc.${onlyId(platform, 'aws_vpc')}.id}`);
        expect(values.region).to.equal('eu-west-1');
        expect(values.serviceAccount.name).to.equal(SERVICE_ACCOUNTS.loadBalancerController.name);
        expect(platformValue(synthesized[env], values.serviceAccount.annotations['eks.amazonaws.com/role-arn'], env)).to.equal(
          `\${aws_iam_role.${roleId(platform, `qa-${env}-aws-load-balancer-controller`)}.arn}`,
        );
      });

      it('annotates the External Secrets and collector service accounts with their platform IRSA roles', () => {
        const { platform } = synthesized[env];
        const cases = [
          ['external-secrets', SERVICE_ACCOUNTS.externalSecrets.name, `qa-${env}-external-secrets`],
          ['otel-collector', SERVICE_ACCOUNTS.adotCollector.name, `qa-${env}-adot-collector`],
        ] as const;
        for (const [releaseName, account, role] of cases) {
          const { serviceAccount } = valuesOf(json(), releaseName);
          expect(serviceAccount.name, releaseName).to.equal(account);
          expect(platformValue(synthesized[env], serviceAccount.annotations['eks.amazonaws.com/role-arn'], env), releaseName).to.equal(
            `\${aws_iam_role.${roleId(platform, role)}.arn}`,
          );
        }
      });

      it('points the root app at gitops/bootstrap/<env> of the configured repository and branch', () => {
        const { applications } = valuesOf(json(), 'argocd-root-app');
        expect(Object.keys(applications)).to.deep.equal([`root-${env}`]);
        const { kustomize, ...source } = applications[`root-${env}`].source;
        expect(source).to.deep.equal({
          repoURL: 'https://github.com/acme/chatbot-platform.git',
          targetRevision: 'main',
          path: `gitops/bootstrap/${env}`,
        });
        // The edge values only Terraform knows, for chatbot-<env> (test/gitops/edge-injection.test.ts).
        expect(kustomize.patches.map((p: any) => p.target)).to.deep.equal([{ group: 'argoproj.io', kind: 'Application', name: `chatbot-${env}` }]);
      });

      it(`runs Argo CD ${env === 'prod' ? 'highly available' : 'as single replicas'}, never exposed outside the cluster`, () => {
        const values = valuesOf(json(), 'argo-cd');
        const highAvailability = env === 'prod';
        expect(values['redis-ha'].enabled).to.equal(highAvailability);
        expect(values.server.replicas).to.equal(highAvailability ? 2 : 1);
        expect(values.repoServer.replicas).to.equal(highAvailability ? 2 : 1);
        expect(values.server.pdb.enabled).to.equal(highAvailability);
        expect(values.server.service.type).to.equal('ClusterIP');
      });

      it('installs in the chain cert-manager <- LB controller <- ESO <- Argo CD <- root app <- collector (metrics-server apart)', () => {
        const graph = dependencyGraph(json());
        CHAIN.forEach((name, i) => expect(graph.get(name), name).to.deep.equal(SIDE_DEPENDENCIES[env][name] ?? (i === 0 ? [] : [CHAIN[i - 1]])));
        for (const [name, dependencies] of Object.entries(SIDE_DEPENDENCIES[env])) expect(graph.get(name), name).to.deep.equal(dependencies);
        expect(graph.get('metrics-server')).to.deep.equal([]);
        const order = topologicalOrder(graph).filter((name) => CHAIN.includes(name as ReleaseName));
        expect(order).to.deep.equal(CHAIN);
      });

      it('destroys in reverse: the root app before every controller, the load balancer controller after Argo CD and its apps', () => {
        const graph = dependencyGraph(json());
        const destroyOrder = topologicalOrder(graph).reverse();
        const chainDestroyOrder = destroyOrder.filter((name) => CHAIN.includes(name as ReleaseName));
        expect(chainDestroyOrder).to.deep.equal([...CHAIN].reverse());
        // Only the collector (it consumes GitOps config, owns no Ingress) is removed before the root app.
        expect(chainDestroyOrder.slice(0, 2)).to.deep.equal(['otel-collector', 'argocd-root-app']);
        expect([...graph.values()].flat().filter((dependency) => dependency === 'argocd-root-app')).to.deep.equal(['argocd-root-app']);
        // In every order Terraform may pick, the controllers outlive the root app (they are among its
        // transitive dependencies), so the load balancer controller deletes the ALBs of its Ingresses.
        // external-dns too: with policy sync it deletes the chat host's record once the Ingress is gone.
        const controllers = ['cert-manager', 'aws-load-balancer-controller', 'external-secrets', 'argo-cd', ...(env === 'prod' ? ['external-dns'] : [])];
        for (const controller of controllers) {
          expect([...transitiveDependencies(graph, 'argocd-root-app')], controller).to.include(controller);
          expect(destroyOrder.indexOf('argocd-root-app'), controller).to.be.lessThan(destroyOrder.indexOf(controller));
        }
      });
    });
  }
});
