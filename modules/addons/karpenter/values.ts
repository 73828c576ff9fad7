/**
 * Values of the karpenter chart (aws/karpenter-provider-aws `charts/karpenter`), typed to the keys
 * this project sets. Keys follow the chart's values.yaml exactly; every value is checked against the
 * pinned chart's values.yaml (it ships no values.schema.json), kept in
 * test/fixtures/charts/karpenter/<version>/ (test/modules/addons/karpenter.test.ts).
 */

/** A node selector term's expression, as the chart passes `affinity` through to the pod. */
export interface NodeSelectorExpression {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

/** One node selector term: its expressions must all hold (terms are ORed). */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly NodeSelectorExpression[];
}

export interface KarpenterValues {
  readonly serviceAccount: { readonly create: true; readonly name: string; readonly annotations: Readonly<Record<string, string>> };
  readonly replicas: number;
  readonly podDisruptionBudget: { readonly name: string; readonly maxUnavailable: number };
  readonly podSecurityContext: {
    readonly fsGroup: number;
    readonly seccompProfile: { readonly type: 'RuntimeDefault' };
  };
  readonly priorityClassName: string;
  readonly affinity: {
    readonly nodeAffinity: {
      readonly requiredDuringSchedulingIgnoredDuringExecution: { readonly nodeSelectorTerms: readonly NodeSelectorTerm[] };
    };
    readonly podAntiAffinity: { readonly requiredDuringSchedulingIgnoredDuringExecution: ReadonlyArray<{ readonly topologyKey: string }> };
  };
  readonly controller: {
    readonly resources: {
      readonly requests: { readonly cpu: string; readonly memory: string };
      readonly limits: { readonly memory: string };
    };
  };
  readonly logLevel: 'info';
  readonly settings: {
    readonly clusterName: string;
    readonly clusterEndpoint: string;
    readonly interruptionQueue: string;
    readonly enableZonalShift: false;
  };
}

export interface KarpenterValuesInput {
  readonly serviceAccountName: string;
  readonly clusterName: string;
  /** The API server URL (`https://...eks.amazonaws.com`): no DescribeCluster at start. */
  readonly clusterEndpoint: string;
  readonly interruptionQueueName: string;
}

/** The label EKS puts on every node of a managed node group (and Karpenter never on its own). */
export const MANAGED_NODE_GROUP_LABEL = 'eks.amazonaws.com/nodegroup';

/** The group of the controller's files: the non-root user and group the chart's container runs as. */
const KARPENTER_FS_GROUP = 65532;

/**
 * Karpenter controller values. It runs on the managed (system) node group only: on a node it
 * manages it could consolidate, drain or lose with an interruption the very node it runs on, and
 * with both replicas there nothing would launch a replacement. Hence a required node affinity on
 * the managed node group's label and on the absence of Karpenter's NodePool label (the chart's
 * default, kept), plus one replica per node (the default anti-affinity) with the chart's PDB.
 *
 * Credentials come from EKS Pod Identity (the association names the service account), so the
 * account carries no role annotation. The chart's container securityContext (not a value) makes it
 * non-root (65532), read-only, without privilege escalation and with every capability dropped; the
 * pod keeps the chart's fsGroup and RuntimeDefault seccomp profile, stated here so a chart upgrade
 * that changed them would show in the values check.
 */
export function karpenterValues(input: KarpenterValuesInput): KarpenterValues {
  return {
    serviceAccount: { create: true, name: input.serviceAccountName, annotations: {} },
    replicas: 2,
    podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
    podSecurityContext: { fsGroup: KARPENTER_FS_GROUP, seccompProfile: { type: 'RuntimeDefault' } },
    priorityClassName: 'system-cluster-critical',
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                { key: 'karpenter.sh/nodepool', operator: 'DoesNotExist' },
                { key: MANAGED_NODE_GROUP_LABEL, operator: 'Exists' },
              ],
            },
          ],
        },
      },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname' }] },
    },
    // Requests sized for a cluster of tens of nodes; the memory limit also becomes GOMEMLIMIT
    // (the chart's MEMORY_LIMIT variable), so the Go runtime collects before the kernel kills it.
    controller: { resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } } },
    logLevel: 'info',
    settings: {
      clusterName: input.clusterName,
      clusterEndpoint: input.clusterEndpoint,
      interruptionQueue: input.interruptionQueueName,
      // Off, and the role has no arc-zonal-shift permission (karpenter-controller-policy.ts).
      enableZonalShift: false,
    },
  };
}
