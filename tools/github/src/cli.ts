/**
 * The GitHub side of the pull-request workflows: reading `/apply` and `/plan` comments, the gate
 * an apply must pass, replies, and the per-environment drift issue. The generated workflows
 * (projenrc/workflows/) call it; `main` is what tests run in-process. Exit codes: 0 success,
 * 1 refusal or failure (one line on stderr), 2 bad usage.
 *
 *   npx tsx tools/github/src/cli.ts <command> [flags]
 */
import { existsSync, readFileSync } from 'node:fs';
import { readActionContext } from './action-context';
import { writeStepOutputs } from './action-output';
import { evaluateApplyGate, refusalComment } from './apply-gate';
import {
  booleanFlag, parseExistingFile, parseFlags, parseLogin, parsePositiveInteger, parseUrl, stringFlag,
} from './cli-flags';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, runAsProcess, runCli, UsageError, type CliCommand, type CliEnv, type CliIo } from './cli-io';
import { createGitHubClient } from './client';
import { DRIFT_STATUSES, ENVIRONMENT_NAME_PATTERN, reportDrift, type DriftStatus } from './drift-issue';
import { CommandSyntaxError, parseCommand, STACK_NAME_PATTERN } from './parse-command';
import { postReply } from './reply';

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
    if (!/^(?:[\w.-]+\.ya?ml|[0-9]+)$/.test(planWorkflow)) throw new UsageError(`--plan-workflow must be a workflow file name (plan.yml) or id, got "${planWorkflow}"`);
    const stacksFlag = stringFlag(flags, 'stacks');
    const stacks = stacksFlag === undefined ? undefined : parseStacksFlag(stacksFlag);
    const knownStacks = stacks === undefined || stacks.length === 0 ? undefined : readKnownStacks(stringFlag(flags, 'manifest') ?? 'cdktf.out/manifest.json');
    const { context, octokit } = clientFor(env, stringFlag(flags, 'repo'));
    const { owner, repo } = context.repository;

    const decision = await evaluateApplyGate({ octokit, owner, repo, pullNumber, actor, planWorkflow, stacks, knownStacks });
    const reason = decision.reasons.join('; ');
    writeStepOutputs(context.outputFile, {
      'allowed': String(decision.allowed),
      reason,
      'head-sha': decision.headSha ?? '',
      'plan-run-id': decision.planRunId === undefined ? '' : String(decision.planRunId),
      'artifact-name': decision.artifactName ?? '',
    });
    if (decision.allowed) {
      io.stdout(`apply allowed: ${reason}\n`);
      return EXIT_OK;
    }
    if (booleanFlag(flags, 'reply-on-refusal')) {
      await postReply({ octokit, owner, repo, issueNumber: pullNumber, body: refusalComment(actor, decision) });
    }
    io.stderr(`apply refused: ${reason}\n`);
    return EXIT_FAILURE;
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

const driftIssueCli: CliCommand = {
  usage: 'drift-issue --environment <env> --status drift|clean|error --report-file <file.md> [--run-url <url>] [--repo o/r]',
  run: async (argv, env, io) => {
    const flags = parseFlags(argv, {
      'environment': { type: 'string' }, 'status': { type: 'string' }, 'report-file': { type: 'string' }, 'run-url': { type: 'string' }, 'repo': { type: 'string' },
    });
    const environment = stringFlag(flags, 'environment', true);
    if (!ENVIRONMENT_NAME_PATTERN.test(environment)) throw new UsageError(`--environment must be an environment name like dev, got "${environment}"`);
    const status = stringFlag(flags, 'status', true) as DriftStatus;
    if (!DRIFT_STATUSES.includes(status)) throw new UsageError(`--status must be one of ${DRIFT_STATUSES.join(', ')}, got "${status}"`);
    const report = readFileSync(parseExistingFile(stringFlag(flags, 'report-file', true), 'report-file'), 'utf8');
    const runUrlFlag = stringFlag(flags, 'run-url');
    const { context, octokit } = clientFor(env, stringFlag(flags, 'repo'));
    const runUrl = runUrlFlag === undefined ? context.runUrl : parseUrl(runUrlFlag, 'run-url');

    const result = await reportDrift({ octokit, ...context.repository, environment, status, report, runUrl });
    writeStepOutputs(context.outputFile, { 'action': result.action, 'issue-number': result.issueNumber === undefined ? '' : String(result.issueNumber) });
    io.stdout(result.issueNumber === undefined
      ? `${environment}: no open drift issue; nothing to close\n`
      : `${environment}: ${result.action} drift issue #${result.issueNumber} ${result.issueUrl ?? ''}\n`);
    return EXIT_OK;
  },
};

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  'parse-command': parseCommandCli,
  'apply-gate': applyGateCli,
  'reply': replyCli,
  'drift-issue': driftIssueCli,
};

export async function main(argv: readonly string[], env: CliEnv, io: CliIo): Promise<number> {
  return runCli(TOOL, COMMANDS, argv, env, io);
}

if (require.main === module) runAsProcess(main);
