/**
 * The warnings block of part 1: every resource that will be destroyed, replaced or forgotten, with
 * Terraform's reason in words and the attributes that force a replacement, and every stack whose
 * plan failed. Only cut when the list alone would overflow a comment, and then it says how many
 * were left out and where to find them.
 */
import { kindInfo } from './change-kind';
import { type Block, block, countedSize } from './comment-block';
import { codeSpan } from './markdown';
import { fullPlanLink } from './part-notices';
import { entrySentence, replacePathLabels } from './resource-detail';
import type { StackModel } from './stack-model';
import type { ValueFormatter } from './value-display';

/** Attributes named per replacement; a resource rebuilt by hundreds of paths would swamp the list. */
const MAX_FORCING_PATHS = 10;

/** The warning lines, in stack order then section order. */
export function warningLines(models: readonly StackModel[], formatter: ValueFormatter): string[] {
  const lines: string[] = [];
  for (const model of models) {
    const stack = codeSpan(formatter.label(model.stack));
    if (model.status === 'failed') {
      lines.push(`- ❌ ${stack}: the plan failed (${model.failure?.reason ?? 'unknown reason'}); what it would change is unknown`);
      continue;
    }
    for (const entry of model.entries) {
      if (!kindInfo(entry.kind).warn) continue;
      const paths = replacePathLabels(entry, formatter);
      const shown = paths.slice(0, MAX_FORCING_PATHS).map((path) => codeSpan(path));
      if (paths.length > MAX_FORCING_PATHS) shown.push(`${paths.length - MAX_FORCING_PATHS} more`);
      const forcedBy = shown.length ? `; forced by ${shown.join(', ')}` : '';
      lines.push(`- ${stack}: ${entrySentence(entry, 'plan', formatter)}${forcedBy}`);
    }
  }
  return lines;
}

/**
 * The block: a heading and the lines, cut to at most `maxChars` counted characters (with a last
 * line saying how many more there are). With nothing to warn about it says so in one line.
 */
export function warningsBlock(models: readonly StackModel[], formatter: ValueFormatter, maxChars: number, artifactUrl: string | undefined): Block {
  const lines = warningLines(models, formatter);
  if (lines.length === 0) return block('✅ Nothing is destroyed or replaced.');
  const heading = `### ⚠️ Destroyed, replaced or failed (${lines.length})`;
  const link = fullPlanLink(artifactUrl);
  const restLine = (rest: number): string => `- … and ${rest} more; see the ${link}.`;
  // Each line costs its size plus its line break (counted 2, see comment-block.ts).
  let used = countedSize(`${heading}\n\n`) + countedSize(restLine(lines.length)) + 2;
  const kept: string[] = [];
  for (const line of lines) {
    if (used + countedSize(line) + 2 > maxChars) break;
    kept.push(line);
    used += countedSize(line) + 2;
  }
  if (kept.length < lines.length) kept.push(restLine(lines.length - kept.length));
  return block(`${heading}\n\n${kept.join('\n')}`);
}
