/**
 * The subcommands of tools/ci/src/cli.ts. Each takes parsed flags and the few values the CLI
 * edge reads from the environment, does its work, and returns the exit code (0 done, 1 refused
 * or failed). Inputs that cannot be acted on throw CiToolError; bad flags throw UsageError.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { applySucceeded, renderApplyReport } from './apply-report';
import { decideApply, renderDecisionReply, type ApplyTarget } from './apply-selection';
import { CiToolError, UsageError } from './ci-errors';
import { optionalFlag, parseFlags, requiredFlag, shaFlag, stringArrayFlag } from './cli-flags';
import { driftStatus, renderDriftReport } from './drift-report';
import { writeOutputs } from './github-output';
import { computePlanDigests, isPlainRelativePath, pathInside, renderPlanDigests, selectPlanFiles } from './plan-digests';
import { overallOutcome, readPlanStatuses } from './plan-results';
import { planStacks } from './plan-stacks';
import { readStackManifest, type StackManifest } from './stack-manifest';
import { orderStacks, stackEnvironment } from './stack-order';
import { runStacks, runSucceeded, type EnvironmentRunResult, type StackAction } from './stack-runs';
import { terraformRunner } from './terraform-process';

/** What the CLI edge passes in: the environment's GITHUB_OUTPUT path and a logger. */
export interface CommandContext {
  readonly githubOutput?: string;
  readonly log: (line: string) => void;
}

function directoryResolver(manifestFile: string, manifest: StackManifest): (stack: string) => string {
  return (stack) => {
    const entry = manifest.stacks.find((s) => s.name === stack);
    if (entry === undefined) throw new CiToolError(`stack ${stack} is not in ${manifestFile}`);
    return join(dirname(manifestFile), entry.workingDirectory);
  };
}

/** Write a file, creating its folder: output paths such as `drift-report/report.md` are fresh. */
function writeText(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** `plan-stacks`: plan every stack (of one environment), write the plans/ directory. Never fails on a stack. */
export async function planStacksCommand(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(argv, { 'manifest': 'string', 'plans-dir': 'string', 'environment': 'string', 'include-bootstrap': 'boolean', 'terraform': 'string' });
  const manifestFile = requiredFlag(flags, 'manifest');
  const manifest = readStackManifest(manifestFile);
  const stacks = orderStacks(manifest, { environment: optionalFlag(flags, 'environment'), includeBootstrap: flags['include-bootstrap'] === true });
  const statuses = await planStacks({
    stacks,
    directoryOf: directoryResolver(manifestFile, manifest),
    plansDir: requiredFlag(flags, 'plans-dir'),
    terraform: terraformRunner(optionalFlag(flags, 'terraform')),
    log: ctx.log,
  });
  writeOutputs(ctx.githubOutput, { outcome: overallOutcome(statuses), stacks: stacks.join(' ') });
  return 0;
}

/**
 * `plan-digests`: the SHA-256 of every file the plan artifact will hold (upload-artifact's `path:`
 * entries, whitespace-separated in `--paths`), written to `--out` (plans/digests.json), which is
 * left out of its own list. Refuses when nothing matches: an empty plan proves nothing.
 */
export function planDigestsCommand(argv: readonly string[], ctx: CommandContext): number {
  const flags = parseFlags(argv, { root: 'string', paths: 'string', out: 'string' });
  const root = optionalFlag(flags, 'root') ?? '.';
  const paths = requiredFlag(flags, 'paths').split(/\s+/).filter((p) => p !== '');
  const bad = paths.find((p) => !isPlainRelativePath(p.replace(/\/$/, '')));
  if (bad !== undefined) throw new UsageError(`--paths: "${bad}" must be relative to --root, without "." or ".." segments`);
  const out = requiredFlag(flags, 'out');
  const outInRoot = pathInside(resolve(root), resolve(out));
  const files = selectPlanFiles(root, paths).filter((file) => file !== outInRoot);
  if (files.length === 0) throw new CiToolError(`no file under ${root} matches ${paths.join(' ')}; nothing to record`);
  writeText(out, renderPlanDigests(computePlanDigests(root, files)));
  writeOutputs(ctx.githubOutput, { files: String(files.length) });
  ctx.log(`${out}: SHA-256 of ${files.length} file(s)`);
  return 0;
}

/** `select-apply`: decide what an /apply comment applies; refusals exit 1 with a reply file. */
export function selectApplyCommand(argv: readonly string[], ctx: CommandContext): number {
  const flags = parseFlags(argv, { 'manifest': 'string', 'plans-dir': 'string', 'stacks': 'string', 'sha': 'string', 'reply-file': 'string' });
  const manifest = readStackManifest(requiredFlag(flags, 'manifest'));
  const statuses = readPlanStatuses(requiredFlag(flags, 'plans-dir'), manifest.stacks.map((s) => s.name));
  const decision = decideApply({ manifest, requested: stringArrayFlag(flags, 'stacks'), statuses });
  const sha = shaFlag(flags, 'sha');
  const targets: readonly ApplyTarget[] = decision.kind === 'apply' ? decision.targets : [];
  writeOutputs(ctx.githubOutput, { apply: String(decision.kind === 'apply'), targets: JSON.stringify(targets) });
  if (decision.kind !== 'apply') writeText(requiredFlag(flags, 'reply-file'), renderDecisionReply(decision, sha));
  if (decision.kind === 'refuse') ctx.log(`::error::${decision.reason}`);
  else if (decision.kind === 'apply') ctx.log(`applying: ${targets.map((t) => `${t.environment}: ${t.stacks}`).join('; ')}`);
  return decision.kind === 'refuse' ? 1 : 0;
}

/** The stacks of one environment to run, in the manifest's order (never the caller's). */
function stacksOfEnvironment(manifest: StackManifest, environment: string, names: readonly string[] | undefined, reverse: boolean): string[] {
  const stacks = orderStacks(manifest, { environment, names, reverse });
  const foreign = (names ?? []).filter((n) => stackEnvironment(n) !== environment);
  if (foreign.length > 0) throw new CiToolError(`stack(s) ${foreign.join(', ')} do not belong to environment ${environment}`);
  return stacks;
}

async function runEnvironment(
  action: StackAction,
  flags: Record<string, string | boolean | undefined>,
  names: string[] | undefined,
  ctx: CommandContext,
): Promise<number> {
  const manifestFile = requiredFlag(flags, 'manifest');
  const manifest = readStackManifest(manifestFile);
  const environment = requiredFlag(flags, 'environment');
  const stacks = stacksOfEnvironment(manifest, environment, names, action === 'destroy');
  const results = await runStacks({
    action,
    stacks,
    directoryOf: directoryResolver(manifestFile, manifest),
    terraform: terraformRunner(optionalFlag(flags, 'terraform')),
    log: ctx.log,
  });
  const result: EnvironmentRunResult = { environment, stacks: results };
  writeText(requiredFlag(flags, 'result-file'), `${JSON.stringify(result, null, 2)}\n`);
  return runSucceeded(results) ? 0 : 1;
}

/** `apply-plans`: apply the saved plans of one environment's stacks (from the plan artifact). */
export async function applyPlansCommand(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(argv, { 'manifest': 'string', 'environment': 'string', 'stacks': 'string', 'result-file': 'string', 'terraform': 'string' });
  const names = requiredFlag(flags, 'stacks').split(/\s+/).filter((s) => s !== '');
  return runEnvironment('apply-saved-plan', flags, names, ctx);
}

/** `run-stacks`: lifecycle `up` (apply every stack of the environment) or `destroy` (reverse order). */
export async function runStacksCommand(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const flags = parseFlags(argv, { 'action': 'string', 'manifest': 'string', 'environment': 'string', 'result-file': 'string', 'terraform': 'string' });
  const action = requiredFlag(flags, 'action');
  if (action !== 'up' && action !== 'destroy') throw new UsageError(`--action must be "up" or "destroy", got "${action}"`);
  return runEnvironment(action === 'up' ? 'apply' : 'destroy', flags, undefined, ctx);
}

function parseTargets(text: string): ApplyTarget[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--targets must be the JSON array select-apply wrote, got ${text}`);
  }
  const valid = Array.isArray(parsed) && parsed.every((t) => typeof t?.environment === 'string' && typeof t?.stacks === 'string');
  if (!valid) throw new UsageError(`--targets must be a JSON array of { environment, stacks }, got ${text}`);
  return parsed as ApplyTarget[];
}

/** `apply-report`: the pull-request reply from the per-environment result files. */
export function applyReportCommand(argv: readonly string[], ctx: CommandContext): number {
  const flags = parseFlags(argv, { 'results-dir': 'string', 'targets': 'string', 'sha': 'string', 'run-url': 'string', 'out': 'string' });
  const dir = requiredFlag(flags, 'results-dir');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  const results = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as EnvironmentRunResult);
  const input = { sha: shaFlag(flags, 'sha'), targets: parseTargets(requiredFlag(flags, 'targets')), results, runUrl: optionalFlag(flags, 'run-url') };
  writeText(requiredFlag(flags, 'out'), renderApplyReport(input));
  writeOutputs(ctx.githubOutput, { succeeded: String(applySucceeded(input)) });
  return 0;
}

/** `drift-report`: status (drift | clean | error) and issue text for one environment; never fails on drift. */
export function driftReportCommand(argv: readonly string[], ctx: CommandContext): number {
  const flags = parseFlags(argv, {
    'environment': 'string', 'manifest': 'string', 'plans-dir': 'string', 'summary-file': 'string', 'run-url': 'string', 'out': 'string', 'status-file': 'string',
  });
  const environment = requiredFlag(flags, 'environment');
  const manifestFile = requiredFlag(flags, 'manifest');
  // No manifest means synth failed: no stack was planned, which reads as an error, not as clean.
  const stacks = existsSync(manifestFile) ? orderStacks(readStackManifest(manifestFile), { environment }) : [];
  const statuses = readPlanStatuses(requiredFlag(flags, 'plans-dir'), stacks);
  const summaryFile = optionalFlag(flags, 'summary-file');
  const summary = summaryFile !== undefined && existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : undefined;
  writeText(requiredFlag(flags, 'out'), renderDriftReport({ environment, statuses, summary, runUrl: optionalFlag(flags, 'run-url') }));
  const status = driftStatus(statuses);
  // For a later job: matrix jobs cannot hand outputs per environment to their dependants.
  const statusFile = optionalFlag(flags, 'status-file');
  if (statusFile !== undefined) writeText(statusFile, `${status}\n`);
  writeOutputs(ctx.githubOutput, { status });
  ctx.log(`${environment}: ${status}`);
  return 0;
}
