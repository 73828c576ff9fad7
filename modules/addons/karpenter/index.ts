import type { Construct } from 'constructs';
import { karpenterValues } from './values';
import { SERVICE_ACCOUNTS } from '../../shared/service-accounts';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

/** Karpenter's OCI registry; both charts are published there at the same version as the controller. */
const KARPENTER_REGISTRY = 'oci://public.ecr.aws/karpenter';

/** The version both charts are pinned to (test/fixtures/charts/karpenter{,-crd}/<version>, test/fixtures/karpenter/v<version>). */
export const KARPENTER_VERSION = '1.14.1';

export interface KarpenterCrdsProps {
  readonly installed: InstalledAddons;
  /**
   * The karpenter-crd chart, pinned; keep it at the controller's version.
   * @default karpenter-crd 1.14.1 from oci://public.ecr.aws/karpenter
   */
  readonly chart?: HelmChart;
}

/**
 * Karpenter's CRDs (NodePool, NodeClaim, EC2NodeClass, NodeOverlay, CapacityBuffer) as a release of
 * their own, the karpenter-crd chart, which templates them: Helm upgrades them with the chart, which
 * it never does for a chart's `crds/` folder. On destroy they go last, after the controller, so
 * every NodeClaim's finalizer has been handled by then (see docs/addons-and-gitops.md, teardown).
 */
export class KarpenterCrds extends HelmAddon {
  constructor(scope: Construct, id: string, props: KarpenterCrdsProps) {
    super(scope, id, {
      installed: props.installed,
      chart: props.chart ?? { repository: KARPENTER_REGISTRY, chart: 'karpenter-crd', version: KARPENTER_VERSION },
      releaseName: 'karpenter-crd',
      namespace: SERVICE_ACCOUNTS.karpenter.namespace,
      createNamespace: false,
      values: {},
    });
  }
}

export interface KarpenterProps {
  readonly installed: InstalledAddons;
  /** Name of the EKS cluster (tags, discovery, the access entry of its nodes). */
  readonly clusterName: string;
  /** The cluster's API server URL. */
  readonly clusterEndpoint: string;
  /** The SQS interruption queue (platform `nodeAutoscaling.interruptionQueueName`). */
  readonly interruptionQueueName: string;
  /**
   * The karpenter chart, pinned; test/fixtures/charts/karpenter/<version> holds its values.yaml, which
   * every value set here is checked against, and the controller policy follows the same version
   * (modules/identity/karpenter-controller-policy.ts): upgrade all three together.
   * @default karpenter 1.14.1 from oci://public.ecr.aws/karpenter
   */
  readonly chart?: HelmChart;
}

/**
 * The Karpenter controller: launches nodes for pending pods from the NodePools in gitops/platform
 * and removes them when they are empty or underused. After its CRDs; before Argo CD (the stack
 * passes it to ArgoCd's `syncedResourceControllers`), so on destroy it still runs while the root
 * app's cascade deletes the NodePools and their nodes. Health-gated like every add-on: Helm waits
 * for both replicas to be ready on the system nodes.
 */
export class Karpenter extends HelmAddon {
  static override readonly dependencies = [KarpenterCrds];

  readonly serviceAccountName = SERVICE_ACCOUNTS.karpenter.name;

  constructor(scope: Construct, id: string, props: KarpenterProps) {
    // Namespace and name are not props: the Pod Identity association names exactly this account.
    const account = SERVICE_ACCOUNTS.karpenter;
    super(scope, id, {
      installed: props.installed,
      chart: props.chart ?? { repository: KARPENTER_REGISTRY, chart: 'karpenter', version: KARPENTER_VERSION },
      releaseName: 'karpenter',
      namespace: account.namespace,
      // kube-system always exists.
      createNamespace: false,
      // The CRDs belong to the karpenter-crd release.
      skipCrds: true,
      values: karpenterValues({
        serviceAccountName: account.name,
        clusterName: props.clusterName,
        clusterEndpoint: props.clusterEndpoint,
        interruptionQueueName: props.interruptionQueueName,
      }),
    });
  }
}
