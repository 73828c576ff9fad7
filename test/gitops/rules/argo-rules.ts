/**
 * Rules for the Argo CD objects of gitops/bootstrap: how Applications sync and are torn down, and
 * what the AppProjects let them do.
 */
import { type GitopsRule, type GitopsViolation, ofKind, SYSTEM_NAMESPACES, violation } from '../gitops-rule';
import type { RenderedObject } from '../render';

const ARGO = 'argoproj.io';
/** Deleting an Application deletes what it deployed (foreground or background are both fine). */
const RESOURCES_FINALIZER = /^resources-finalizer\.argocd\.argoproj\.io(\/(foreground|background))?$/;
/** The project that may only deploy namespaced objects into application namespaces. */
export const APPS_PROJECT = 'apps';
/** Namespaces no application project may reach: the control plane's own and Argo CD's. */
const PROTECTED_NAMESPACES = [...SYSTEM_NAMESPACES, 'kube-public', 'kube-node-lease'];

const applications = (objects: readonly RenderedObject[]) => ofKind(objects, 'Application', ARGO);
const projects = (objects: readonly RenderedObject[]) => ofKind(objects, 'AppProject', ARGO);

/** Argo CD's glob matching (`*`, `?`, `{a,b}`), whole string. */
export function globMatch(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^$()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
    .replace(/\{([^}]*)\}/g, (_, alts: string) => `(${alts.split(',').join('|')})`);
  return new RegExp(`^${regex}$`).test(value);
}

/** Whether a project's destinations admit `namespace` (a `!pattern` entry denies). */
export function destinationAllows(destinations: unknown, namespace: string): boolean {
  const patterns = (Array.isArray(destinations) ? destinations : []).map((d) => String(d?.namespace ?? ''));
  const denied = patterns.filter((p) => p.startsWith('!')).some((p) => globMatch(p.slice(1), namespace));
  return !denied && patterns.filter((p) => !p.startsWith('!')).some((p) => globMatch(p, namespace));
}

function sourcesOf(app: RenderedObject): any[] {
  const spec = app.object.spec ?? {};
  return [...(spec.source ? [spec.source] : []), ...(Array.isArray(spec.sources) ? spec.sources : [])];
}

export const applicationFinalizer: GitopsRule = {
  id: 'application-finalizer',
  description: 'every Application has the resources finalizer, so deleting it removes what it deployed',
  check(objects) {
    return applications(objects)
      .filter((a) => !(a.object.metadata?.finalizers ?? []).some((f) => RESOURCES_FINALIZER.test(f)))
      .map((a) => violation(this.id, a, 'has no resources-finalizer.argocd.argoproj.io finalizer; deleting it would orphan its resources (and their load balancers)'));
  },
};

export const applicationProject: GitopsRule = {
  id: 'application-project',
  description: 'every Application belongs to a project other than `default`, defined in gitops/',
  check(objects) {
    const defined = new Set(projects(objects).map((p) => p.object.metadata?.name));
    return applications(objects).flatMap((a) => {
      const project = a.object.spec?.project;
      if (!project || project === 'default') return [violation(this.id, a, `uses project ${project ?? '(none)'}; the default project may deploy anything anywhere`)];
      if (!defined.has(project)) return [violation(this.id, a, `uses project ${project}, which no AppProject in gitops/ defines`)];
      return [];
    });
  },
};

export const applicationAllowedByProject: GitopsRule = {
  id: 'application-allowed-by-project',
  description: "every Application's sources and destination are allowed by its AppProject (or Argo CD refuses to sync)",
  check(objects) {
    const byName = new Map(projects(objects).map((p) => [p.object.metadata?.name, p.object.spec ?? {}]));
    return applications(objects).flatMap((a) => {
      const project = byName.get(a.object.spec?.project);
      if (!project) return []; // application-project reports it
      const found: GitopsViolation[] = [];
      const namespace = a.object.spec?.destination?.namespace;
      if (namespace && !destinationAllows(project.destinations, namespace)) found.push(violation(this.id, a, `destination namespace ${namespace} is not allowed by project ${a.object.spec.project}`));
      for (const source of sourcesOf(a)) {
        const repos: string[] = project.sourceRepos ?? [];
        if (!repos.some((r) => globMatch(r, String(source?.repoURL)))) found.push(violation(this.id, a, `source ${source?.repoURL} is not among project ${a.object.spec.project}'s sourceRepos`));
      }
      return found;
    });
  },
};

export const applicationSyncPolicy: GitopsRule = {
  id: 'application-sync-policy',
  description: 'every Application syncs automatically with prune and selfHeal, and retries with backoff',
  check(objects) {
    return applications(objects).flatMap((a) => {
      const policy = a.object.spec?.syncPolicy ?? {};
      const problems: string[] = [];
      if (policy.automated?.prune !== true) problems.push('syncPolicy.automated.prune is not true');
      if (policy.automated?.selfHeal !== true) problems.push('syncPolicy.automated.selfHeal is not true');
      if (policy.automated?.enabled === false) problems.push('syncPolicy.automated.enabled is false');
      if (!(Number(policy.retry?.limit) > 0)) problems.push('syncPolicy.retry.limit is not a positive number');
      if (!policy.retry?.backoff?.duration) problems.push('syncPolicy.retry.backoff.duration is not set');
      return problems.map((p) => violation(this.id, a, p));
    });
  },
};

export const applicationSyncWave: GitopsRule = {
  id: 'application-sync-wave',
  description: 'every Application declares its sync wave, so the order between them is explicit',
  check(objects) {
    return applications(objects)
      .filter((a) => !/^-?\d+$/.test(a.object.metadata?.annotations?.['argocd.argoproj.io/sync-wave'] ?? ''))
      .map((a) => violation(this.id, a, 'has no integer argocd.argoproj.io/sync-wave annotation'));
  },
};

export const appsProjectNamespaced: GitopsRule = {
  id: 'apps-project-namespaced',
  description: `the ${APPS_PROJECT} AppProject cannot create cluster-scoped resources and cannot reach system namespaces`,
  check(objects) {
    const found: GitopsViolation[] = [];
    for (const p of projects(objects).filter((x) => x.object.metadata?.name === APPS_PROJECT)) {
      const spec = p.object.spec ?? {};
      const whitelist: any[] = spec.clusterResourceWhitelist ?? [];
      // Any entry lets the project create that cluster-scoped kind; a blacklist cannot make up for it.
      if (whitelist.length > 0) found.push(violation(this.id, p, `clusterResourceWhitelist must be empty, found ${whitelist.map((w) => `${w.group || 'core'}/${w.kind}`).join(', ')}`));
      for (const ns of PROTECTED_NAMESPACES) {
        if (destinationAllows(spec.destinations, ns)) found.push(violation(this.id, p, `destinations allow namespace ${ns}`));
      }
      for (const d of Array.isArray(spec.destinations) ? spec.destinations : []) {
        if (d?.server === '*' || d?.name === '*') found.push(violation(this.id, p, `destination ${JSON.stringify(d)} allows every cluster`));
      }
    }
    // CreateNamespace or managed namespace metadata make Argo CD write a (cluster-scoped) Namespace for the app.
    for (const a of applications(objects).filter((x) => x.object.spec?.project === APPS_PROJECT)) {
      const policy = a.object.spec?.syncPolicy ?? {};
      if ((policy.syncOptions ?? []).includes('CreateNamespace=true')) found.push(violation(this.id, a, `project ${APPS_PROJECT} apps must not use CreateNamespace=true; namespaces come from the platform app`));
      if (policy.managedNamespaceMetadata) found.push(violation(this.id, a, `project ${APPS_PROJECT} apps must not set managedNamespaceMetadata`));
    }
    return found;
  },
};

export const projectSourceReposLimited: GitopsRule = {
  id: 'project-source-repos-limited',
  description: 'every AppProject names its source repositories: no `*`, no wildcards',
  check(objects) {
    return projects(objects).flatMap((p) => {
      const repos: unknown[] = p.object.spec?.sourceRepos ?? [];
      if (repos.length === 0) return [violation(this.id, p, 'sourceRepos is empty')];
      return repos.filter((r) => String(r).includes('*')).map((r) => violation(this.id, p, `sourceRepos entry ${r} is a wildcard; name the repository`));
    });
  },
};

export const ARGO_RULES: readonly GitopsRule[] = [
  applicationFinalizer,
  applicationProject,
  applicationAllowedByProject,
  applicationSyncPolicy,
  applicationSyncWave,
  appsProjectNamespaced,
  projectSourceReposLimited,
];
