import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { releaseNamed, roleArnToken, synthAddons, valuesOf } from './addon-synth';
import { Karpenter, KarpenterCrds, KARPENTER_VERSION } from '../../../modules/addons/karpenter';
import { MANAGED_NODE_GROUP_LABEL } from '../../../modules/addons/karpenter/values';
import { ADDON_RELEASE_NAMESPACES } from '../../../modules/shared/addon-namespaces';
import { KARPENTER_NODE_POOL_LABEL } from '../../../modules/shared/karpenter-names';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { loadChartFixture, mergeValues, typeMismatches, unknownValuePaths } from '../../support/chart-fixtures';

function synth() {
  let addon: Karpenter | undefined;
  const json = synthAddons((stack, installed) => {
    new KarpenterCrds(stack, 'karpenter-crd', { installed });
    addon = new Karpenter(stack, 'karpenter', {
      installed,
      clusterName: roleArnToken(stack, 'cluster_name'),
      clusterEndpoint: roleArnToken(stack, 'cluster_endpoint'),
      interruptionQueueName: roleArnToken(stack, 'queue_name'),
    });
  });
  const controller = releaseNamed(json, 'karpenter');
  const crds = releaseNamed(json, 'karpenter-crd');
  return { json, controller, crds, values: valuesOf(controller.release), addon: addon! };
}

describe('modules/addons/karpenter', () => {
  const fixture = loadChartFixture('karpenter', KARPENTER_VERSION);
  const crdFixture = loadChartFixture('karpenter-crd', KARPENTER_VERSION);

  describe('the pinned charts and their values fixtures', () => {
    it('installs the official OCI charts at the version the fixtures were taken from, CRDs as a release of their own', () => {
      const { controller, crds } = synth();
      expect(controller.release).to.include({ repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter', version: fixture.source.version, namespace: 'kube-system', skip_crds: true });
      expect(crds.release).to.include({ repository: 'oci://public.ecr.aws/karpenter', chart: 'karpenter-crd', version: crdFixture.source.version, namespace: 'kube-system' });
      expect(crds.release).to.not.have.property('skip_crds');
      for (const f of [fixture, crdFixture]) {
        expect(f.source.helmRepository).to.equal('oci://public.ecr.aws/karpenter');
        expect(f.source.tag).to.equal(`v${f.source.version}`);
        expect(f.source.commit).to.match(/^[0-9a-f]{40}$/);
        expect(f.schema, `${f.source.chart} ships no values.schema.json`).to.equal(undefined);
      }
      expect(ADDON_RELEASE_NAMESPACES).to.include(controller.release.namespace);
    });

    it('sets only keys the chart\'s values.yaml has, each of the type the chart has there', () => {
      const { values, crds } = synth();
      expect(unknownValuePaths(values, fixture.defaults)).to.deep.equal([]);
      expect(typeMismatches(values, fixture.defaults)).to.deep.equal([]);
      expect(valuesOf(crds.release)).to.deep.equal({});
    });

    it('the checks can fail: a misspelt key and a wrong type are reported', () => {
      const { values } = synth();
      expect(unknownValuePaths({ ...values, replica: 2, settings: { ...values.settings, interruptionQueueName: 'q' } }, fixture.defaults)).to.have.members([
        'replica',
        'settings.interruptionQueueName',
      ]);
      expect(typeMismatches({ ...values, replicas: '2', affinity: [] }, fixture.defaults)).to.deep.equal(['replicas: string where the chart has number', 'affinity: array where the chart has object']);
    });

    it('keeps the chart\'s own image (tag and digest set by the release)', () => {
      expect(synth().values).to.not.have.property('controller.image');
      expect(synth().values.controller).to.not.have.property('image');
    });
  });

  describe('the controller', () => {
    it('knows its cluster, endpoint and interruption queue from the platform', () => {
      expect(synth().values.settings).to.deep.equal({
        clusterName: '${var.cluster_name}',
        clusterEndpoint: '${var.cluster_endpoint}',
        interruptionQueue: '${var.queue_name}',
        enableZonalShift: false,
      });
    });

    it('runs two replicas on the managed (system) nodes only, one per node, with a disruption budget', () => {
      const merged = mergeValues(fixture.defaults, synth().values) as any;
      expect(merged.replicas).to.equal(2);
      expect(merged.podDisruptionBudget).to.deep.equal({ name: 'karpenter', maxUnavailable: 1 });
      const terms = merged.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      // One term (terms are ORed): both expressions must hold on every node it may use.
      expect(terms).to.deep.equal([
        {
          matchExpressions: [
            { key: KARPENTER_NODE_POOL_LABEL, operator: 'DoesNotExist' },
            { key: MANAGED_NODE_GROUP_LABEL, operator: 'Exists' },
          ],
        },
      ]);
      expect(merged.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).to.deep.equal([{ topologyKey: 'kubernetes.io/hostname' }]);
      expect(merged.priorityClassName).to.equal('system-cluster-critical');
    });

    it('gets AWS credentials from Pod Identity only: the service account the association names, no IRSA annotation', () => {
      const { values, addon } = synth();
      expect(values.serviceAccount).to.deep.equal({ create: true, name: SERVICE_ACCOUNTS.karpenter.name, annotations: {} });
      expect(addon.namespace).to.equal(SERVICE_ACCOUNTS.karpenter.namespace);
    });

    it('keeps the chart\'s non-root, read-only container (not a value: the template) and sets requests and a memory limit', () => {
      const merged = mergeValues(fixture.defaults, synth().values) as any;
      expect(merged.podSecurityContext).to.deep.equal({ fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
      // The template is not in the fixture; values.yaml keeps only the per-container extras, all empty.
      expect(merged.controller.securityContext).to.deep.equal({ appArmorProfile: {}, seLinuxOptions: {}, seccompProfile: {} });
      // The controller container's securityContext, as the pinned chart's template writes it.
      const template = readFileSync(path.resolve(__dirname, `../../fixtures/charts/karpenter/${KARPENTER_VERSION}/deployment.yaml`), 'utf8');
      const block = /securityContext:\n((?: {12}.*\n)+)/.exec(template)?.[1] ?? '';
      expect(parse(block.replace(/^ {12}/gm, ''))).to.deep.equal({
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        runAsUser: 65532,
        runAsGroup: 65532,
        capabilities: { drop: ['ALL'] },
      });
      expect(merged.controller.resources.requests).to.have.keys('cpu', 'memory');
      expect(merged.controller.resources.limits).to.have.key('memory');
    });

    it('is health-gated and comes after its CRDs', () => {
      const { controller, crds } = synth();
      expect(controller.release).to.include({ wait: true, wait_for_jobs: true, atomic: true });
      expect(controller.release.depends_on).to.deep.equal([crds.address]);
    });

    it('refuses to be installed without its CRDs', () => {
      expect(() =>
        synthAddons((stack, installed) => new Karpenter(stack, 'karpenter', { installed, clusterName: 'c', clusterEndpoint: 'https://e', interruptionQueueName: 'q' })),
      ).to.throw('Karpenter depends on KarpenterCrds, which is not installed in this cluster');
    });
  });
});
