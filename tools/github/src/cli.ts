/**
 * The GitHub side of the pull-request workflows: reading `/apply` and `/plan` comments, the gate
 * an apply must pass, fetching the plan it approved, replies, and the per-environment drift issue.
 * The generated workflows (projenrc/workflows/) call it; `main` is what tests run in-process.
 * Every command that calls the API reads GITHUB_TOKEN, GITHUB_REPOSITORY (or --repo) and
 * GITHUB_API_URL, and appends its outputs to $GITHUB_OUTPUT.
 *
 *   npx tsx tools/github/src/cli.ts <command> [flags]
 *
 * parse-command   (env COMMENT_BODY) → outputs command, stacks [, error]
 * apply-gate      --pr N --actor LOGIN [--plan-workflow plan.yml] [--reply-on-refusal]
 *                 [--stacks JSON [--manifest cdktf.out/manifest.json]] [--repo o/r]
 *                 → outputs allowed (true|false), reason, head-sha, plan-run-id, plan-run-url,
 *                   artifact-name, artifact-id, artifact-digest (sha256:<hex>), ignored-approvals
 *                   (the ids and digest are empty unless allowed)
 * download-plan   --run-id R --artifact-id ID --digest sha256:HEX --sha HEAD --out-dir DIR [--repo o/r]
 *                 DIR must not exist or be empty, and be outside the checkout ($GITHUB_WORKSPACE
 *                 and the working directory's repository): use "$RUNNER_TEMP/plan". Needs
 *                 `actions: read`. → outputs dir, manifest (DIR/cdktf.out/manifest.json),
 *                 plans-dir (DIR/plans), stacks (space-separated)
 * reply           --pr N --body-file F [--repo o/r]
 * drift-issue     --environment E --status drift|clean|error --report-file F [--run-url U] [--repo o/r]
 *                 → outputs action, issue-number
 * leak-issue      --environment E --status clean|leftovers|incomplete|error --report-file F [--run-url U] [--repo o/r]
 *                 (the leak report after a teardown; a missing --report-file with --status error is allowed)
 *                 → outputs action, issue-number
 *
 * Exit codes: 0 success (apply allowed; plan verified), 1 refusal or failure (one line on
 * stderr: apply refused, artifact refused, GitHub API error), 2 bad usage (flags, environment,
 * a non-empty or in-checkout --out-dir).
 *
 * apply-gate needs `actions: read` and `contents: read` (runs, jobs, artifacts, the workflow file
 * by the contents API) plus `pull-requests: write` with --reply-on-refusal. It trusts a plan only
 * when plan.yml (on the default branch) (1) uploads `plan-<head sha>` with upload-artifact v4+
 * (which records the zip's digest), (2) names its plan job with the planned head SHA from the
 * `resolve` job (e.g. `name: Plan every stack at ${{ needs.resolve.outputs.sha }}`; a `/plan`
 * run is otherwise refused), and (3) writes plans/digests.json with tools/ci `plan-digests`
 * before the upload (download-plan refuses an artifact without it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readActionContext } from './action-context';
import { writeStepOutputs } from './action-output';
import { evaluateApplyGate, refusalComment } from './apply-gate';
import {
  booleanFlag, parseExistingFile, parseFlags, parseGitHubId, parseLogin, parsePositiveInteger, parseUrl, stringFlag,
} from './cli-flags';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runAsProcess, runCli, UsageError, type CliCommand, type CliEnv, type CliIo } from './cli-io';
import { createGitHubClient } from './client';
import { DRIFT_STATUSES, reportDrift } from './drift-issue';
import { LEAK_STATUSES, reportLeaks } from './leak-issue';
import { CommandSyntaxError, parseCommand, STACK_NAME_PATTERN } from './parse-command';
import { downloadPlan } from './plan-download';
import { findCheckoutRoot, preparePlanOutDir } from './plan-out-dir';
import { ARTIFACT_DIGEST_PATTERN } from './plan-run';
import { postReply } from './reply';
import { ENVIRONMENT_NAME_PATTERN, type TrackingIssueProps, type TrackingIssueResult } from './tracking-issue';

const TOOL = 'github';

function clientFor(env: CliEnv, repoFlag: string | undefined) {
  const context = readActionContext(env, repoFlag);
  return { context, octokit: createGitHubClient({ token: context.token, baseUrl: context.apiUrl, tool: TOOL }) };
}

const parseCommandCli: CliCommand = {
  usage: 'parse-command                 (comment body in env COMMENT_BODY; writes command= and stacks= to $GITHUB_OUTPUT)',
  run: async (argv, env, io) => {
    parseFlags(argv, {});
    const body = env.COMMENT_BODY;
    if (body === undefined) throw new UsageError('COMMENT_BODY is not set: pass the comment body as env (COMMENT_BODY: ${{ github.event.comment.body }})');
    const outputFile = env.GITHUB_OUTPUT || undefined;
    try {
      const parsed = parseCommand(body);
      writeStepOutputs(outputFile, { command: parsed.command, stacks: JSON.stringify(parsed.stacks) });
      io.stdout(`command=${parsed.command} stacks=${JSON.stringify(parsed.stacks)}\n`);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof CommandSyntaxError)) throw error;
      // The reason goes to the outputs too, so the workflow can reply with it.
      writeStepOutputs(outputFile, { command: 'none', stacks: '[]', error: error.message });
      io.stderr(`${TOOL} parse-command: ${error.message}\n`);
      return EXIT_USAGE;
    }
  },
};

/** `--stacks '["a","b"]'`, as parse-command wrote it. */
function parseStacksFlag(text: string): readonly string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`--stacks must be a JSON array of stack names, got ${JSON.stringify(text)}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === 'string' && STACK_NAME_PATTERN.test(s))) {
    throw new UsageError(`--stacks must be a JSON array of stack names, got ${JSON.stringify(text)}`);
  }
  return parsed as string[];
}

/** Stack names in cdktf.out/manifest.json. */
function readKnownStacks(manifestPath: string): readonly string[] {
  if (!existsSync(manifestPath)) throw new UsageError(`--manifest: "${manifestPath}" does not exist; synthesize first (npx cdktf synth)`);
  try {
    return Object.keys((JSON.parse(readFileSync(manifestPath, 'utf8')) as { stacks: Record<string, unknown> }).stacks);
  } catch {
    throw new UsageError(`--manifest: "${manifestPath}" is not a cdktf manifest (no "stacks" object)`);
  }
}

const applyGateCli: CliCommand = {
  usage: 'apply-gate --pr <n> --actor <login> [--repo o/r] [--plan-workflow plan.yml] [--reply-on-refusal] [--stacks <json> [--manifest cdktf.out/manifest.json]]',
  run: async (argv, env, io) => {
    const flags = parseFlags(argv, {
      'pr': { type: 'string' },
      'actor': { type: 'string' },
      'repo': { type: 'string' },
      'plan-workflow': { type: 'string' },
      'reply-on-refusal': { type: 'boolean' },
      'stacks': { type: 'string' },
      'manifest': { type: 'string' },
    });
    const pullNumber = parsePositiveInteger(stringFlag(flags, 'pr', true), 'pr');
    const actor = parseLogin(stringFlag(flags, 'actor', true), 'actor');
    const planWorkflow = stringFlag(flags, 'plan-workflow') ?? 'plan.yml';
    // A file name, not an id: provenance compares the run's path with .github/workflows/<file>.
    if (!/^[\w-][\w.-]*\.ya?ml$/.test(planWorkflow)) throw new UsageError(`--plan-workflow must be a workflow file name under .github/workflows (plan.yml), got "${planWorkflow}"`);
    const stacksFlag = stringFlag(flags, 'stacks');
    const stacks = stacksFlag === undefined ? undefined : parseStacksFlag(stacksFlag);
    const knownStacks = stacks === undefined || stacks.length === 0 ? undefined : readKnownStacks(stringFlag(flags, 'manifest') ?? 'cdktf.out/manifest.json');
    const { context, octokit } = clientFor(env, stringFlag(flags, 'repo'));
    const { owner, repo } = context.repository;

    const decision = await evaluateApplyGate({ octokit, owner, repo, pullNumber, actor, planWorkflow, stacks, knownStacks });
    const reason = decision.reasons.join('; ');
    const ignored = (decision.ignoredApprovals ?? []).join('; ');
    writeStepOutputs(context.outputFile, {
      'allowed': String(decision.allowed),
      reason,
      'head-sha': decision.headSha ?? '',
      'plan-run-id': decision.planRunId === undefined ? '' : String(decision.planRunId),
      'plan-run-url': decision.planRunUrl ?? '',
      'artifact-name': decision.artifactName ?? '',
      'artifact-id': decision.artifactId === undefined ? '' : String(decision.artifactId),
      'artifact-digest': decision.artifactDigest ?? '',
      'ignored-approvals': ignored,
    });
    const notCounted = ignored === '' ? '' : `; approvals not counted: ${ignored}`;
    if (decision.allowed) {
      io.stdout(`apply allowed: ${reason}${notCounted}\n`);
      return EXIT_OK;
    }
    if (booleanFlag(flags, 'reply-on-refusal')) {
      await postReply({ octokit, owner, repo, issueNumber: pullNumber, body: refusalComment(actor, decision) });
    }
    io.stderr(`apply refused: ${reason}${notCounted}\n`);
    return EXIT_FAILURE;
  },
};

const downloadPlanCli: CliCommand = {
  usage: 'download-plan --run-id <id> --artifact-id <id> --digest sha256:<hex> --sha <head sha> --out-dir <dir outside the checkout> [--repo o/r]',
  run: async (argv, env, io) => {
    const flags = parseFlags(argv, {
      'run-id': { type: 'string' }, 'artifact-id': { type: 'string' }, 'digest': { type: 'string' }, 'sha': { type: 'string' }, 'out-dir': { type: 'string' }, 'repo': { type: 'string' },
    });
    const runId = parseGitHubId(stringFlag(flags, 'run-id', true), 'run-id');
    const artifactId = parseGitHubId(stringFlag(flags, 'artifact-id', true), 'artifact-id');
    const digest = stringFlag(flags, 'digest', true);
    if (!ARTIFACT_DIGEST_PATTERN.test(digest)) throw new UsageError(`--digest must be "sha256:" and 64 lower-case hex digits (apply-gate's artifact-digest output), got "${digest}"`);
    const headSha = stringFlag(flags, 'sha', true);
    if (!/^[0-9a-f]{40}$/.test(headSha)) throw new UsageError(`--sha must be the full 40-digit lower-case head SHA, got "${headSha}"`);
    const { context, octokit } = clientFor(env, stringFlag(flags, 'repo'));
    const checkouts = [env.GITHUB_WORKSPACE, findCheckoutRoot(process.cwd())].filter((d): d is string => d !== undefined && d.trim() !== '');
    const outDir = preparePlanOutDir(stringFlag(flags, 'out-dir', true), checkouts);

    const plan = await downloadPlan({ octokit, ...context.repository, runId, artifactId, digest, headSha, outDir });
    writeStepOutputs(context.outputFile, {
      'dir': plan.dir,
      'manifest': join(plan.dir, 'cdktf.out', 'manifest.json'),
      'plans-dir': join(plan.dir, 'plans'),
      'stacks': plan.stacks.join(' '),
    });
    io.stdout(`plan artifact ${artifactId} of run ${runId} verified (${digest}): ${plan.files.length} files, stacks ${plan.stacks.join(', ') || 'none'}, in ${plan.dir}\n`);
    return EXIT_OK;
  },
};

const replyCli: CliCommand = {
  usage: 'reply --pr <n> --body-file <file> [--repo o/r]',
  run: async (argv, env, io) => {
    const flags = parseFlags(argv, { 'pr': { type: 'string' }, 'body-file': { type: 'string' }, 'repo': { type: 'string' } });
    const issueNumber = parsePositiveInteger(stringFlag(flags, 'pr', true), 'pr');
    const body = readFileSync(parseExistingFile(stringFlag(flags, 'body-file', true), 'body-file'), 'utf8');
    if (body.trim() === '') throw new UsageError('--body-file: the file is empty; nothing to post');
    const { context, octokit } = clientFor(env, stringFlag(flags, 'repo'));
    const posted = await postReply({ octokit, ...context.repository, issueNumber, body, fullTextUrl: context.runUrl });
    io.stdout(`posted ${posted.url}\n`);
    return EXIT_OK;
  },
};

/**
 * A command that reports one environment's status to its tracking issue (drift-issue, leak-issue):
 * `--environment`, `--status` (one of `statuses`), `--report-file`, `--run-url`, `--repo`.
 */
function trackingIssueCli<Status extends string>(options: {
  readonly command: string;
  readonly statuses: readonly Status[];
  readonly reportFile: string;
  /** What the issue is called in the output: `drift issue`, `teardown issue`. */
  readonly what: string;
  /** A status that may come without a report file (the job died before writing it). */
  readonly reportMayBeMissing?: Status;
  readonly report: (props: TrackingIssueProps<Status>) => Promise<TrackingIssueResult>;
}): CliCommand {
  return {
    usage: `${options.command} --environment <env> --status ${options.statuses.join('|')} --report-file <${options.reportFile}> [--run-url <url>] [--repo o/r]`,
    run: async (argv, env, io) => {
      const flags = parseFlags(argv, {
        'environment': { type: 'string' }, 'status': { type: 'string' }, 'report-file': { type: 'string' }, 'run-url': { type: 'string' }, 'repo': { type: 'string' },
      });
      const environment = stringFlag(flags, 'environment', true);
      if (!ENVIRONMENT_NAME_PATTERN.test(environment)) throw new UsageError(`--environment must be an environment name like dev, got "${environment}"`);
      const status = stringFlag(flags, 'status', true) as Status;
      if (!options.statuses.includes(status)) throw new UsageError(`--status must be one of ${options.statuses.join(', ')}, got "${status}"`);
      const reportFile = stringFlag(flags, 'report-file', true);
      const report = status === options.reportMayBeMissing && !existsSync(reportFile) ? '' : readFileSync(parseExistingFile(reportFile, 'report-file'), 'utf8');
      const runUrlFlag = stringFlag(flags, 'run-url');
      const { context, octokit } = clientFor(env, stringFlag(flags, 'repo'));
      const runUrl = runUrlFlag === undefined ? context.runUrl : parseUrl(runUrlFlag, 'run-url');

      const result = await options.report({ octokit, ...context.repository, environment, status, report, runUrl });
      writeStepOutputs(context.outputFile, { 'action': result.action, 'issue-number': result.issueNumber === undefined ? '' : String(result.issueNumber) });
      io.stdout(result.issueNumber === undefined
        ? `${environment}: no open ${options.what}; nothing to close\n`
        : `${environment}: ${result.action} ${options.what} #${result.issueNumber} ${result.issueUrl ?? ''}\n`);
      return EXIT_OK;
    },
  };
}

const driftIssueCli = trackingIssueCli({ command: 'drift-issue', statuses: DRIFT_STATUSES, reportFile: 'file.md', what: 'drift issue', report: reportDrift });

// A destroy that died before the leak report wrote one: the issue says so instead.
const leakIssueCli = trackingIssueCli({ command: 'leak-issue', statuses: LEAK_STATUSES, reportFile: 'file', what: 'teardown issue', reportMayBeMissing: 'error', report: reportLeaks });

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  'parse-command': parseCommandCli,
  'apply-gate': applyGateCli,
  'download-plan': downloadPlanCli,
  'reply': replyCli,
  'drift-issue': driftIssueCli,
  'leak-issue': leakIssueCli,
};

export async function main(argv: readonly string[], env: CliEnv, io: CliIo): Promise<number> {
  return runCli(TOOL, COMMANDS, argv, env, io);
}

if (require.main === module) runAsProcess(main);
