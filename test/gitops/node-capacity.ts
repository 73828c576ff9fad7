/**
 * What a Karpenter NodePool in gitops/ must say for a `karpenter:` config section, and whether an
 * HPA-scaled Deployment fits inside a NodePool's limits. Pure functions over plain objects, so the
 * tests can prove each one fails on a bad input before trusting it on the real files.
 */
import type { KubernetesObject } from './render';
import type { KarpenterConfig } from '../../modules/shared/environment-config';

/** A NodePool requirement (`spec.template.spec.requirements[]`). */
export interface NodeRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: readonly string[];
}

/** The requirements a NodePool must carry for `config`, in the order the overlays write them. */
export function expectedRequirements(config: KarpenterConfig): NodeRequirement[] {
  return [
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: [...config.instanceCategories] },
    ...(config.instanceFamilies ? [{ key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: [...config.instanceFamilies] }] : []),
    { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: [String(config.minInstanceGeneration - 1)] },
    { key: 'kubernetes.io/arch', operator: 'In', values: [...config.architectures] },
    { key: 'kubernetes.io/os', operator: 'In', values: ['linux'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: [...config.capacityTypes] },
  ];
}

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Readonly<Record<string, number>> = { 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12 };

/** A Kubernetes quantity (`250m`, `1`, `256Mi`, `64Gi`) as a number (cores or bytes); throws on anything else. */
export function parseQuantity(value: unknown): number {
  const text = String(value);
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|m|k|M|G|T)?$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a Kubernetes quantity this check understands (e.g. 250m, 2, 256Mi, 64Gi)`);
  const suffix = m[2] ?? '';
  return Number(m[1]) * (BINARY[suffix] ?? DECIMAL[suffix]);
}

/** Requests of one pod of a Deployment: the sum over its containers (init containers run before, not beside). */
export function podRequests(deployment: KubernetesObject): { cpu: number; memory: number } {
  const containers: any[] = deployment.spec?.template?.spec?.containers ?? [];
  let cpu = 0;
  let memory = 0;
  for (const container of containers) {
    const requests = container.resources?.requests;
    if (requests?.cpu === undefined || requests?.memory === undefined) {
      throw new Error(`container ${container.name} of ${deployment.metadata?.name} has no cpu and memory requests: Karpenter sizes nodes by requests`);
    }
    cpu += parseQuantity(requests.cpu);
    memory += parseQuantity(requests.memory);
  }
  return { cpu, memory };
}

/**
 * Why `maxReplicas` pods of `deployment` do not fit inside the NodePool's limits (empty when they
 * do). Karpenter stops launching once the pool's nodes add up to its limits, so pods the HPA adds
 * beyond them stay Pending; `reserve` is what each node keeps for itself and its DaemonSets, as a
 * share of its capacity (the pods cannot use it).
 */
export function hpaFitProblems(hpa: KubernetesObject, deployment: KubernetesObject, nodePool: KubernetesObject, reserve = 0.1): string[] {
  const maxReplicas = hpa.spec?.maxReplicas;
  if (typeof maxReplicas !== 'number') return [`HorizontalPodAutoscaler ${hpa.metadata?.name} has no maxReplicas`];
  const limits = nodePool.spec?.limits ?? {};
  if (limits.cpu === undefined || limits.memory === undefined) return [`NodePool ${nodePool.metadata?.name} sets no cpu and memory limits`];
  const pod = podRequests(deployment);
  const usable = { cpu: parseQuantity(limits.cpu) * (1 - reserve), memory: parseQuantity(limits.memory) * (1 - reserve) };
  const problems: string[] = [];
  for (const resource of ['cpu', 'memory'] as const) {
    const needed = maxReplicas * pod[resource];
    if (needed > usable[resource]) {
      const unit = resource === 'cpu' ? (n: number) => `${n.toFixed(2)} vCPU` : (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;
      problems.push(
        `${maxReplicas} replicas x ${unit(pod[resource])} = ${unit(needed)} of ${resource} exceed what NodePool ${nodePool.metadata?.name} may launch ` +
          `(${limits[resource]}, ${unit(usable[resource])} after ${reserve * 100} % for the nodes themselves): raise karpenter.limits or lower maxReplicas`,
      );
    }
  }
  return problems;
}
