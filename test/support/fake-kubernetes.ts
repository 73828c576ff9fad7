/**
 * A loopback Kubernetes API server for the custom resources tools/teardown works on: Argo CD
 * Applications (`argoproj.io/v1alpha1`, namespaced) and Karpenter NodePools (`karpenter.sh/v1`,
 * cluster-scoped). It answers as the API server does for the calls the real
 * @kubernetes/client-node client makes: GET (one, list), JSON-patch and merge-patch PATCH, DELETE.
 *
 * - A JSON patch is applied whole or not at all; its `test` operation on
 *   `/metadata/resourceVersion` fails with 422, as the API server's does, when the object changed.
 * - DELETE marks what the object owns (`ownedBy`) deleted too, as Argo CD cascades from a root app
 *   to its children. An object without finalizers is removed at once; with finalizers it gets
 *   `metadata.deletionTimestamp` (answering 200 with the object) and the object stays until its
 *   "controller" is done: after `goneAfterPolls` GETs (of it, or lists of its kind) since the
 *   deletion, or never for one marked `stuck`.
 * - A kind whose CRD is not installed answers 404 with the API server's own Status body.
 * - It serves HTTPS with a fresh self-signed certificate for 127.0.0.1: clients verify it against
 *   `caData`, as they verify a cluster against the CA EKS reports.
 * - Every request needs a bearer token (`tokens` records them); a request without one gets 401.
 * - Errors are `Status` objects (`kind: Status`, `reason`, `code`), as the real server sends them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { listenOnLoopback, loopbackEndpoint, stopServer, withBody } from './loopback-server';
import { selfSignedCertificate, type TlsIdentity } from './self-signed-certificate';

export interface FakeObject {
  readonly name: string;
  /** Namespaced kinds only. */
  readonly namespace?: string;
  finalizers: string[];
  readonly labels?: Readonly<Record<string, string>>;
  /** GETs after the deletion until the object is gone (its controller ran the finalizer). @default 0 */
  readonly goneAfterPolls?: number;
  /** Its finalizer never completes: it stays with a deletionTimestamp. */
  readonly stuck?: boolean;
  /**
   * The object (same kind and namespace) whose deletion deletes this one: Argo CD's cascade from
   * the root app to its child apps. Deleting the owner marks this one deleted too.
   */
  readonly ownedBy?: string;
  readonly spec?: unknown;
  /**
   * Another writer (a controller, a person) adds these finalizers just before the first PATCH of
   * this object arrives, so the patch meets a newer resourceVersion than the one its sender read.
   */
  readonly changedBeforeFirstPatch?: readonly string[];
}

interface StoredObject extends FakeObject {
  deletionTimestamp?: string;
  pollsSinceDeletion: number;
  resourceVersion: number;
  patched?: boolean;
}

export interface KindDefinition {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
}

export const APPLICATIONS: KindDefinition = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications', kind: 'Application', namespaced: true };
export const NODEPOOLS: KindDefinition = { group: 'karpenter.sh', version: 'v1', plural: 'nodepools', kind: 'NodePool', namespaced: false };

export interface RecordedKubeRequest {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly contentType?: string;
  readonly body?: unknown;
}

export class FakeKubernetes {
  public readonly requests: RecordedKubeRequest[] = [];
  /** Bearer tokens the requests carried, in order. */
  public readonly tokens: string[] = [];
  /** Called with each request as it is answered (tests keep one timeline with other fakes). */
  public onRequest?: (request: RecordedKubeRequest) => void;
  /** Answer every request with this HTTP status (e.g. 403 to test RBAC denials); undefined: serve. */
  public failWith?: number;
  private readonly kinds = new Map<string, { definition: KindDefinition; objects: Map<string, StoredObject> }>();
  /** The server's certificate, base64 PEM: the cluster CA to trust. */
  public readonly caData: string;
  private readonly tls: TlsIdentity;
  private server?: Server;
  private version = 100;

  constructor() {
    this.tls = selfSignedCertificate('fake-kubernetes');
    this.caData = this.tls.caData;
  }

  /** Install a kind (its CRD); only installed kinds are served. */
  public install(definition: KindDefinition, objects: readonly FakeObject[] = []): void {
    const stored = new Map<string, StoredObject>();
    for (const object of objects) {
      const copy = { ...object, finalizers: [...object.finalizers], pollsSinceDeletion: 0, resourceVersion: this.version++ };
      stored.set(this.key(definition, object.namespace, object.name), copy);
    }
    this.kinds.set(`${definition.group}/${definition.plural}`, { definition, objects: stored });
  }

  /** The object as stored (with its finalizers and deletion timestamp), or undefined when gone. */
  public object(definition: KindDefinition, name: string, namespace?: string): (StoredObject & { deletionTimestamp?: string }) | undefined {
    return this.kinds.get(`${definition.group}/${definition.plural}`)?.objects.get(this.key(definition, namespace, name));
  }

  public async start(): Promise<string> {
    const tls = { key: this.tls.key, cert: this.tls.cert };
    this.server = createServer(tls, withBody((request, body, response) => this.handle(request, body, response)));
    return listenOnLoopback(this.server);
  }

  public get endpoint(): string {
    return loopbackEndpoint(this.server);
  }

  public async stop(): Promise<void> {
    await stopServer(this.server);
  }

  /** Requests with this method whose path ends with `suffix`. */
  public calls(method: string, suffix = ''): RecordedKubeRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.endsWith(suffix));
  }

  private key(definition: KindDefinition, namespace: string | undefined, name: string): string {
    return definition.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  private handle(request: IncomingMessage, text: string, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://fake');
    const method = request.method ?? 'GET';
    const contentType = request.headers['content-type'];
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      return this.send(response, method, url.pathname, 400, status(400, 'BadRequest', `the body is not JSON: ${text.slice(0, 80)}`), contentType);
    }
    const auth = request.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ')) return this.send(response, method, url.pathname, 401, status(401, 'Unauthorized', 'Unauthorized'), contentType, body);
    this.tokens.push(auth.slice('Bearer '.length));
    if (this.failWith !== undefined) {
      return this.send(response, method, url.pathname, this.failWith, status(this.failWith, 'Forbidden', `${method} ${url.pathname} is forbidden: User "arn:aws:sts::111122223333:assumed-role/ci" cannot ${method.toLowerCase()} resource`), contentType, body);
    }
    // /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>]
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const notFound = () => this.send(response, method, url.pathname, 404, status(404, 'NotFound', 'the server could not find the requested resource'), contentType, body);
    if (parts[0] !== 'apis' || parts.length < 4) return notFound();
    const [, group, version] = parts;
    let rest = parts.slice(3);
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const [plural, name] = rest;
    const kind = this.kinds.get(`${group}/${plural}`);
    const served = kind && kind.definition.version === version && kind.definition.namespaced === (namespace !== undefined) && rest.length <= 2;
    if (!kind || !served) return notFound();
    const { definition, objects } = kind;
    const answer = (code: number, payload: unknown) => this.send(response, method, url.pathname, code, payload, contentType, body);
    const missing = () => answer(404, status(404, 'NotFound', `${plural}.${group} "${name}" not found`, { name, group, kind: plural }));

    if (name === undefined) {
      if (method !== 'GET') return answer(405, status(405, 'MethodNotAllowed', `${method} is not allowed on a list`));
      const items = [...objects.values()].filter((o) => namespace === undefined || o.namespace === namespace);
      for (const object of items) this.poll(definition, objects, object);
      const left = [...objects.values()].filter((o) => namespace === undefined || o.namespace === namespace);
      return answer(200, { apiVersion: `${group}/${version}`, kind: `${definition.kind}List`, metadata: { resourceVersion: String(this.version++) }, items: left.map((o) => this.render(definition, o)) });
    }
    const object = objects.get(this.key(definition, namespace, name));
    if (!object) return missing();
    switch (method) {
      case 'GET':
        this.poll(definition, objects, object);
        return objects.has(this.key(definition, namespace, name)) ? answer(200, this.render(definition, object)) : missing();
      case 'PATCH': {
        if (!object.patched && object.changedBeforeFirstPatch) {
          object.finalizers.push(...object.changedBeforeFirstPatch);
          object.resourceVersion = this.version++;
        }
        object.patched = true;
        if (contentType === 'application/json-patch+json') {
          if (!Array.isArray(body)) return answer(400, status(400, 'BadRequest', 'a JSON patch is a list of operations'));
          const finalizers = [...object.finalizers];
          for (const op of body as Array<{ op: string; path: string; value?: unknown }>) {
            if (op.op === 'add' && op.path === '/metadata/finalizers/-') {finalizers.push(String(op.value));} else if (op.op === 'add' && op.path === '/metadata/finalizers') {finalizers.splice(0, finalizers.length, ...(op.value as string[]));} else if (op.op === 'test' && op.path === '/metadata/resourceVersion') {
              // The API server's answer to a failed test operation (k8s.io/apiserver patch.go).
              if (op.value !== String(object.resourceVersion)) {
                return answer(422, status(422, 'UnprocessableEntity', 'the server rejected our request due to an error in our request: testing value /metadata/resourceVersion failed: test operation does not apply: doc is not equal to value'));
              }
            } else {return answer(422, status(422, 'Invalid', `the fake does not apply ${op.op} ${op.path}`));}
          }
          object.finalizers.splice(0, object.finalizers.length, ...finalizers);
        } else if (contentType === 'application/merge-patch+json') {
          const finalizers = (body as { metadata?: { finalizers?: string[] } })?.metadata?.finalizers;
          if (finalizers) object.finalizers.splice(0, object.finalizers.length, ...finalizers);
        } else {
          return answer(415, status(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml; got ${contentType}`));
        }
        object.resourceVersion = this.version++;
        return answer(200, this.render(definition, object));
      }
      case 'DELETE': {
        const deletedAt = object.deletionTimestamp ?? new Date().toISOString();
        for (const child of [...objects.values()]) {
          if (child.ownedBy !== object.name || child.namespace !== object.namespace) continue;
          if (child.finalizers.length === 0) objects.delete(this.key(definition, child.namespace, child.name));
          else child.deletionTimestamp ??= deletedAt;
        }
        if (object.finalizers.length === 0) {
          objects.delete(this.key(definition, namespace, name));
          return answer(200, this.render(definition, object));
        }
        object.deletionTimestamp = deletedAt;
        return answer(200, this.render(definition, object));
      }
      default:
        return answer(405, status(405, 'MethodNotAllowed', `${method} is not allowed`));
    }
  }

  /** A GET of a deleted object: its controller makes progress, and is done after `goneAfterPolls`. */
  private poll(definition: KindDefinition, objects: Map<string, StoredObject>, object: StoredObject): void {
    if (object.deletionTimestamp === undefined || object.stuck) return;
    if (object.pollsSinceDeletion >= (object.goneAfterPolls ?? 0)) objects.delete(this.key(definition, object.namespace, object.name));
    object.pollsSinceDeletion++;
  }

  private render(definition: KindDefinition, object: StoredObject): unknown {
    return {
      apiVersion: `${definition.group}/${definition.version}`,
      kind: definition.kind,
      metadata: {
        name: object.name,
        ...(object.namespace ? { namespace: object.namespace } : {}),
        uid: `00000000-0000-4000-8000-${String(object.resourceVersion).padStart(12, '0')}`,
        resourceVersion: String(object.resourceVersion),
        ...(object.labels ? { labels: object.labels } : {}),
        ...(object.finalizers.length > 0 ? { finalizers: [...object.finalizers] } : {}),
        ...(object.deletionTimestamp ? { deletionTimestamp: object.deletionTimestamp, deletionGracePeriodSeconds: 0 } : {}),
      },
      spec: object.spec ?? {},
    };
  }

  private send(response: ServerResponse, method: string, path: string, code: number, payload: unknown, contentType?: string, body?: unknown): void {
    const recorded = { method, path, status: code, contentType, body };
    this.requests.push(recorded);
    this.onRequest?.(recorded);
    const text = JSON.stringify(payload);
    response.writeHead(code, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
    response.end(text);
  }
}

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): unknown {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}
