/**
 * The Kubernetes calls of the teardown, through @kubernetes/client-node: Argo CD Applications
 * (read, give the resources finalizer, delete) and Karpenter NodePools (list, delete). A kind whose
 * CRD is not installed reads as "none" (`undefined` from the list calls), an object that is gone as
 * `undefined`; any other failure is a ClusterApiError naming the call and the API server's answer.
 */
import { ApiException, CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';

/** What the teardown reads of an object. */
export interface KubeObject {
  readonly name: string;
  readonly namespace?: string;
  readonly finalizers: readonly string[];
  /** Set once a delete was accepted: its finalizers are running. */
  readonly deleting: boolean;
  readonly resourceVersion?: string;
}

/** Argo CD's cascade finalizer; `/foreground` and `/background` variants cascade too. */
export const ARGOCD_RESOURCES_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/** How often a finalizer patch that met a newer version of the app is retried on a fresh read. */
const CONFLICT_RETRIES = 3;

/** Argo CD's cascade finalizer, in its plain or `/foreground` / `/background` form. */
function hasCascadeFinalizer(app: KubeObject): boolean {
  return app.finalizers.some((f) => f === ARGOCD_RESOURCES_FINALIZER || f.startsWith(`${ARGOCD_RESOURCES_FINALIZER}/`));
}

const APPLICATION = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' } as const;
const NODEPOOL = { group: 'karpenter.sh', version: 'v1', plural: 'nodepools' } as const;

export class ClusterApiError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'ClusterApiError';
  }
}

export class ClusterApi {
  private api?: { client: CustomObjectsApi; madeAt: number };

  /**
   * @param connect makes a kubeconfig (with a fresh token) when the last one is older than `refreshMs`
   * @param describe names the cluster in messages
   */
  constructor(
    private readonly connect: () => Promise<KubeConfig>,
    readonly describe: string,
    private readonly refreshMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  /** Applications in `namespace`; undefined when Argo CD's CRD is not installed. */
  public async listApplications(namespace: string): Promise<KubeObject[] | undefined> {
    return this.call(`list applications.argoproj.io in ${namespace}`, async (api) => {
      const list = await api.listNamespacedCustomObject({ ...APPLICATION, namespace });
      return (list.items as unknown[]).map(toObject);
    }, 'kind');
  }

  public async getApplication(namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.call(`get application ${namespace}/${name}`, async (api) => toObject(await api.getNamespacedCustomObject({ ...APPLICATION, namespace, name })), 'object');
  }

  /**
   * Give the Application Argo CD's cascade finalizer unless it has one (as `argocd app delete
   * --cascade` does), so deleting it deletes what it deployed. Returns whether it was added.
   * The finalizer list is replaced as a whole, so the patch applies only to the version read
   * (a `test` of resourceVersion); when someone changed the app in between (422), it is read
   * again and the patch retried, up to CONFLICT_RETRIES times.
   */
  public async ensureCascadeFinalizer(app: KubeObject): Promise<boolean> {
    let current: KubeObject | undefined = app;
    for (let attempt = 0; ; attempt++) {
      if (current === undefined || current.deleting || hasCascadeFinalizer(current)) return false;
      const read: KubeObject = current;
      const patch = [
        ...(read.resourceVersion ? [{ op: 'test', path: '/metadata/resourceVersion', value: read.resourceVersion }] : []),
        { op: 'add', path: '/metadata/finalizers', value: [...read.finalizers, ARGOCD_RESOURCES_FINALIZER] },
      ];
      try {
        await this.call(
          `add the ${ARGOCD_RESOURCES_FINALIZER} finalizer to application ${read.namespace}/${read.name}`,
          (api) => api.patchNamespacedCustomObject({ ...APPLICATION, namespace: read.namespace!, name: read.name, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.JsonPatch)),
          'none',
        );
        return true;
      } catch (error) {
        const conflict = error instanceof ClusterApiError && (error.status === 422 || error.status === 409);
        if (!conflict || attempt >= CONFLICT_RETRIES) throw error;
      }
      current = await this.getApplication(read.namespace!, read.name);
    }
  }

  /** Delete an Application; false when it was already gone. */
  public async deleteApplication(namespace: string, name: string): Promise<boolean> {
    const done = await this.call(`delete application ${namespace}/${name}`, async (api) => {
      await api.deleteNamespacedCustomObject({ ...APPLICATION, namespace, name });
      return true;
    }, 'object');
    return done === true;
  }

  /** Karpenter NodePools; undefined when Karpenter's CRD is not installed. */
  public async listNodePools(): Promise<KubeObject[] | undefined> {
    return this.call('list nodepools.karpenter.sh', async (api) => ((await api.listClusterCustomObject({ ...NODEPOOL })).items as unknown[]).map(toObject), 'kind');
  }

  public async deleteNodePool(name: string): Promise<boolean> {
    const done = await this.call(`delete nodepool ${name}`, async (api) => {
      await api.deleteClusterCustomObject({ ...NODEPOOL, name });
      return true;
    }, 'object');
    return done === true;
  }

  /**
   * Run one call. A 404 means "gone" for `object` calls, "CRD not installed" for `kind` (list)
   * calls (both: undefined); anything else is a ClusterApiError.
   */
  private async call<T>(what: string, run: (api: CustomObjectsApi) => Promise<T>, notFound: 'object' | 'kind' | 'none'): Promise<T | undefined> {
    try {
      return await run(await this.client());
    } catch (error) {
      const status = error instanceof ApiException ? error.code : undefined;
      if (status === 404 && notFound !== 'none') return undefined;
      throw new ClusterApiError(`${this.describe}: could not ${what}: ${describeKubeError(error)}`, status);
    }
  }

  private async client(): Promise<CustomObjectsApi> {
    if (!this.api || this.now() - this.api.madeAt >= this.refreshMs) {
      const madeAt = this.now();
      this.api = { client: (await this.connect()).makeApiClient(CustomObjectsApi), madeAt };
    }
    return this.api.client;
  }
}

/** One line for a failed call: the API server's Status message, or what failed before it answered. */
export function describeKubeError(error: unknown): string {
  if (error instanceof ApiException) {
    let message = '';
    try {
      const body = typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
      message = (body as { message?: string })?.message ?? '';
    } catch {
      message = String(error.body ?? '').slice(0, 200);
    }
    const hint = error.code === 401 ? ' (the token was refused: are these AWS credentials those of an access entry of the cluster?)'
      : error.code === 403 ? ' (the access entry of these credentials may not do this; the CI deploy roles and the admins in config/<env>.yaml are cluster admins)'
        : '';
    return `HTTP ${error.code}${message ? `: ${message}` : ''}${hint}`;
  }
  const e = error as { message?: string; code?: string; cause?: { code?: string; message?: string } };
  const code = e.code ?? e.cause?.code;
  return `${code ? `${code}: ` : ''}${e.message ?? String(error)}`;
}

function toObject(raw: unknown): KubeObject {
  type Metadata = { name?: string; namespace?: string; finalizers?: string[]; deletionTimestamp?: unknown; resourceVersion?: string };
  const metadata = ((raw ?? {}) as { metadata?: Metadata }).metadata ?? {};
  return {
    name: metadata.name ?? '',
    namespace: metadata.namespace,
    finalizers: metadata.finalizers ?? [],
    deleting: metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null,
    resourceVersion: metadata.resourceVersion,
  };
}
