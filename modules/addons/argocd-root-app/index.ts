import type { Construct } from 'constructs';
import { type ChildApplicationPatches, type KustomizePatch, rootAppValues, rootKustomizePatches, type SyncRetry } from './values';
import type { GitHubRepository } from '../../shared/environment-config';
import { ArgoCd } from '../argo-cd';
import { HelmAddon, type HelmChart, type InstalledAddons } from '../helm-addon';

export interface ArgoCdRootAppProps {
  readonly installed: InstalledAddons;
  /** Environment name (`dev`, `prod`): names the root app `root-<environment>`. */
  readonly environment: string;
  /** The repository Argo CD pulls; its default branch is the tracked revision. */
  readonly github: GitHubRepository;
  /**
   * Folder of the app-of-apps for this environment, relative to the repository root.
   * @default `gitops/bootstrap/<environment>`
   */
  readonly path?: string;
  /**
   * The argocd-apps chart, pinned.
   * @default argocd-apps 2.0.5 from https://argoproj.github.io/argo-helm
   */
  readonly chart?: HelmChart;
  /**
   * Name of the AppProject the root app belongs to (created by this release; never `default`).
   * @default 'bootstrap'
   */
  readonly projectName?: string;
  /**
   * How a failed sync is retried.
   * @default 5 attempts, backoff 10s doubling up to 3m
   */
  readonly retry?: SyncRetry;
  /**
   * Values only Terraform knows, handed to child Applications as kustomize patches (the root sets
   * their `spec.source.kustomize.patches`), so no ARN or generated id is ever written into Git.
   * @default [] (the root syncs gitops/bootstrap/<env> unchanged)
   */
  readonly childPatches?: readonly ChildApplicationPatches[];
}

const DEFAULTS = {
  chart: { repository: 'https://argoproj.github.io/argo-helm', chart: 'argocd-apps', version: '2.0.5' },
  projectName: 'bootstrap',
  retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
} satisfies Omit<Required<ArgoCdRootAppProps>, 'installed' | 'environment' | 'github' | 'path' | 'childPatches'>;

/**
 * The app-of-apps root: one Application `root-<env>` that syncs `gitops/bootstrap/<env>` (child
 * Applications and their AppProjects), in its own narrow AppProject. It is a Helm release of the
 * argocd-apps chart rather than a Kubernetes manifest resource, so planning needs no Argo CD CRD:
 * the CRDs only have to exist when Helm applies the release, after the argo-cd release is ready.
 * Destroy removes it first; its finalizer cascades through every child app (see docs/addons-and-gitops.md).
 */
export class ArgoCdRootApp extends HelmAddon {
  static override readonly dependencies = [ArgoCd];

  /** Name of the root Application, e.g. `root-dev`. */
  readonly applicationName: string;
  readonly projectName: string;
  /** The Git URL Argo CD clones. */
  readonly repoUrl: string;
  /** Repository folder the root app syncs. */
  readonly path: string;
  /** Branch the root app tracks. */
  readonly targetRevision: string;
  /** The root Application's own `spec.source.kustomize.patches` (empty: none). */
  readonly kustomizePatches: readonly KustomizePatch[];

  constructor(scope: Construct, id: string, props: ArgoCdRootAppProps) {
    const resolved = { ...DEFAULTS, path: `gitops/bootstrap/${props.environment}`, ...props };
    if (resolved.projectName === 'default') {
      // `default` may deploy anything from anywhere; the root app gets a project scoped to itself.
      throw new Error(`ArgoCdRootApp: projectName must not be "default"; leave it unset to use "${DEFAULTS.projectName}"`);
    }
    // Lives beside Argo CD (Applications are only reconciled in its namespace by default); when
    // Argo CD is missing the base class fails with a message naming both add-ons.
    const namespace = props.installed.find(ArgoCd)?.namespace ?? 'argocd';
    const applicationName = `root-${resolved.environment}`;
    const repoUrl = `https://github.com/${resolved.github.owner}/${resolved.github.repo}.git`;
    const targetRevision = resolved.github.defaultBranch;
    super(scope, id, {
      installed: resolved.installed,
      chart: resolved.chart,
      releaseName: 'argocd-root-app',
      namespace,
      createNamespace: false,
      values: rootAppValues({
        applicationName,
        projectName: resolved.projectName,
        namespace,
        repoUrl,
        targetRevision,
        path: resolved.path,
        retry: resolved.retry,
        childPatches: resolved.childPatches ?? [],
      }),
    });
    this.kustomizePatches = rootKustomizePatches(resolved.childPatches ?? []);
    this.applicationName = applicationName;
    this.projectName = resolved.projectName;
    this.repoUrl = repoUrl;
    this.path = resolved.path;
    this.targetRevision = targetRevision;
  }
}
