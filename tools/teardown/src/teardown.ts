/**
 * `npx projen teardown <env>`: the whole environment, in the order that leaves nothing behind.
 *
 * 1. Synthesize once and run the destroy pre-flight checks (state bucket): nothing is deleted if
 *    the code does not synthesize or the state cannot be read.
 * 2. Drain (drain.ts): delete the Argo CD root app (cascading through every child app) and the
 *    Karpenter NodePools, and wait, bounded and with progress, until Karpenter's instances, the
 *    load balancer controller's load balancers, target groups and security groups, and external-
 *    dns's records are gone, while the controllers that delete them still run. A wait that gives
 *    up stops the teardown here, before Terraform would remove those controllers for good.
 * 3. `destroy` each stack of the environment, dependants first (addons-<env>, then platform-<env>),
 *    through tools/stack-lifecycle (pre-flight checks, cdktf, signals passed on).
 * 4. The leak report (tools/leak-report) on the account: exit 1 when anything is left.
 *
 * Exit codes: 0 nothing is left; 1 something is (a wait gave up, a destroy failed, the leak report
 * found leftovers) or the teardown was not confirmed; 2 bad usage or config, credentials of
 * another account, or a leak report that could not check everything; 130/143 interrupted.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeCluster, eksToken, kubeConfigForCluster, kubeConfigFromFile, TOKEN_REFRESH_MS } from './cluster-access';
import { ClusterApi } from './cluster-api';
import { DEFAULT_TIMEOUTS, drain, type DrainTimeouts } from './drain';
import { dnsCleanup, rootApplication, teardownPlan, type DrainStep, type TeardownStep } from './plan';
import { TeardownError } from './teardown-errors';
import { formatDuration, SYSTEM_CLOCK, type Clock } from './wait';
import type { EnvironmentConfig } from '../../../modules/shared/environment-config';
import { ConfigError } from '../../../stacks/config';
import { selectEnvironment, UnknownEnvironmentError } from '../../../stacks/select-environment';
import { CiToolError } from '../../ci/src/ci-errors';
import { readStackManifest } from '../../ci/src/stack-manifest';
import { AwsClients } from '../../leak-report/src/aws-clients';
import { noSuchEnvironment } from '../../leak-report/src/cli';
import { callerIdentity, exitCode, LeakReportError, runLeakReport } from '../../leak-report/src/leak-report';
import { renderText } from '../../leak-report/src/render';
import { environmentScope, type EnvironmentScope } from '../../leak-report/src/scope';
import { VALUE_OPTIONS } from '../../stack-lifecycle/src/cdktf-arguments';
import { configuredOutput, runLifecycle } from '../../stack-lifecycle/src/cli';
import { LifecycleError } from '../../stack-lifecycle/src/lifecycle-errors';
import { preflight } from '../../stack-lifecycle/src/preflight';
import type { StateStore } from '../../stack-lifecycle/src/state-store';

export const USAGE =
  'usage: npx projen teardown <environment> [--auto-approve] [--skip-drain] [--no-leak-report] [--kubeconfig <file> [--context <name>]] [--wait-minutes <n>] [--poll-seconds <n>] [cdktf destroy flags]';

export interface TeardownIo {
  readonly cwd: string;
  /** PLATFORM_CONFIG_DIR and what cdktf and the AWS SDK read. */
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
  readonly store: StateStore;
  readonly ensureNative: () => number;
  readonly cdktf: (args: readonly string[], env: NodeJS.ProcessEnv) => Promise<number>;
  /** Ask a question on the terminal; undefined when there is none (CI: --auto-approve). */
  readonly confirm: (question: string) => Promise<string | undefined>;
  /** The AWS clients (tests pass their own); made from `env` when absent. */
  readonly clients?: AwsClients;
  readonly clock?: Clock;
  /** Between two looks while waiting. @default 15 s */
  readonly intervalMs?: number;
  /** A "still waiting" line at least this often. @default 60 s */
  readonly heartbeatMs?: number;
  readonly timeouts?: Partial<DrainTimeouts>;
  /** Aborted on SIGINT/SIGTERM: the drain stops waiting. */
  readonly signal?: AbortSignal;
}

interface TeardownArgs {
  readonly environment: string;
  readonly autoApprove: boolean;
  readonly skipDrain: boolean;
  readonly leakReport: boolean;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly waitMinutes?: number;
  /** Seconds between two looks while waiting (default 15). */
  readonly pollSeconds?: number;
  /** Flags for cdktf destroy (and --output/--app for synth), unchanged. */
  readonly cdktf: readonly string[];
}

export async function runTeardown(argv: readonly string[], io: TeardownIo): Promise<number> {
  const args = parseArgs(argv);
  if ('error' in args) {
    io.error(`teardown: ${args.error}\n${USAGE}`);
    return 2;
  }
  if ('help' in args) {
    io.log(`${USAGE}\nDrains the cluster (root app, NodePools, controller-made load balancers, DNS records, Karpenter nodes), destroys addons-<env> then platform-<env>, then runs the leak report. Exit 0 nothing left, 1 something left, 2 bad usage or an incomplete report.`);
    return 0;
  }
  let environment;
  try {
    environment = selectEnvironment(args.environment, io.env);
  } catch (error) {
    if (error instanceof UnknownEnvironmentError) {
      io.error(`teardown: ${noSuchEnvironment(error)}\n${USAGE}`);
      return 2;
    }
    if (!(error instanceof ConfigError)) throw error;
    io.error(`teardown: ${error.message}`);
    return 2;
  }
  const scope = environmentScope(environment);
  const clients = io.clients ?? new AwsClients({ env: io.env });
  try {
    return await teardown(args, io, environment, scope, clients);
  } catch (error) {
    if (error instanceof TeardownError || error instanceof LeakReportError || error instanceof LifecycleError || error instanceof CiToolError) {
      io.error(`teardown: ${error.message}`);
      return error instanceof TeardownError ? error.exitCode : 2;
    }
    throw error;
  } finally {
    if (!io.clients) clients.destroy();
  }
}

async function teardown(
  args: TeardownArgs,
  io: TeardownIo,
  environment: EnvironmentConfig,
  scope: EnvironmentScope,
  clients: AwsClients,
): Promise<number> {
  const env = { CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: 'true', ...io.env };
  // 1. Synthesize once, read the stacks, check the state bucket: nothing changes before this passes.
  const native = io.ensureNative();
  if (native !== 0) return native;
  const outputFlag = valueOf(args.cdktf, '--output', '-o');
  const outdir = resolve(io.cwd, outputFlag ?? configuredOutput(io.cwd));
  if (!args.cdktf.some((a) => a === '--skip-synth' || a === '--skip-synth=true')) {
    const synthFlags = args.cdktf.filter((arg, i) => /^(--app|-a|--output|-o)(=|$)/.test(arg) || /^(--app|-a|--output|-o)$/.test(args.cdktf[i - 1] ?? ''));
    const code = await io.cdktf(['synth', ...synthFlags], env);
    if (code !== 0) return code;
  }
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new TeardownError(`${manifestFile} is missing; run "npx projen synth" (or drop --skip-synth)`, 2);
  const manifest = readStackManifest(manifestFile);
  const plan = teardownPlan(manifest, environment.name, { drain: !args.skipDrain, leakReport: args.leakReport });
  const stacks = plan.flatMap((s) => (s.phase === 'destroy' ? [s.stack] : []));
  await preflight({ command: 'destroy', manifest, outdir, patterns: stacks, store: io.store, checkOrder: false });

  io.log(`teardown: ${environment.name} (account ${scope.accountId}, ${scope.region}, cluster ${scope.clusterName}):`);
  for (const line of describePlan(plan, environment.name)) io.log(`  ${line}`);
  if (!args.autoApprove) {
    const answer = await io.confirm(`Type ${environment.name} to tear it down (anything else stops here): `);
    if (answer === undefined) throw new TeardownError(`teardown deletes every resource of ${environment.name}; not on a terminal, so nothing asks: pass --auto-approve`, 2);
    if (answer.trim() !== environment.name) {
      io.error(`teardown: not confirmed ("${answer.trim()}" is not ${environment.name}); nothing was changed`);
      return 1;
    }
  }
  // Credentials of another account would find no cluster, nothing to wait for, and say clean.
  const { partition } = await callerIdentity(scope, clients);

  // 2. Drain, while the controllers that delete what they made still run.
  const drainSteps = plan.flatMap((s) => (s.phase === 'drain' ? [s.step] : []));
  if (drainSteps.length > 0) {
    const drained = await drainCluster(args, io, environment, scope, clients, partition, drainSteps);
    if (drained !== 0) return drained;
  } else {
    io.log('teardown: --skip-drain: not deleting the root app or NodePools first; what their controllers made is likely to be left (the leak report lists it)');
  }

  // 3. Terraform, dependants first, one stack at a time (a failed add-ons destroy stops the platform's).
  let failed: number | undefined;
  const passthrough = args.cdktf.filter((a) => !/^--(skip-synth|auto-approve)(=true)?$/.test(a));
  for (const stack of stacks) {
    const code = await runLifecycle(['destroy', stack, ...passthrough, '--skip-synth', '--auto-approve'], {
      cwd: io.cwd,
      env: io.env,
      store: io.store,
      log: io.log,
      error: io.error,
      ensureNative: () => 0,
      cdktf: io.cdktf,
    });
    if (code !== 0) {
      io.error(`teardown: destroying ${stack} failed (exit ${code})${stacks.indexOf(stack) < stacks.length - 1 ? `; ${stacks.slice(stacks.indexOf(stack) + 1).join(', ')} not attempted` : ''}`);
      failed = code;
      break;
    }
  }
  if (failed === 130 || failed === 143 || io.signal?.aborted) return failed ?? 130;

  // 4. What is left.
  if (!args.leakReport) {
    if (failed === undefined) io.log(`teardown: ${stacks.join(', ')} destroyed; leak report skipped (--no-leak-report): run npx projen leak-report ${environment.name}`);
    return failed ?? 0;
  }
  io.log(`teardown: leak report for ${environment.name}`);
  const report = await runLeakReport(scope, clients);
  io.log(renderText(report).trimEnd());
  const reportCode = exitCode(report.status);
  if (failed !== undefined) return failed;
  io.log(
    report.status === 'clean'
      ? `teardown: ${environment.name} is gone; nothing of it is left in account ${scope.accountId}`
      : report.status === 'leftovers'
        ? `teardown: ${report.findings.length} resource(s) of ${environment.name} are left (table above, with the commands that delete them)`
        : `teardown: the leak report could not check everything (NOT CHECKED above); ${environment.name} may not be gone`,
  );
  return reportCode;
}

async function drainCluster(
  args: TeardownArgs,
  io: TeardownIo,
  environment: EnvironmentConfig,
  scope: EnvironmentScope,
  clients: AwsClients,
  partition: string,
  steps: readonly DrainStep[],
): Promise<number> {
  const cluster = await describeCluster(clients, environment.region, scope.clusterName);
  if (cluster === undefined || cluster.status === 'DELETING') {
    io.log(`teardown: cluster ${scope.clusterName} ${cluster === undefined ? 'does not exist' : 'is being deleted'}: nothing runs in it to drain; going on with terraform`);
    return 0;
  }
  const describe = `cluster ${cluster.name}`;
  const api = args.kubeconfig !== undefined
    ? new ClusterApi(async () => kubeConfigFromFile(args.kubeconfig!, args.context, cluster), describe)
    : new ClusterApi(
      async () => kubeConfigForCluster(cluster, await eksToken(clients, environment.region, cluster.name)),
      describe,
      TOKEN_REFRESH_MS,
      () => (io.clock ?? SYSTEM_CLOCK).now(),
    );
  const cap = args.waitMinutes === undefined ? undefined : args.waitMinutes * 60_000;
  const timeouts = Object.fromEntries(
    Object.entries({ ...DEFAULT_TIMEOUTS, ...io.timeouts }).map(([k, v]) => [k, cap === undefined ? v : Math.min(v, cap)]),
  ) as unknown as DrainTimeouts;
  const started = (io.clock ?? SYSTEM_CLOCK).now();
  const result = await drain({
    environment: environment.name,
    steps,
    aws: { scope, partition, clients, taggedArns: Promise.resolve([]) },
    cluster: api,
    dns: dnsCleanup(environment),
    timeouts,
    intervalMs: args.pollSeconds !== undefined ? args.pollSeconds * 1000 : io.intervalMs ?? 15_000,
    heartbeatMs: io.heartbeatMs ?? 60_000,
    clock: io.clock ?? SYSTEM_CLOCK,
    log: io.log,
    signal: io.signal,
  });
  if (result.ok) {
    io.log(`teardown: drained ${describe} in ${formatDuration((io.clock ?? SYSTEM_CLOCK).now() - started)}`);
    return 0;
  }
  const { outcome } = result;
  if (outcome.status === 'interrupted') {
    io.error(`teardown: interrupted during the drain; nothing was destroyed by terraform. What was deleted in the cluster stays deleted: run npx projen teardown ${environment.name} again to finish`);
    return 130;
  }
  io.error(
    `teardown: ${outcome.message}\n` +
      'teardown: stopped before terraform: destroying the add-ons now would remove the controllers that delete these, and leave them behind for good. ' +
      `Fix what holds them, then run npx projen teardown ${environment.name} again (it picks up where it stopped); ` +
      'or run it with --skip-drain to destroy anyway (the leak report then lists what is left).',
  );
  return 1;
}

/** The plan as lines people read before they confirm. */
export function describePlan(plan: readonly TeardownStep[], environment: string): string[] {
  const root = rootApplication(environment);
  const lines: string[] = [];
  let n = 1;
  const draining = plan.filter((s) => s.phase === 'drain');
  if (draining.length > 0) {
    lines.push(`${n++}. delete the Argo CD root app ${root.namespace}/${root.name} (cascading through every child app) and the Karpenter NodePools, then wait until Karpenter's instances, the load balancers, target groups and security groups of the load balancer controller and external-dns's records are gone`);
  }
  for (const step of plan) if (step.phase === 'destroy') lines.push(`${n++}. destroy ${step.stack}`);
  if (plan.some((s) => s.phase === 'leak-report')) lines.push(`${n++}. run the leak report on the account`);
  return lines;
}

type Parsed = TeardownArgs | { error: string } | { help: true };

function parseArgs(argv: readonly string[]): Parsed {
  let environment: string | undefined;
  let autoApprove = false;
  let skipDrain = false;
  let leakReport = true;
  let kubeconfig: string | undefined;
  let context: string | undefined;
  let waitMinutes: number | undefined;
  let pollSeconds: number | undefined;
  const cdktf: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--help':
      case '-h':
        return { help: true };
      case '--auto-approve':
        autoApprove = inline !== 'false';
        break;
      case '--skip-drain':
        skipDrain = true;
        break;
      case '--no-leak-report':
        leakReport = false;
        break;
      case '--kubeconfig':
        kubeconfig = value();
        if (!kubeconfig) return { error: '--kubeconfig needs a file' };
        break;
      case '--context':
        context = value();
        if (!context) return { error: '--context needs a context name' };
        break;
      case '--wait-minutes': {
        const raw = value();
        waitMinutes = Number(raw);
        if (!raw || !Number.isFinite(waitMinutes) || waitMinutes <= 0) return { error: `--wait-minutes needs a number of minutes above 0, got ${raw ?? 'nothing'}` };
        break;
      }
      case '--poll-seconds': {
        const raw = value();
        pollSeconds = Number(raw);
        if (!raw || !Number.isFinite(pollSeconds) || pollSeconds <= 0) return { error: `--poll-seconds needs a number of seconds above 0, got ${raw ?? 'nothing'}` };
        break;
      }
      default:
        if (arg.startsWith('-')) {
          cdktf.push(arg);
          if (inline === undefined && VALUE_OPTIONS.has(name) && i + 1 < argv.length) cdktf.push(argv[++i]);
        } else if (environment !== undefined) {
          return { error: `one environment at a time (got ${environment} and ${arg}); the teardown picks its stacks itself` };
        } else {
          environment = arg;
        }
    }
  }
  if (environment === undefined) return { error: 'name the environment to tear down, e.g. dev' };
  if (context !== undefined && kubeconfig === undefined) return { error: '--context needs --kubeconfig' };
  return { environment, autoApprove, skipDrain, leakReport, kubeconfig, context, waitMinutes, pollSeconds, cdktf };
}

function valueOf(args: readonly string[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) return args[i + 1];
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return undefined;
}
