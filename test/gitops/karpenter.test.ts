/**
 * Karpenter's NodePool and EC2NodeClass of each environment (gitops/platform/overlays/<env>, built
 * from components/karpenter): valid against the pinned Karpenter CRDs with no unknown field, equal
 * to config/<env>.yaml `karpenter:` and to the names the platform stack builds (node role, cluster,
 * discovery tag), hardened (IMDSv2 with one hop, encrypted volumes), and large enough for the
 * chatbot's HPA at its maximum.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Testing } from 'cdktf';
import { expect } from 'chai';
import { parse } from 'yaml';
import { CRD_FIXTURES, crdSchema } from './crd-model';
import { ofKind } from './gitops-rule';
import { loadModelRegistry, validateObject, type ModelRegistry } from './model-registry';
import { expectedRequirements, hpaFitProblems, parseQuantity, podRequests } from './node-capacity';
import { environmentOf, findRootDirs, locate, renderDirectory, REPO_ROOT, requireKubectl, type KubernetesObject, type RenderedObject } from './render';
import { CLUSTER_SCOPED_KINDS } from './rules/project-permissions';
import { KARPENTER_VERSION } from '../../modules/addons/karpenter';
import { DEFAULT_NODE_POOL, KARPENTER_DISCOVERY_TAG_KEY, karpenterNodePools, karpenterNodeRoleName, SPOT_FALLBACK_NODE_POOL } from '../../modules/shared/karpenter-names';
import { environmentResourceName } from '../../modules/shared/naming';
import { environmentTags } from '../../modules/shared/tags';
import { buildPlatformApp } from '../../stacks/app';
import { loadConfig } from '../../stacks/config';
import { resourcesOf, synthStack, type TerraformJson } from '../support/synth';

const project = loadConfig(path.join(REPO_ROOT, 'config'));
const envNames = project.environments.map((e) => e.name);
const roots = findRootDirs();
const objectsOf = (env: string): RenderedObject[] => roots.filter((r) => environmentOf(r, envNames) === env).flatMap((r) => renderDirectory(r));

function only(objects: readonly RenderedObject[], kind: string, name: string, group?: string): RenderedObject {
  const found = ofKind(objects, kind, group).filter((o) => o.object.metadata?.name === name);
  expect(found, `${kind} ${name} rendered ${found.length} times`).to.have.length(1);
  return found[0];
}

/** The capacity types a NodePool's requirements allow. */
const capacityTypesOf = (pool: KubernetesObject): string[] => pool.spec.template.spec.requirements.find((r: { key: string }) => r.key === 'karpenter.sh/capacity-type')?.values ?? [];

const rendered = (object: KubernetesObject, file = 'gitops/platform/components/karpenter/nodepool-default.yaml'): RenderedObject => ({ directory: 'gitops/x', file, object });

describe('Karpenter NodePools and EC2NodeClasses (gitops/platform)', () => {
  let registry: ModelRegistry;
  const platformJson = new Map<string, TerraformJson>();

  before(async () => {
    requireKubectl();
    registry = await loadModelRegistry();
    const app = buildPlatformApp(project, Testing.app());
    for (const platform of app.platforms) platformJson.set(platform.environment.name, synthStack(platform));
  });

  describe('the CRD models', () => {
    const nodePool = (): KubernetesObject => structuredClone(only(objectsOf('dev'), 'NodePool', 'default', 'karpenter.sh').object);
    const nodeClass = (): KubernetesObject => structuredClone(only(objectsOf('dev'), 'EC2NodeClass', 'default', 'karpenter.k8s.aws').object);

    it('are the CRDs of the pinned chart version, kept with their source', () => {
      const source = JSON.parse(readFileSync(path.join(CRD_FIXTURES, `karpenter/v${KARPENTER_VERSION}/source.json`), 'utf8'));
      expect(source).to.include({ project: 'aws/karpenter-provider-aws', tag: `v${KARPENTER_VERSION}` });
      expect(source.commit).to.match(/^[0-9a-f]{40}$/);
      expect(registry.kinds).to.include.members(['karpenter.sh/v1/NodePool', 'karpenter.k8s.aws/v1/EC2NodeClass']);
    });

    it('are cluster-scoped, as the AppProject check (rules/project-permissions.ts) assumes', () => {
      for (const file of ['karpenter.sh_nodepools.yaml', 'karpenter.k8s.aws_ec2nodeclasses.yaml']) {
        const crd = parse(readFileSync(path.join(CRD_FIXTURES, `karpenter/v${KARPENTER_VERSION}`, file), 'utf8'));
        expect(crd.spec.scope, file).to.equal('Cluster');
        expect(CLUSTER_SCOPED_KINDS.has(crd.spec.names.kind), file).to.equal(true);
        expect(crdSchema(`karpenter/v${KARPENTER_VERSION}/${file}`, 'v1')).to.have.property('properties');
      }
    });

    it('refuse an unknown field, naming it', () => {
      const pool = nodePool();
      pool.spec.template.spec.requirement = pool.spec.template.spec.requirements;
      expect(validateObject(registry, rendered(pool))).to.include('/spec/template/spec has unknown field "requirement"');
      const nc = nodeClass();
      nc.spec.metadataOptions.httpTokenz = 'required';
      expect(validateObject(registry, rendered(nc))).to.include('/spec/metadataOptions has unknown field "httpTokenz"');
    });

    it('refuse a value outside an enum or pattern, and a wrong type', () => {
      const pool = nodePool();
      pool.spec.disruption.consolidationPolicy = 'Always';
      pool.spec.disruption.budgets = [{ nodes: 'ten' }];
      const problem = validateObject(registry, rendered(pool));
      expect(problem).to.include('/spec/disruption/consolidationPolicy must be equal to one of the allowed values');
      expect(problem).to.include('/spec/disruption/budgets/0/nodes must match pattern');
      const nc = nodeClass();
      nc.spec.metadataOptions.httpPutResponseHopLimit = 'one';
      expect(validateObject(registry, rendered(nc))).to.include('/spec/metadataOptions/httpPutResponseHopLimit must be integer');
    });

    it('keep maps open: labels, tags and limits take any key', () => {
      const pool = nodePool();
      pool.spec.limits = { ...pool.spec.limits, nodes: '10' };
      pool.spec.template.metadata = { labels: { 'example.com/team': 'chat' } };
      expect(validateObject(registry, rendered(pool))).to.equal(undefined);
    });
  });

  for (const env of project.environments) {
    describe(env.name, () => {
      const name = environmentResourceName(env.namePrefix, env.name);
      const objects = () => objectsOf(env.name);
      const pools = () => ofKind(objects(), 'NodePool', 'karpenter.sh');
      const nodeClasses = () => ofKind(objects(), 'EC2NodeClass', 'karpenter.k8s.aws');
      const json = () => platformJson.get(env.name)!;

      it('defines exactly the NodePools of modules/shared/karpenter-names.ts for its config, each launching from its EC2NodeClass', () => {
        const expected = karpenterNodePools(env.karpenter);
        expect(pools().map((p) => p.object.metadata?.name).sort()).to.deep.equal(expected.map((p) => p.name).sort());
        expect(nodeClasses().map((c) => c.object.metadata?.name)).to.deep.equal([...new Set(expected.map((p) => p.nodeClass))]);
        for (const pool of expected) {
          const { object } = only(objects(), 'NodePool', pool.name, 'karpenter.sh');
          expect(object.spec.template.spec.nodeClassRef).to.deep.equal({ group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: pool.nodeClass });
        }
      });

      it('validates against the pinned CRDs, with no unknown field', () => {
        const problems = [...pools(), ...nodeClasses()].map((o) => validateObject(registry, o)).filter((p) => p !== undefined);
        expect(problems).to.deep.equal([]);
      });

      it('NodePool says what config karpenter: says (instances, capacity types, limits, consolidation, budgets, expiry)', () => {
        const k = env.karpenter;
        const pool = only(objects(), 'NodePool', 'default', 'karpenter.sh');
        const spec = pool.object.spec;
        expect(spec.template.spec.requirements, locate(pool)).to.deep.equal(expectedRequirements(k));
        expect(spec.limits, locate(pool)).to.deep.equal({ cpu: String(k.limits.cpu), memory: `${k.limits.memoryGiB}Gi` });
        expect(spec.disruption, locate(pool)).to.deep.equal({
          consolidationPolicy: k.consolidation.policy,
          consolidateAfter: k.consolidation.consolidateAfter,
          budgets: k.disruptionBudgets,
        });
        expect(spec.template.spec.expireAfter).to.equal(k.expireAfter);
        expect(spec.template.spec.terminationGracePeriod).to.equal(k.terminationGracePeriod);
      });

      it('satisfies the CRDs\' CEL rules this repository relies on (checked here: ajv does not run CEL)', () => {
        for (const pool of pools()) {
          for (const r of pool.object.spec.template.spec.requirements) {
            if (r.operator === 'In') expect(r.values, `${locate(pool)}: ${r.key}`).to.not.be.empty;
            if (['Gt', 'Lt', 'Gte', 'Lte'].includes(r.operator)) expect(r.values, `${locate(pool)}: ${r.key}`).to.satisfy((v: string[]) => v.length === 1 && /^\d+$/.test(v[0]));
          }
          for (const b of pool.object.spec.disruption.budgets) expect(b.schedule === undefined, `${locate(pool)}: budget ${JSON.stringify(b)}`).to.equal(b.duration === undefined);
        }
        for (const nc of nodeClasses()) {
          const spec = nc.object.spec;
          expect(spec.role !== undefined, `${locate(nc)}: exactly one of role and instanceProfile`).to.not.equal(spec.instanceProfile !== undefined);
          expect(spec.amiSelectorTerms, locate(nc)).to.have.length(1);
          const restricted = Object.keys(spec.tags ?? {}).filter((t) => t === 'eks:eks-cluster-name' || t.startsWith('kubernetes.io/cluster') || t.startsWith('karpenter.'));
          expect(restricted, locate(nc)).to.deep.equal([]);
        }
      });

      if (env.production) {
        it('launches on-demand first: the on-demand pool has the highest weight, spot only in a lower-weight pool', () => {
          const ranked = pools()
            .map((p) => ({ name: p.object.metadata?.name, weight: p.object.spec.weight ?? 0, capacity: capacityTypesOf(p.object) }))
            .sort((a, b) => b.weight - a.weight);
          expect(ranked[0], 'the first pool Karpenter tries').to.deep.include({ name: DEFAULT_NODE_POOL.name, capacity: ['on-demand'] });
          for (const later of ranked.slice(1)) expect(later.weight, `${later.name} is tried after ${ranked[0]!.name}`).to.be.lessThan(ranked[0]!.weight);
          expect(ranked.filter((p) => p.weight === ranked[0]!.weight), 'no pool ties with the on-demand one').to.have.length(1);
        });
      }

      if (env.karpenter.spotFallback) {
        const fallback = env.karpenter.spotFallback;
        it('spot-fallback NodePool: the default pool\'s instances on spot, with its own limits and a short expiry, tried after default', () => {
          const k = env.karpenter;
          const pool = only(objects(), 'NodePool', SPOT_FALLBACK_NODE_POOL.name, 'karpenter.sh');
          const spec = pool.object.spec;
          expect(spec.template.spec.requirements, locate(pool)).to.deep.equal(expectedRequirements({ ...k, capacityTypes: ['spot'] }));
          expect(spec.limits, locate(pool)).to.deep.equal({ cpu: String(fallback.limits.cpu), memory: `${fallback.limits.memoryGiB}Gi` });
          expect(spec.template.spec.expireAfter, locate(pool)).to.equal(fallback.expireAfter);
          expect(spec.template.spec.terminationGracePeriod, locate(pool)).to.equal(k.terminationGracePeriod);
          expect(spec.disruption, locate(pool)).to.deep.equal({
            consolidationPolicy: k.consolidation.policy,
            consolidateAfter: k.consolidation.consolidateAfter,
            budgets: k.disruptionBudgets,
          });
          const defaultWeight = only(objects(), 'NodePool', DEFAULT_NODE_POOL.name, 'karpenter.sh').object.spec.weight;
          expect(defaultWeight, 'the default pool has a weight').to.be.a('number');
          expect(spec.weight, locate(pool)).to.be.a('number').and.to.be.lessThan(defaultWeight);
        });
      } else {
        it('has no spot-fallback NodePool and no pool weights (config has no spotFallback)', () => {
          expect(pools().map((p) => p.object.metadata?.name)).to.not.include(SPOT_FALLBACK_NODE_POOL.name);
          expect(pools().map((p) => p.object.spec.weight)).to.deep.equal(pools().map(() => undefined));
        });
      }

      it('EC2NodeClass uses the platform stack\'s node role and finds the subnets and security group the stack tags', () => {
        const nc = only(objects(), 'EC2NodeClass', 'default', 'karpenter.k8s.aws');
        const spec = nc.object.spec;
        const roleName = karpenterNodeRoleName(name);
        expect(spec.role, locate(nc)).to.equal(roleName);
        expect(Object.values(resourcesOf(json(), 'aws_iam_role')).map((r) => r.name)).to.include(roleName);
        const discovery = [{ tags: { [KARPENTER_DISCOVERY_TAG_KEY]: name } }];
        expect(spec.subnetSelectorTerms, locate(nc)).to.deep.equal(discovery);
        expect(spec.securityGroupSelectorTerms, locate(nc)).to.deep.equal(discovery);
        const subnets = Object.values(resourcesOf(json(), 'aws_subnet'));
        const tagged = subnets.filter((s) => s.tags?.[KARPENTER_DISCOVERY_TAG_KEY] === name).map((s) => s.tags.Name);
        expect(tagged).to.deep.equal(Array.from({ length: env.network.azCount }, (_, i) => `${name}-private-${i}`));
        const sgTags = Object.values(resourcesOf(json(), 'aws_ec2_tag')).filter((t) => t.key === KARPENTER_DISCOVERY_TAG_KEY);
        expect(sgTags.map((t) => [t.value, t.resource_id])).to.deep.equal([[name, `\${aws_eks_cluster.${Object.keys(resourcesOf(json(), 'aws_eks_cluster'))[0]}.vpc_config[0].cluster_security_group_id}`]]);
      });

      it('EC2NodeClass: pinned AMI from config, IMDSv2 with one hop, an encrypted gp3 root volume of the configured size', () => {
        const nc = only(objects(), 'EC2NodeClass', 'default', 'karpenter.k8s.aws');
        const spec = nc.object.spec;
        expect(spec.amiSelectorTerms, locate(nc)).to.deep.equal([{ alias: env.karpenter.amiAlias }]);
        expect(spec.amiSelectorTerms[0].alias).to.not.match(/@latest$/);
        expect(spec.metadataOptions, locate(nc)).to.deep.equal({ httpEndpoint: 'enabled', httpProtocolIPv6: 'disabled', httpPutResponseHopLimit: 1, httpTokens: 'required' });
        expect(spec.blockDeviceMappings, locate(nc)).to.deep.equal([
          { deviceName: '/dev/xvda', rootVolume: true, ebs: { volumeSize: `${env.karpenter.volumeSizeGiB}Gi`, volumeType: 'gp3', encrypted: true, deleteOnTermination: true } },
        ]);
        // The controller's role may use neither (modules/identity/karpenter-controller-policy.ts).
        expect(spec).to.not.have.any.keys('capacityReservationSelectorTerms', 'placementGroupSelector', 'instanceProfile');
      });

      it('EC2NodeClass tags the nodes with the environment\'s tags (ManagedBy: karpenter)', () => {
        const nc = only(objects(), 'EC2NodeClass', 'default', 'karpenter.k8s.aws');
        expect(nc.object.spec.tags, locate(nc)).to.deep.equal({ ...environmentTags(env), ManagedBy: 'karpenter' });
      });

      it('has room for the chatbot\'s HPA at its maximum inside the NodePool limits', () => {
        const hpa = only(objects(), 'HorizontalPodAutoscaler', 'chatbot');
        const deployment = only(objects(), 'Deployment', 'chatbot', 'apps');
        const pool = only(objects(), 'NodePool', 'default', 'karpenter.sh');
        expect(hpaFitProblems(hpa.object, deployment.object, pool.object), `${locate(hpa)} vs ${locate(pool)}`).to.deep.equal([]);
      });
    });
  }

  describe('hpaFitProblems and parseQuantity', () => {
    const deployment = (cpu: string, memory: string): KubernetesObject => ({
      kind: 'Deployment',
      metadata: { name: 'chatbot' },
      spec: { template: { spec: { containers: [{ name: 'chatbot', resources: { requests: { cpu, memory } } }, { name: 'proxy', resources: { requests: { cpu: '50m', memory: '32Mi' } } }] } } },
    });
    const hpa = (maxReplicas: number): KubernetesObject => ({ kind: 'HorizontalPodAutoscaler', metadata: { name: 'chatbot' }, spec: { maxReplicas } });
    const pool = (cpu: string, memory: string): KubernetesObject => ({ kind: 'NodePool', metadata: { name: 'default' }, spec: { limits: { cpu, memory } } });

    it('parses the quantities Kubernetes writes', () => {
      expect(parseQuantity('250m')).to.equal(0.25);
      expect(parseQuantity('2')).to.equal(2);
      expect(parseQuantity('256Mi')).to.equal(256 * 2 ** 20);
      expect(parseQuantity('64Gi')).to.equal(64 * 2 ** 30);
      expect(() => parseQuantity('lots')).to.throw('"lots" is not a Kubernetes quantity');
    });

    it('adds every container of the pod', () => {
      expect(podRequests(deployment('200m', '96Mi'))).to.deep.equal({ cpu: 0.25, memory: 128 * 2 ** 20 });
    });

    it('passes a fit and reports, per resource, what does not fit', () => {
      expect(hpaFitProblems(hpa(10), deployment('200m', '96Mi'), pool('4', '4Gi'))).to.deep.equal([]);
      const problems = hpaFitProblems(hpa(20), deployment('200m', '96Mi'), pool('4', '2Gi'));
      expect(problems).to.have.length(2);
      expect(problems[0]).to.match(/^20 replicas x 0\.25 vCPU = 5\.00 vCPU of cpu exceed what NodePool default may launch \(4, 3\.60 vCPU/);
      expect(problems[1]).to.include('of memory exceed').and.include('raise karpenter.limits or lower maxReplicas');
    });

    it('reports a pool without limits and a container without requests', () => {
      expect(hpaFitProblems(hpa(2), deployment('1', '1Gi'), { kind: 'NodePool', metadata: { name: 'open' }, spec: {} })).to.deep.equal(['NodePool open sets no cpu and memory limits']);
      const bare: KubernetesObject = { kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'x' }] } } } };
      expect(() => hpaFitProblems(hpa(2), bare, pool('4', '4Gi'))).to.throw('has no cpu and memory requests');
    });
  });
});
