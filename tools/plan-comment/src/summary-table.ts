/**
 * The top of part 1 (and of the job summary): a headline with the totals, a line naming the commit
 * and repository, and one table row per stack plus a totals row.
 */
import { type Block, block, countedSize } from './comment-block';
import { codeSpan, markdownLink, safeUrl } from './markdown';
import { fullPlanLink } from './part-notices';
import { changeSentence, COUNT_NAMES, type StackModel, totalCounts } from './stack-model';
import type { RenderInput } from './types';
import type { ValueFormatter } from './value-display';

const FULL_SHA = /^[0-9a-f]{7,64}$/i;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** "## Terraform plan: 2 to add, 1 to destroy" with failures first. */
export function headline(models: readonly StackModel[]): string {
  const failed = models.filter((m) => m.status === 'failed').length;
  const changed = models.some((m) => m.status === 'changes');
  const failure = failed ? `❌ ${failed} of ${models.length} stack(s) failed` : '';
  const totals = changed ? changeSentence(totalCounts(models)) : failed ? '' : 'no changes';
  return `## Terraform plan: ${[failure, totals].filter(Boolean).join(' · ')}`;
}

/** The planned commit as a code span: its short SHA, or the (scrubbed) text when it is not a SHA. */
export function shortCommit(input: RenderInput, formatter: ValueFormatter): string {
  return codeSpan(FULL_SHA.test(input.commitSha) ? input.commitSha.toLowerCase().slice(0, 7) : formatter.label(input.commitSha));
}

/** The commit (short SHA, linked when the repository is known), repository and artifact link. */
export function metaLine(input: RenderInput, formatter: ValueFormatter, part?: { readonly part: number; readonly total: number }): string {
  const server = safeUrl(input.serverUrl ?? 'https://github.com')?.replace(/\/+$/, '');
  const repository = input.repository !== undefined && REPOSITORY.test(input.repository) ? input.repository : undefined;
  const sha = FULL_SHA.test(input.commitSha) ? input.commitSha.toLowerCase() : undefined;
  const shaLabel = shortCommit(input, formatter);
  const commit = sha && repository && server ? markdownLink(shaLabel, `${server}/${repository}/commit/${sha}`) : shaLabel;
  const pieces = [`Commit ${commit}`];
  if (input.repository !== undefined) pieces[0] += ` in ${codeSpan(formatter.label(input.repository))}`;
  pieces.push(fullPlanLink(input.artifactUrl));
  if (part && part.total > 1) pieces.push(`part ${part.part} of ${part.total}`);
  return pieces.join(' · ');
}

function result(model: StackModel): string {
  if (model.status === 'failed') return '❌ failed';
  if (model.status === 'no-changes') return 'no changes';
  return model.counts.destroy + model.counts.replace > 0 ? '⚠️ destructive' : 'changes';
}

const HEADER = '| stack | result | add | change | destroy | replace | import | move | no-op |\n|:--|:--|--:|--:|--:|--:|--:|--:|--:|';

/**
 * The summary table, at most `maxChars` counted characters: rows past that (only with an absurd
 * number of stacks) are replaced by a line counting them; the totals row always stays.
 */
export function summaryTable(models: readonly StackModel[], formatter: ValueFormatter, maxChars: number): Block {
  const row = (model: StackModel): string => {
    const counts = COUNT_NAMES.map((name) => (model.status === 'failed' ? '–' : String(model.counts[name])));
    return `| ${codeSpan(formatter.label(model.stack), true)} | ${result(model)} | ${counts.join(' | ')} |`;
  };
  const failed = models.filter((m) => m.status === 'failed').length;
  const totals = totalCounts(models);
  const totalRow = `| **total** | ${failed ? `${failed} failed` : ''} | ${COUNT_NAMES.map((name) => String(totals[name])).join(' | ')} |`;
  const lines = [HEADER];
  const reserve = countedSize(HEADER) + countedSize(totalRow) + 120;
  let used = reserve;
  let shown = 0;
  for (const model of models) {
    const line = row(model);
    if (used + countedSize(line) + 2 > maxChars) break;
    lines.push(line);
    used += countedSize(line) + 2;
    shown++;
  }
  lines.push(totalRow);
  const rest = models.length - shown;
  if (rest > 0) lines.push('', `… and ${rest} more stack(s) not listed here; see the full plan.`);
  return block(lines.join('\n'));
}
