/**
 * The order of a teardown, as data: what the drain deletes and waits for in the cluster and in
 * AWS (before Terraform, while the controllers that clean up still run), then every stack of the
 * environment destroyed with its dependants first (from the synthesized manifest), then the leak
 * report. test/tools/teardown checks this order against the synthesized dependency graph.
 */
import type { EnvironmentConfig } from '../../../modules/shared/environment-config';
import type { StackManifest } from '../../ci/src/stack-manifest';
import { orderStacks } from '../../ci/src/stack-order';

/**
 * The drain, in order. The root app goes first: Argo CD deletes every child app and what it
 * deployed (the Ingresses, the NodePools of gitops/platform), and would re-create a NodePool
 * deleted before it. NodePools that outlive it are deleted next, and their instances must be
 * terminated before Terraform removes the Karpenter controller (and the cluster) that terminates
 * them. Then what the load balancer controller and external-dns delete once the Ingresses are gone.
 */
export const DRAIN_STEPS = ['argo-cd-applications', 'karpenter-nodepools', 'karpenter-instances', 'load-balancers', 'security-groups', 'dns-records'] as const;
export type DrainStep = (typeof DRAIN_STEPS)[number];

export type TeardownStep =
  | { readonly phase: 'drain'; readonly step: DrainStep }
  | { readonly phase: 'destroy'; readonly stack: string }
  | { readonly phase: 'leak-report' };

/** Argo CD's namespace as the add-ons stack installs it (modules/addons/argo-cd), and the root app `root-<env>`. */
export const ARGOCD_NAMESPACE = 'argocd';

export function rootApplication(environment: string): { readonly namespace: string; readonly name: string } {
  return { namespace: ARGOCD_NAMESPACE, name: `root-${environment}` };
}

/**
 * What happens to the chat host's DNS record when its Ingress goes (stacks/addons-stack.ts,
 * docs/addons-and-gitops.md "DNS records on teardown"): external-dns on Route 53 deletes it with
 * policy `sync` (outside production); production's `upsert-only` keeps it on purpose; Cloudflare
 * records are not visible to AWS; without a domain there is none.
 */
export type DnsCleanup = 'route53-sync' | 'route53-kept' | 'cloudflare' | 'none';

export function dnsCleanup(env: Pick<EnvironmentConfig, 'production' | 'edge'>): DnsCleanup {
  if (env.edge.domain === undefined) return 'none';
  if (env.edge.dns.provider === 'route53') return env.production ? 'route53-kept' : 'route53-sync';
  return env.edge.dns.provider === 'cloudflare' ? 'cloudflare' : 'none';
}

/** The whole teardown of `environment`: drain, its stacks dependants first, the leak report. */
export function teardownPlan(manifest: StackManifest, environment: string, options: { drain?: boolean; leakReport?: boolean } = {}): TeardownStep[] {
  const stacks = orderStacks(manifest, { environment, reverse: true });
  return [
    ...(options.drain === false ? [] : DRAIN_STEPS.map((step) => ({ phase: 'drain' as const, step }))),
    ...stacks.map((stack) => ({ phase: 'destroy' as const, stack })),
    ...(options.leakReport === false ? [] : [{ phase: 'leak-report' as const }]),
  ];
}
