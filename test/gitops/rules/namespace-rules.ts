/**
 * Namespaces that run application pods enforce the restricted Pod Security profile, so a pod that
 * slips past the workload rules is still refused by the API server.
 */
import { appWorkloads, type GitopsRule, ofKind, violation } from '../gitops-rule';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

export const namespacePodSecurity: GitopsRule = {
  id: 'namespace-psa-restricted',
  description: 'every namespace that runs application pods is declared in gitops/ with PSA enforce=restricted',
  check(objects) {
    const namespaces = new Map(ofKind(objects, 'Namespace').map((n) => [n.object.metadata?.name, n]));
    const reported = new Set<string>();
    return appWorkloads(objects).flatMap(({ rendered }) => {
      const name = rendered.object.metadata?.namespace;
      if (!name) return [violation(this.id, rendered, 'has no namespace; set one (kustomization namespace:) so it lands in a restricted namespace')];
      if (reported.has(name)) return [];
      reported.add(name);
      const ns = namespaces.get(name);
      if (!ns) return [violation(this.id, rendered, `runs in namespace ${name}, which no Namespace in gitops/ declares (with ${ENFORCE}: restricted)`)];
      const level = ns.object.metadata?.labels?.[ENFORCE];
      return level === 'restricted' ? [] : [violation(this.id, ns, `runs application pods but ${ENFORCE} is ${level ?? 'unset'}; set it to restricted`)];
    });
  },
};

export const NAMESPACE_RULES: readonly GitopsRule[] = [namespacePodSecurity];
