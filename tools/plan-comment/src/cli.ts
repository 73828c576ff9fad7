/**
 * Renders the plan comment for a pull request from a directory of `terraform show -json` files
 * and publishes it as sticky comments. `main` is what tests run in-process.
 *
 *   npx tsx tools/plan-comment/src/cli.ts render  --plans-dir plans --pr 7 --sha <sha> --out-dir out
 *   npx tsx tools/plan-comment/src/cli.ts publish --plans-dir plans --pr 7 --sha <sha>
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRenderArgs, RENDER_FLAGS, type RenderArgs } from './cli-args';
import { loadPlanDirectory } from './load-plans';
import { describePublishResult, publishPlanComment } from './publish';
import type { PublishOperation } from './publish-plan';
import { renderFullPlanMarkdown, renderPlanComment } from './render';
import type { RenderInput } from './types';
import { readActionContext } from '../../github/src/action-context';
import { appendStepSummary } from '../../github/src/action-output';
import { booleanFlag, parseFlags, parseLogin, stringFlag } from '../../github/src/cli-flags';
import { EXIT_OK, runAsProcess, runCli, type CliCommand, type CliEnv, type CliIo } from '../../github/src/cli-io';
import { createGitHubClient } from '../../github/src/client';

const TOOL = 'plan-comment';
/** Who posts the comments in a workflow using GITHUB_TOKEN. */
const DEFAULT_COMMENT_AUTHOR = 'github-actions[bot]';

function renderInput(args: RenderArgs): RenderInput {
  return {
    stacks: loadPlanDirectory(args.plansDir),
    pullRequest: args.pullRequest,
    commitSha: args.commitSha,
    repository: args.repository,
    artifactUrl: args.artifactUrl,
    serverUrl: args.serverUrl,
  };
}

const renderCli: CliCommand = {
  usage: 'render  --plans-dir <dir> --pr <n> --sha <sha> [--repo o/r] [--artifact-url <url>] [--max-parts <k>] [--mask <regex>]... --out-dir <dir>',
  run: async (argv, env, io) => {
    const flags = parseFlags(argv, { ...RENDER_FLAGS, 'out-dir': { type: 'string' } });
    const args = parseRenderArgs(flags, env);
    const outDir = stringFlag(flags, 'out-dir', true);
    const input = renderInput(args);
    const rendered = renderPlanComment(input, args.options);
    const fullPlan = renderFullPlanMarkdown(input, args.options);

    mkdirSync(outDir, { recursive: true });
    // Parts left by an earlier, longer render would otherwise be mistaken for this one's.
    for (const stale of readdirSync(outDir).filter((name) => /^part-\d+\.md$/.test(name))) rmSync(join(outDir, stale));
    for (const part of rendered.parts) writeFileSync(join(outDir, `part-${part.part}.md`), part.body, 'utf8');
    writeFileSync(join(outDir, 'summary.md'), rendered.summary, 'utf8');
    writeFileSync(join(outDir, 'full-plan.md'), fullPlan, 'utf8');
    io.stdout(`rendered ${rendered.parts.length} part(s) (detail: ${rendered.detailLevel}) to ${outDir}\n`);
    return EXIT_OK;
  },
};

function describeOperation(operation: PublishOperation): string {
  switch (operation.kind) {
    case 'unchanged': return `leave part ${operation.part} (comment ${operation.commentId}) unchanged`;
    case 'update': return `update part ${operation.part} (comment ${operation.commentId})`;
    case 'create': return `create part ${operation.part}`;
    case 'delete': return `delete ${operation.reason} part ${operation.part} (comment ${operation.commentId})`;
  }
}

const publishCli: CliCommand = {
  usage: 'publish --plans-dir <dir> --pr <n> --sha <sha> [--repo o/r] [--artifact-url <url>] [--max-parts <k>] [--mask <regex>]... '
    + `[--comment-author <login> (default ${DEFAULT_COMMENT_AUTHOR})] [--dry-run]`,
  run: async (argv, env, io) => {
    const flags = parseFlags(argv, { ...RENDER_FLAGS, 'comment-author': { type: 'string' }, 'dry-run': { type: 'boolean' } });
    const args = parseRenderArgs(flags, env);
    const author = parseLogin(stringFlag(flags, 'comment-author') ?? DEFAULT_COMMENT_AUTHOR, 'comment-author');
    const dryRun = booleanFlag(flags, 'dry-run');
    const context = readActionContext(env, stringFlag(flags, 'repo'));
    const rendered = renderPlanComment(renderInput(args), args.options);

    const octokit = createGitHubClient({ token: context.token, baseUrl: context.apiUrl, tool: TOOL });
    const result = await publishPlanComment({
      octokit, owner: context.repository.owner, repo: context.repository.repo, issueNumber: args.pullRequest, parts: rendered.parts, author, dryRun,
    });
    if (dryRun) {
      io.stdout(`dry run: nothing written to ${context.repository.owner}/${context.repository.repo}#${args.pullRequest}\n`);
      for (const operation of result.operations) io.stdout(`  would ${describeOperation(operation)}\n`);
      io.stdout(`would have: ${describePublishResult(result)}\n`);
      return EXIT_OK;
    }
    appendStepSummary(context.stepSummaryFile, rendered.summary);
    io.stdout(`${describePublishResult(result)}\n`);
    return EXIT_OK;
  },
};

export const COMMANDS: Readonly<Record<string, CliCommand>> = { render: renderCli, publish: publishCli };

export async function main(argv: readonly string[], env: CliEnv, io: CliIo): Promise<number> {
  return runCli(TOOL, COMMANDS, argv, env, io);
}

if (require.main === module) runAsProcess(main);
