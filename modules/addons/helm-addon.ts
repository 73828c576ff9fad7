import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';

/**
 * Where Helm keeps each release's state (`helm_driver` of the add-ons stack's Helm provider):
 * ConfigMaps `sh.helm.release.v1.<release>.v<revision>` in the release namespace, not Helm's
 * default Secrets. A plan refreshes a release by listing them, so the CI plan role needs only
 * ConfigMap reads (`modules/addons/plan-reader-rbac`), never Secrets; the policy suite proves no
 * release carries a sensitive value that ConfigMap storage would expose
 * (`helm-release-no-sensitive-values`, test/policy/rules/helm-release-values.ts). Changing it loses
 * every release's state: see docs/addons-and-gitops.md, "Migrating release state to ConfigMaps".
 */
export const HELM_STORAGE_DRIVER = 'configmap';

/** A chart, pinned: repository URL (or oci:// registry), chart name and exact version. */
export interface HelmChart {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
}

/** Any add-on class (used to declare dependencies by class reference). */
export type AddonClass = abstract new (...args: never[]) => HelmAddon;

/**
 * The add-ons installed so far in one cluster, by class. Add-ons look their dependencies up here,
 * so installing one before what it needs fails at synth with a message naming both.
 */
export class InstalledAddons {
  private readonly byClass = new Map<AddonClass, HelmAddon>();

  /** The installed instance of `addon`, if any. */
  find<T extends HelmAddon>(addon: abstract new (...args: never[]) => T): T | undefined {
    return this.byClass.get(addon) as T | undefined;
  }

  /** Every installed add-on, in installation order. */
  all(): HelmAddon[] {
    return [...this.byClass.values()];
  }

  /** @internal called by HelmAddon's constructor */
  register(addon: HelmAddon): void {
    const cls = addon.constructor as AddonClass;
    if (this.byClass.has(cls)) throw new Error(`${cls.name} is installed twice in the same cluster`);
    this.byClass.set(cls, addon);
  }
}

/** What every add-on passes to its base. */
export interface HelmAddonBaseProps {
  readonly installed: InstalledAddons;
  readonly chart: HelmChart;
  /** Helm release name. */
  readonly releaseName: string;
  readonly namespace: string;
  /** Chart values, built as typed objects; rendered to JSON (valid YAML) for Helm. */
  readonly values: object;
  /**
   * Seconds Helm waits for the release to become ready (deployments available, jobs done).
   * @default 600
   */
  readonly timeoutSeconds?: number;
  /**
   * Let Helm create the namespace.
   * @default true
   */
  readonly createNamespace?: boolean;
  /**
   * Installed add-ons this one comes after besides its class `dependencies`: optional add-ons the
   * stack decides on per environment (external-dns only where there is a DNS zone), which a class
   * cannot declare. They become `depends_on` too, so this release is also destroyed before them.
   * @default []
   */
  readonly after?: readonly HelmAddon[];
  /**
   * Leave out the chart's `crds/` folder: for a chart whose CRDs another release installs (Helm
   * installs `crds/` once and never upgrades or deletes them; karpenter-crd templates them instead).
   * @default false
   */
  readonly skipCrds?: boolean;
}

/**
 * One Helm release, health-gated: `wait` (every Deployment/DaemonSet available, so webhooks answer
 * and CRDs are established before anything that depends on this release is applied) and
 * `wait_for_jobs` (post-install checks such as cert-manager's startupapicheck). A failed install
 * rolls back (`atomic`). Dependencies are declared on the subclass as
 * `static readonly dependencies = [OtherAddon]` and become `depends_on`, which also orders
 * destroy in reverse: a dependent is removed while what it needs is still running.
 */
export abstract class HelmAddon extends Construct {
  /** Add-ons that must be installed (and healthy) before this one. */
  static readonly dependencies: readonly AddonClass[] = [];

  readonly release: Release;
  /** The Helm release name (a plain string, for messages; `release.name` is a token). */
  readonly releaseName: string;
  readonly namespace: string;

  protected constructor(scope: Construct, id: string, props: HelmAddonBaseProps) {
    super(scope, id);
    const self = this.constructor as AddonClass & { dependencies: readonly AddonClass[] };
    const needed = self.dependencies.map((dependency) => {
      const found = props.installed.find(dependency);
      if (!found) {
        throw new Error(`${self.name} depends on ${dependency.name}, which is not installed in this cluster: install ${dependency.name} before ${self.name}`);
      }
      return found;
    });
    const installedSoFar = props.installed.all();
    for (const earlier of props.after ?? []) {
      if (!installedSoFar.includes(earlier)) {
        throw new Error(`${self.name} is to come after ${earlier.constructor.name} "${earlier.releaseName}", which is not installed in this cluster yet: install it first`);
      }
    }
    this.releaseName = props.releaseName;
    this.namespace = props.namespace;
    this.release = new Release(this, 'release', {
      name: props.releaseName,
      namespace: props.namespace,
      createNamespace: props.createNamespace ?? true,
      repository: props.chart.repository,
      chart: props.chart.chart,
      version: props.chart.version,
      values: [JSON.stringify(props.values)],
      ...(props.skipCrds ? { skipCrds: true } : {}),
      wait: true,
      waitForJobs: true,
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 10,
      timeout: props.timeoutSeconds ?? 600,
      dependsOn: [...new Set([...needed, ...(props.after ?? [])])].map((addon) => addon.release),
    });
    props.installed.register(this);
  }
}
