/**
 * Rules for application pods: the Pod Security "restricted" profile, a read-only root filesystem,
 * requests and limits, probes, and pinned images.
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
import { appWorkloads, containersOf, type GitopsRule, type GitopsViolation, violation, workloads } from '../gitops-rule';

/** Volume types the restricted profile allows (everything else, hostPath first, is refused). */
const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];

export const podSecurityRestricted: GitopsRule = {
  id: 'pod-security-restricted',
  description: 'application pods meet the Pod Security restricted profile',
  check(objects) {
    const found: GitopsViolation[] = [];
    for (const { rendered, spec } of appWorkloads(objects)) {
      const report = (problem: string) => found.push(violation(this.id, rendered, problem));
      for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) if (spec[field] === true) report(`${field} is true; pods must not share the node's namespaces`);
      for (const volume of Array.isArray(spec.volumes) ? spec.volumes : []) {
        const type = Object.keys(volume ?? {}).find((k) => k !== 'name');
        if (type && !RESTRICTED_VOLUME_TYPES.includes(type)) report(`volume ${volume.name} is a ${type} volume; restricted pods may use only ${RESTRICTED_VOLUME_TYPES.join(', ')}`);
      }
      const pod = spec.securityContext ?? {};
      for (const { label, container } of containersOf(spec)) {
        const sc = container?.securityContext ?? {};
        if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) report(`${label}: runAsNonRoot is not true (set it in the pod or container securityContext)`);
        if ((sc.runAsUser ?? pod.runAsUser) === 0) report(`${label}: runAsUser is 0 (root)`);
        if (sc.allowPrivilegeEscalation !== false) report(`${label}: allowPrivilegeEscalation must be false`);
        if (sc.privileged === true) report(`${label}: privileged is true`);
        const drop: unknown[] = sc.capabilities?.drop ?? [];
        if (!drop.includes('ALL')) report(`${label}: capabilities.drop must include ALL`);
        const add: unknown[] = sc.capabilities?.add ?? [];
        if (add.length > 0) report(`${label}: capabilities.add must be empty, found ${add.join(', ')}`);
        const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
        if (!ALLOWED_SECCOMP.includes(seccomp)) report(`${label}: seccompProfile.type is ${seccomp ?? 'unset'}; use RuntimeDefault (or Localhost)`);
        for (const port of Array.isArray(container?.ports) ? container.ports : []) {
          if (port?.hostPort) report(`${label}: port ${port.containerPort} uses hostPort ${port.hostPort}`);
        }
      }
    }
    return found;
  },
};

export const readOnlyRootFilesystem: GitopsRule = {
  id: 'read-only-root-filesystem',
  description: 'application containers run with a read-only root filesystem',
  check(objects) {
    return appWorkloads(objects).flatMap(({ rendered, spec }) =>
      containersOf(spec)
        .filter(({ container }) => container?.securityContext?.readOnlyRootFilesystem !== true)
        .map(({ label }) => violation(this.id, rendered, `${label}: securityContext.readOnlyRootFilesystem must be true (mount an emptyDir where it writes)`)),
    );
  },
};

export const containerResources: GitopsRule = {
  id: 'container-resources',
  description: 'every application container requests and limits cpu and memory',
  check(objects) {
    return appWorkloads(objects).flatMap(({ rendered, spec }) =>
      containersOf(spec).flatMap(({ label, container }) => {
        const missing = (['requests', 'limits'] as const).flatMap((kind) =>
          (['cpu', 'memory'] as const).filter((r) => container?.resources?.[kind]?.[r] === undefined).map((r) => `${kind}.${r}`),
        );
        return missing.length === 0 ? [] : [violation(this.id, rendered, `${label}: resources lack ${missing.join(', ')}`)];
      }),
    );
  },
};

export const containerProbes: GitopsRule = {
  id: 'container-probes',
  description: 'every application container has a liveness and a readiness probe',
  check(objects) {
    return appWorkloads(objects).flatMap(({ rendered, spec }) =>
      containersOf(spec, false).flatMap(({ label, container }) =>
        (['livenessProbe', 'readinessProbe'] as const)
          .filter((probe) => !container?.[probe])
          .map((probe) => violation(this.id, rendered, `${label}: has no ${probe}`)),
      ),
    );
  },
};

/** The tag of an image reference (`registry:5000/repo:tag@sha256:...`), and whether it has a digest. */
export function imageTag(image: string): { tag?: string; digest: boolean } {
  const [name, digest] = image.split('@');
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return { tag: colon > lastSlash ? name.slice(colon + 1) : undefined, digest: digest !== undefined };
}

export const imagePinned: GitopsRule = {
  id: 'image-pinned',
  description: 'no image is untagged or `latest` (after kustomize images: substitution)',
  check(objects) {
    return workloads(objects).flatMap(({ rendered, spec }) =>
      containersOf(spec).flatMap(({ label, container }) => {
        const image = container?.image;
        if (typeof image !== 'string' || image === '') return [violation(this.id, rendered, `${label}: has no image`)];
        const { tag, digest } = imageTag(image);
        if (digest) return [];
        if (tag === undefined) return [violation(this.id, rendered, `${label}: image ${image} has no tag (it means latest); pin a version with the overlay's images: newTag`)];
        if (tag === 'latest') return [violation(this.id, rendered, `${label}: image ${image} uses latest; pin a version`)];
        return [];
      }),
    );
  },
};

export const WORKLOAD_RULES: readonly GitopsRule[] = [
  podSecurityRestricted,
  readOnlyRootFilesystem,
  containerResources,
  containerProbes,
  imagePinned,
];
