/**
 * Values of the argocd-apps chart (argo-helm `charts/argocd-apps` 2.x): `projects` and
 * `applications` are maps keyed by object name; each entry is rendered almost verbatim into an
 * AppProject or an Application, so these types mirror the Argo CD CRD fields used here.
 */

/** Deletes everything an Application (or, on a project, every Application using it) owns first. */
export const RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** The cluster Argo CD runs in. */
export const IN_CLUSTER = 'https://kubernetes.default.svc';

export interface ArgoCdDestination {
  readonly server: string;
  readonly namespace: string;
}

export interface ArgoCdGroupKind {
  readonly group: string;
  readonly kind: string;
}

export interface AppProjectValues {
  readonly namespace: string;
  readonly finalizers: readonly string[];
  readonly description: string;
  readonly sourceRepos: readonly string[];
  readonly destinations: readonly ArgoCdDestination[];
  readonly clusterResourceWhitelist: readonly ArgoCdGroupKind[];
  readonly namespaceResourceWhitelist: readonly ArgoCdGroupKind[];
}

export interface SyncRetry {
  readonly limit: number;
  readonly backoff: { readonly duration: string; readonly factor: number; readonly maxDuration: string };
}

/** Which objects a kustomize patch applies to (kustomize `patches[].target`; `name` is a regular expression). */
export interface KustomizeTarget {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly name?: string;
}

/**
 * One kustomize patch as Argo CD's `spec.source.kustomize.patches` takes it: Argo CD appends it to
 * the `patches:` of the source's kustomization before building it. `patch` is a strategic-merge
 * patch (a partial object) or a JSON 6902 patch (a list of operations), as JSON or YAML text.
 */
export interface KustomizePatch {
  readonly target: KustomizeTarget;
  readonly patch: string;
}

/**
 * Kustomize patches for one child Application of the root: values only Terraform knows (ARNs,
 * generated ids), handed to what the child deploys without writing them into Git.
 */
export interface ChildApplicationPatches {
  /** The child Application's name as the bootstrap kustomization renders it, e.g. `chatbot-dev`. */
  readonly application: string;
  /** Patches for the child's own kustomization (they become its `spec.source.kustomize.patches`). */
  readonly patches: readonly KustomizePatch[];
}

export interface ApplicationValues {
  readonly namespace: string;
  readonly finalizers: readonly string[];
  readonly project: string;
  readonly source: {
    readonly repoURL: string;
    readonly targetRevision: string;
    readonly path: string;
    readonly kustomize?: { readonly patches: readonly KustomizePatch[] };
  };
  readonly destination: ArgoCdDestination;
  readonly syncPolicy: {
    readonly automated: { readonly prune: boolean; readonly selfHeal: boolean };
    readonly syncOptions: readonly string[];
    readonly retry: SyncRetry;
  };
}

export interface ArgoCdAppsValues {
  readonly projects: Readonly<Record<string, AppProjectValues>>;
  readonly applications: Readonly<Record<string, ApplicationValues>>;
}

export interface RootAppSpec {
  readonly applicationName: string;
  readonly projectName: string;
  /** Namespace of Argo CD: the Application, its project and everything it deploys live there. */
  readonly namespace: string;
  readonly repoUrl: string;
  readonly targetRevision: string;
  readonly path: string;
  readonly retry: SyncRetry;
  /** Patches the root hands to its child Applications; none: the root syncs the folder as it is. */
  readonly childPatches: readonly ChildApplicationPatches[];
}

/**
 * The root's own kustomize patches: one per child with patches, which sets that child's
 * `spec.source.kustomize.patches` (a JSON 6902 `add`, so the child in Git must not set
 * `spec.source.kustomize` itself; a test keeps gitops/bootstrap free of it). The child Application
 * is found by its rendered name.
 */
export function rootKustomizePatches(children: readonly ChildApplicationPatches[]): KustomizePatch[] {
  const names = children.map((c) => c.application);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new Error(`rootKustomizePatches: Application ${twice} is given patches twice; give all of its patches in one entry`);
  const notAName = names.find((n) => !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n));
  // kustomize reads `target.name` as an anchored regular expression: a plain DNS label matches itself only.
  if (notAName !== undefined) throw new Error(`rootKustomizePatches: "${notAName}" is not an Application name (lowercase letters, digits and -)`);
  return children
    .filter((child) => child.patches.length > 0)
    .map((child) => ({
      target: { group: 'argoproj.io', kind: 'Application', name: child.application },
      patch: JSON.stringify([{ op: 'add', path: '/spec/source/kustomize', value: { patches: child.patches } }]),
    }));
}

/**
 * One project and one Application, the app-of-apps root. The project is deliberately narrow: the
 * bootstrap folder holds only Applications and AppProjects, so the root may deploy only those two
 * kinds, only from this repository and only into Argo CD's namespace; no cluster-scoped kind.
 * Everything else reaches the cluster through the child Applications and their own projects.
 */
export function rootAppValues(spec: RootAppSpec): ArgoCdAppsValues {
  const destination = { server: IN_CLUSTER, namespace: spec.namespace };
  const rootPatches = rootKustomizePatches(spec.childPatches);
  return {
    projects: {
      [spec.projectName]: {
        namespace: spec.namespace,
        // Keeps the project until no Application uses it, so an uninstall that deletes both at once
        // cannot strand the root app's cascade delete without a project.
        finalizers: [RESOURCES_FINALIZER],
        description: 'App-of-apps root: Applications and AppProjects from gitops/bootstrap only',
        sourceRepos: [spec.repoUrl],
        destinations: [destination],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [
          { group: 'argoproj.io', kind: 'Application' },
          { group: 'argoproj.io', kind: 'AppProject' },
        ],
      },
    },
    applications: {
      [spec.applicationName]: {
        namespace: spec.namespace,
        // Cascading delete: removing the root removes the child apps and, through theirs, every
        // Ingress while the load balancer controller still runs to delete its ALBs.
        finalizers: [RESOURCES_FINALIZER],
        project: spec.projectName,
        source: {
          repoURL: spec.repoUrl,
          targetRevision: spec.targetRevision,
          path: spec.path,
          ...(rootPatches.length > 0 ? { kustomize: { patches: rootPatches } } : {}),
        },
        destination,
        syncPolicy: {
          automated: { prune: true, selfHeal: true },
          // The argocd namespace exists (the argo-cd release made it); never create one from git.
          syncOptions: ['CreateNamespace=false'],
          retry: spec.retry,
        },
      },
    },
  };
}
