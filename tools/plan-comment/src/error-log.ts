/**
 * The error text of a failed stack as a code block: scrubbed of secrets, ANSI colours removed,
 * invisible characters shown, and when too long, its first and last lines kept (the first error
 * and the final summary are where Terraform puts the useful part) with the middle left out.
 */
import { type Block, block, countedSize } from './comment-block';
import { cleanLogText } from './display-text';
import { fitLines, type FitLimits } from './fit-lines';
import { codeBlock } from './markdown';
import type { ValueFormatter } from './value-display';

/** Share of the budget given to the first lines; the rest goes to the last lines. */
const HEAD_SHARE = 0.3;

function headAndTail(lines: readonly string[], budget: number): string[] {
  let total = 0;
  for (const line of lines) total += line.length + 2;
  if (total <= budget) return [...lines];
  const head: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 2 > budget * HEAD_SHARE) break;
    head.push(line);
    used += line.length + 2;
  }
  const tail: string[] = [];
  for (let i = lines.length - 1; i >= head.length; i--) {
    if (used + lines[i].length + 2 > budget - 100) break;
    tail.unshift(lines[i]);
    used += lines[i].length + 2;
  }
  const omitted = lines.length - head.length - tail.length;
  return [...head, `… ${omitted} line(s) left out here (see the full plan) …`, ...tail];
}

/** The log block, at most `limits.maxChars` counted characters; a note when there is no log. */
export function errorLogBlock(log: string | undefined, formatter: ValueFormatter, limits: FitLimits): Block {
  const cleaned = log === undefined ? '' : cleanLogText(formatter.scrub(log)).replace(/\n+$/, '');
  if (cleaned.trim() === '') return block('No error output was captured for this stack.');
  const intro = 'Error output:';
  const render = (lines: readonly string[]): string => `${intro}\n\n${codeBlock('text', lines)}`;
  const lines = headAndTail(cleaned.split('\n'), limits.maxChars - countedSize(render([])) - 4);
  return block(fitLines(render, lines, limits, (count) => `… ${count} more line(s) left out`));
}
