import { typescript } from 'projen';

/** cdktf must not phone home for version checks or telemetry (CI and air-gapped machines). */
const QUIET_CDKTF = { CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: 'true' };

/**
 * The lifecycle, as named tasks. `deploy` and `destroy` are thin wrappers over cdktf: they pass
 * their arguments through, so stack globs work (`npx projen deploy 'platform-dev'`,
 * `npx projen destroy '*-dev'`).
 */
export function addLifecycleTasks(project: typescript.TypeScriptProject): void {
  project.addTask('synth', {
    description: 'Synthesize every stack of every environment into cdktf.out/ (no AWS access needed)',
    exec: 'cdktf synth',
    env: QUIET_CDKTF,
    receiveArgs: true,
  });
  project.addTask('deploy', {
    description: "Deploy stacks with cdktf (args pass through: stack names or globs such as '*-dev')",
    exec: 'cdktf deploy',
    env: QUIET_CDKTF,
    receiveArgs: true,
  });
  project.addTask('destroy', {
    description: "Destroy stacks with cdktf (args pass through: stack names or globs such as '*-dev')",
    exec: 'cdktf destroy',
    env: QUIET_CDKTF,
    receiveArgs: true,
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
  project.addTask('bench:plan-comment', {
    description: 'Benchmark the plan-comment renderer: render time and peak RSS for plans of 1,000, 10,000 and 50,000 changes',
    exec: 'tsx bench/plan-comment.bench.ts',
    receiveArgs: true,
  });
}
