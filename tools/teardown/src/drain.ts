/**
 * The drain: before Terraform destroys anything, delete what made resources Terraform does not
 * know about, and wait (bounded, with progress) until those resources are gone, while the
 * controllers that delete them still run. The steps and their order come from plan.ts.
 */
import { ClusterApiError, describeKubeError, type ClusterApi, type KubeObject } from './cluster-api';
import { controllerLoadBalancers, controllerSecurityGroups, externalDnsRecords, karpenterInstances, seeCommands } from './leftovers';
import { rootApplication, type DnsCleanup, type DrainStep } from './plan';
import { waitUntilGone, type Clock, type WaitOutcome, type WaitSpec } from './wait';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { describeFailure, isAccessDenied } from '../../leak-report/src/check-failure';
import type { CheckContext } from '../../leak-report/src/checks/check';

/** How long each wait may take before it gives up. */
export interface DrainTimeouts {
  readonly applications: number;
  readonly nodePools: number;
  readonly instances: number;
  readonly loadBalancers: number;
  readonly securityGroups: number;
  readonly records: number;
}

export const DEFAULT_TIMEOUTS: DrainTimeouts = {
  // Argo CD deletes every child app's resources first: the Ingress waits for its ALB.
  applications: 20 * 60_000,
  nodePools: 10 * 60_000,
  // Karpenter drains a node (pod disruption budgets, termination grace) before terminating it.
  instances: 15 * 60_000,
  loadBalancers: 10 * 60_000,
  securityGroups: 10 * 60_000,
  records: 5 * 60_000,
};

export interface DrainContext {
  readonly environment: string;
  readonly steps: readonly DrainStep[];
  /** What the leak report's checks get: the scope, the AWS clients, the partition. */
  readonly aws: CheckContext;
  readonly cluster: ClusterApi;
  readonly dns: DnsCleanup;
  readonly timeouts: DrainTimeouts;
  readonly intervalMs: number;
  readonly heartbeatMs: number;
  readonly clock: Clock;
  readonly log: (line: string) => void;
  readonly signal?: AbortSignal;
}

export type DrainResult = { readonly ok: true } | { readonly ok: false; readonly outcome: Exclude<WaitOutcome, { status: 'gone' }> };

export async function drain(context: DrainContext): Promise<DrainResult> {
  for (const step of context.steps) {
    const outcome = await STEPS[step](context);
    if (outcome.status !== 'gone') return { ok: false, outcome };
    if (context.signal?.aborted) return { ok: false, outcome: { status: 'interrupted', what: step, message: `interrupted after ${step}` } };
  }
  return { ok: true };
}

type StepRunner = (context: DrainContext) => Promise<WaitOutcome>;

const STEPS: Record<DrainStep, StepRunner> = {
  'argo-cd-applications': drainApplications,
  'karpenter-nodepools': drainNodePools,
  'karpenter-instances': (c) => awsWait(c, {
    what: `instances Karpenter launched for cluster ${c.aws.scope.clusterName}`,
    remaining: () => karpenterInstances(c.aws),
    timeoutMs: c.timeouts.instances,
    seeCommand: seeCommands(c.aws.scope.region, c.aws.scope.clusterName, c.environment).instances,
    hint: `Karpenter terminates a node once its NodeClaim is drained (pod disruption budgets and grace periods can hold it): kubectl get nodeclaims -o wide; kubectl -n ${SERVICE_ACCOUNTS.karpenter.namespace} logs deploy/karpenter`,
  }),
  'load-balancers': (c) => awsWait(c, {
    what: `load balancers and target groups of cluster ${c.aws.scope.clusterName} (AWS Load Balancer Controller)`,
    remaining: () => controllerLoadBalancers(c.aws),
    timeoutMs: c.timeouts.loadBalancers,
    seeCommand: seeCommands(c.aws.scope.region, c.aws.scope.clusterName, c.environment).loadBalancers,
    hint: 'The controller deletes them when their Ingress or Service goes: kubectl get ingress,svc -A; kubectl -n kube-system logs deploy/aws-load-balancer-controller',
  }),
  'security-groups': (c) => awsWait(c, {
    what: `security groups of cluster ${c.aws.scope.clusterName} (AWS Load Balancer Controller)`,
    remaining: () => controllerSecurityGroups(c.aws),
    timeoutMs: c.timeouts.securityGroups,
    seeCommand: seeCommands(c.aws.scope.region, c.aws.scope.clusterName, c.environment).securityGroups,
    hint: `The controller deletes a group after its load balancer; one still used by a network interface cannot go: ${'aws ec2 describe-network-interfaces --filters Name=group-id,Values=<group id>'} --region ${c.aws.scope.region}`,
  }),
  'dns-records': async (c) => {
    if (c.dns !== 'route53-sync') {
      c.log(
        c.dns === 'route53-kept'
          ? `teardown: external-dns of ${c.environment} keeps its Route 53 records on teardown (policy upsert-only, docs/addons-and-gitops.md "DNS records on teardown"); the leak report lists them with the commands that delete them`
          : c.dns === 'cloudflare'
            ? 'teardown: the chat host\'s record is in Cloudflare, which this tool cannot see; external-dns (policy sync) deletes it when the Ingress goes: kubectl -n external-dns logs deploy/external-dns | grep -i delete'
            : `teardown: ${c.environment} has no external-dns: no DNS records to wait for`,
      );
      return { status: 'gone', what: 'external-dns records' };
    }
    return awsWait(c, {
      what: `Route 53 records external-dns owns for ${c.aws.scope.externalDnsOwner}`,
      remaining: () => externalDnsRecords(c.aws),
      timeoutMs: c.timeouts.records,
      seeCommand: seeCommands(c.aws.scope.region, c.aws.scope.clusterName, c.environment).records,
      hint: 'external-dns (policy sync) deletes them once the Ingress is gone: kubectl -n external-dns logs deploy/external-dns',
    });
  },
};

/**
 * Give every Argo CD Application the cascade finalizer, delete the root app, wait for it (Argo CD
 * deletes its children, and they what they deployed), then delete any Application that outlived
 * it (made by hand, outside the root) and wait until none is left.
 */
async function drainApplications(c: DrainContext): Promise<WaitOutcome> {
  const root = rootApplication(c.environment);
  const what = `Argo CD Applications in ${root.namespace}`;
  try {
    const apps = await c.cluster.listApplications(root.namespace);
    if (apps === undefined) {
      c.log(`teardown: Argo CD is not installed in ${c.cluster.describe} (no Application CRD): nothing to delete there`);
      return { status: 'gone', what };
    }
    for (const app of apps.filter((a) => !a.deleting)) {
      if (await c.cluster.ensureCascadeFinalizer(app)) c.log(`teardown: gave Application ${app.name} the resources finalizer, so deleting it deletes what it deployed`);
    }
    const rootApp = apps.find((a) => a.name === root.name);
    if (rootApp === undefined) {c.log(`teardown: the root app ${root.namespace}/${root.name} is already gone`);} else if (rootApp.deleting) {c.log(`teardown: the root app ${root.namespace}/${root.name} is already being deleted`);} else if (await c.cluster.deleteApplication(root.namespace, root.name)) {
      c.log(`teardown: deleted the root app ${root.namespace}/${root.name}; Argo CD now deletes every child app and what they deployed`);
    }
  } catch (error) {
    return { status: 'failed', what, message: clusterFailure(error) };
  }
  const kubectl = `kubectl -n ${root.namespace} get applications`;
  const rootGone = await waitUntilGone(
    {
      what: `the root app ${root.namespace}/${root.name} and its child apps`,
      remaining: async () => {
        const apps = (await c.cluster.listApplications(root.namespace)) ?? [];
        // The root is gone only after its children (each with its own finalizer) are.
        return apps.filter((a) => a.name === root.name || a.deleting).map(describeApp);
      },
      timeoutMs: c.timeouts.applications,
      seeCommand: kubectl,
      hint: `Argo CD removes an app's finalizer once everything it deployed is deleted; what it waits for is in kubectl -n ${root.namespace} get application <name> -o jsonpath='{.status.operationState.message}' and its resources' own finalizers (an Ingress waits for its load balancer)`,
    },
    waitOptions(c, describeKubeError),
  );
  if (rootGone.status !== 'gone') return rootGone;
  try {
    const others = ((await c.cluster.listApplications(root.namespace)) ?? []).filter((a) => !a.deleting);
    for (const app of others) {
      if (await c.cluster.deleteApplication(root.namespace, app.name)) c.log(`teardown: deleted Application ${app.name}, which the root app did not own`);
    }
  } catch (error) {
    return { status: 'failed', what, message: clusterFailure(error) };
  }
  return waitUntilGone(
    {
      what,
      remaining: async () => ((await c.cluster.listApplications(root.namespace)) ?? []).map(describeApp),
      timeoutMs: c.timeouts.applications,
      seeCommand: kubectl,
      hint: 'Each goes once Argo CD has deleted what it deployed (see its status.operationState.message)',
    },
    waitOptions(c, describeKubeError),
  );
}

/** Delete the NodePools Argo CD did not (or that are not in Git), and wait until none is left. */
async function drainNodePools(c: DrainContext): Promise<WaitOutcome> {
  const what = 'Karpenter NodePools';
  try {
    const pools = await c.cluster.listNodePools();
    if (pools === undefined) {
      c.log(`teardown: Karpenter is not installed in ${c.cluster.describe} (no NodePool CRD): no NodePools`);
      return { status: 'gone', what };
    }
    for (const pool of pools.filter((p) => !p.deleting)) {
      if (await c.cluster.deleteNodePool(pool.name)) c.log(`teardown: deleted NodePool ${pool.name}; Karpenter drains and terminates its nodes`);
    }
  } catch (error) {
    return { status: 'failed', what, message: clusterFailure(error) };
  }
  return waitUntilGone(
    {
      what,
      remaining: async () => ((await c.cluster.listNodePools()) ?? []).map(describeApp),
      timeoutMs: c.timeouts.nodePools,
      seeCommand: 'kubectl get nodepools,nodeclaims',
      hint: `A NodePool goes once Karpenter has terminated its NodeClaims: kubectl describe nodeclaims; kubectl -n ${SERVICE_ACCOUNTS.karpenter.namespace} logs deploy/karpenter`,
    },
    waitOptions(c, describeKubeError),
  );
}

function awsWait(c: DrainContext, spec: WaitSpec): Promise<WaitOutcome> {
  return waitUntilGone(spec, { ...waitOptions(c, describeFailure), isDenied: isAccessDenied });
}

function waitOptions(c: DrainContext, describeError: (error: unknown) => string) {
  return {
    intervalMs: c.intervalMs,
    heartbeatMs: c.heartbeatMs,
    log: c.log,
    clock: c.clock,
    signal: c.signal,
    describeError: (e: unknown) => (e instanceof ClusterApiError ? e.message : describeError(e)),
  };
}

function describeApp(object: KubeObject): string {
  return `${object.name}${object.deleting ? ' (deleting)' : ''}`;
}

function clusterFailure(error: unknown): string {
  if (error instanceof ClusterApiError) return error.message;
  throw error;
}
