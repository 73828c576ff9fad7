/**
 * A small hand-written environment that complies with every gitops policy rule, and the helpers the
 * rule cases use to break it in exactly one place.
 */
import type { GitopsRule } from '../gitops-rule';
import type { RenderedObject } from '../render';

const REPO = 'https://github.com/acme/chatbot-platform.git';
export const IN_CLUSTER = 'https://kubernetes.default.svc';

const container = (name: string, image: string): Record<string, any> => ({
  name,
  image,
  ports: [{ containerPort: 8080 }],
  resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
  livenessProbe: { httpGet: { path: '/healthz', port: 8080 } },
  readinessProbe: { httpGet: { path: '/readyz', port: 8080 } },
  securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
});

export const PLATFORM_DIR = 'gitops/platform/overlays/dev';
export const CHATBOT_DIR = 'gitops/apps/chatbot/overlays/dev';
export const BOOTSTRAP_DIR = 'gitops/bootstrap/dev';

const application = (name: string, project: string, namespace: string, wave: string, path: string) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name, namespace: 'argocd', finalizers: ['resources-finalizer.argocd.argoproj.io'], annotations: { 'argocd.argoproj.io/sync-wave': wave } },
  spec: {
    project,
    source: { repoURL: REPO, targetRevision: 'main', path },
    destination: { server: IN_CLUSTER, namespace },
    syncPolicy: { automated: { prune: true, selfHeal: true }, retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } } },
  },
});

/** An environment every rule accepts. */
export function compliantEnvironment(): RenderedObject[] {
  const at = (directory: string, file: string, object: Record<string, any>): RenderedObject => ({ directory, file, object });
  return [
    at(PLATFORM_DIR, 'gitops/platform/base/namespaces.yaml', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'chatbot', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } }),
    at(CHATBOT_DIR, 'gitops/apps/chatbot/base/deployment.yaml', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'chatbot', namespace: 'chatbot' },
      spec: {
        template: {
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [container('chatbot', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/qa-dev/chatbot:1.2.3')],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    }),
    // System pods are exempt from the app rules, but still need pinned images.
    at(PLATFORM_DIR, 'gitops/platform/base/argocd-tool.yaml', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'tool', namespace: 'argocd' },
      spec: { template: { spec: { hostNetwork: true, containers: [{ name: 'tool', image: 'registry.example.com:5000/tool@sha256:abc' }] } } },
    }),
    at(BOOTSTRAP_DIR, 'gitops/bootstrap/base/projects.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'apps', namespace: 'argocd' },
      spec: {
        sourceRepos: [REPO],
        destinations: [{ server: IN_CLUSTER, namespace: 'chatbot' }],
        clusterResourceWhitelist: [],
        namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
      },
    }),
    at(BOOTSTRAP_DIR, 'gitops/bootstrap/base/projects.yaml', {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'AppProject',
      metadata: { name: 'platform', namespace: 'argocd' },
      spec: { sourceRepos: [REPO], destinations: [{ server: IN_CLUSTER, namespace: '*' }], clusterResourceWhitelist: [{ group: '*', kind: '*' }] },
    }),
    at(BOOTSTRAP_DIR, 'gitops/bootstrap/base/platform.yaml', application('platform-dev', 'platform', 'opentelemetry', '0', PLATFORM_DIR)),
    at(BOOTSTRAP_DIR, 'gitops/bootstrap/base/chatbot.yaml', application('chatbot-dev', 'apps', 'chatbot', '10', CHATBOT_DIR)),
  ];
}

/** The compliant environment with one object changed (`mutate` edits a deep copy). */
export function changed(kind: string, name: string, mutate: (o: any) => void): RenderedObject[] {
  const objects = structuredClone(compliantEnvironment());
  const target = objects.find((o) => o.object.kind === kind && o.object.metadata?.name === name);
  if (!target) throw new Error(`no ${kind} ${name} in the compliant environment`);
  mutate(target.object);
  return objects;
}

/** The compliant environment plus one object rendered from `directory`. */
export function plus(directory: string, file: string, object: Record<string, any>): RenderedObject[] {
  return [...compliantEnvironment(), { directory, file, object }];
}

export interface GitopsRuleCase {
  readonly rule: GitopsRule;
  /** What the variant breaks. */
  readonly violates: string;
  readonly objects: readonly RenderedObject[];
  /** The `file: Kind namespace/name` the violation must name. */
  readonly names: string;
  /** A piece of the expected message. */
  readonly says: string;
}

export const DEPLOYMENT = 'gitops/apps/chatbot/base/deployment.yaml: Deployment chatbot/chatbot';
export const CHATBOT_APP = 'gitops/bootstrap/base/chatbot.yaml: Application argocd/chatbot-dev';
export const APPS_PROJECT = 'gitops/bootstrap/base/projects.yaml: AppProject argocd/apps';
