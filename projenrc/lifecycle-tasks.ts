import { typescript } from 'projen';

/**
 * cdktf must not phone home for version checks or telemetry (CI and air-gapped machines), and its
 * bundle probes `localStorage`, which Node >= 25 answers with an ExperimentalWarning on every run.
 */
export const QUIET_CDKTF = { CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: 'true', NODE_OPTIONS: '--no-experimental-webstorage' };

/** Builds the cdktf CLI's native terminal module for this Node when it has no prebuild (tools/cdktf-native). */
export const ENSURE_CDKTF_NATIVE = 'tsx tools/cdktf-native/src/ensure-pty.ts';

/**
 * The lifecycle, as named tasks. `deploy` and `destroy` wrap cdktf: they pass their arguments
 * through, so stack globs and cdktf flags work (`npx projen deploy 'platform-dev'`,
 * `npx projen destroy '*-dev'`).
 */
export function addLifecycleTasks(project: typescript.TypeScriptProject): void {
  project.addTask('synth', {
    description: 'Synthesize every stack of every environment into cdktf.out/ (no AWS access needed)',
    steps: [{ exec: ENSURE_CDKTF_NATIVE }, { exec: 'cdktf synth', receiveArgs: true }],
    env: QUIET_CDKTF,
  });
  // Pre-flight checks, then cdktf (tools/stack-lifecycle): the state bucket exists, and stacks
  // left out of a run that cdktf would insist on are already deployed (deploy) or destroyed.
  project.addTask('deploy', {
    description: "Deploy stacks with cdktf after pre-flight checks (args pass through: stack names or globs such as '*-dev')",
    exec: 'tsx tools/stack-lifecycle/src/cli.ts deploy',
    receiveArgs: true,
    env: QUIET_CDKTF,
  });
  project.addTask('destroy', {
    description: "Destroy stacks with cdktf after pre-flight checks (args pass through: stack names or globs such as '*-dev')",
    exec: 'tsx tools/stack-lifecycle/src/cli.ts destroy',
    receiveArgs: true,
    env: QUIET_CDKTF,
  });
  // The whole environment, verified (tools/teardown): drain the cluster (root app, NodePools, and
  // what the controllers made in AWS) before terraform, destroy addons-<env> then platform-<env>,
  // then the leak report. Exit 1 when anything is left.
  project.addTask('teardown', {
    description: 'Tear an environment down and prove nothing is left: drain the cluster, destroy addons-<env> then platform-<env>, leak report (<env> [--auto-approve])',
    exec: 'tsx tools/teardown/src/cli.ts',
    receiveArgs: true,
    env: QUIET_CDKTF,
  });
  project.addTask('bench:synth', {
    description: 'Benchmark synth: wall time and peak RSS, module-path imports with tsx vs package-root imports with ts-node',
    exec: 'tsx bench/synth.bench.ts',
    receiveArgs: true,
  });
  project.addTask('plan-comment', {
    description: 'Render (and publish) the pull-request plan comment from terraform show -json files (tools/plan-comment)',
    exec: 'tsx tools/plan-comment/src/cli.ts',
    receiveArgs: true,
  });
  // What a destroy left behind in an environment's account (tools/leak-report): exit 1 when
  // anything remains, 2 when a check could not run (never "clean" then).
  project.addTask('leak-report', {
    description: 'List what is left of an environment in its AWS account, with cost and delete command (<env> [--json]); exit 1 when anything remains',
    exec: 'tsx tools/leak-report/src/cli.ts',
    receiveArgs: true,
  });
  // On-call hand-over (tools/slo-report): `npx projen slo-report prod [--json] [--window-days N]`.
  project.addTask('slo-report', {
    description: 'Report error budget consumed / remaining per SLO, burn rates and alarms in ALARM for an environment, from CloudWatch (tools/slo-report)',
    exec: 'tsx tools/slo-report/src/cli.ts',
    receiveArgs: true,
  });
  project.addTask('bench:plan-comment', {
    description: 'Benchmark the plan-comment renderer: render time and peak RSS for plans of 1,000, 10,000 and 50,000 changes',
    exec: 'tsx bench/plan-comment.bench.ts',
    receiveArgs: true,
  });
}
