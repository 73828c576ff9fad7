/**
 * Fitting a block of lines (a diff, a log) into a size budget: whole lines are kept from the top
 * while they fit, the rest is replaced by one note saying how many were left out.
 */
import { countedSize } from './comment-block';
import { truncateText } from './display-text';

export interface FitLimits {
  /** Largest counted size of the rendered block. */
  readonly maxChars: number;
  /** Longest single line; longer ones are cut with a note. */
  readonly maxLineChars: number;
}

/**
 * `render(kept lines)` for as many leading `lines` as fit in `limits.maxChars`; when some are left
 * out, `omittedNote(count)` is added as the last line.
 */
export function fitLines(
  render: (lines: readonly string[]) => string,
  lines: readonly string[],
  limits: FitLimits,
  omittedNote: (count: number) => string,
): string {
  const kept: string[] = [];
  const budget = limits.maxChars - countedSize(render([])) - countedSize(omittedNote(lines.length)) - 2;
  let used = 0;
  for (const line of lines) {
    const shown = truncateText(line, limits.maxLineChars);
    if (used + shown.length + 2 > budget) break;
    kept.push(shown);
    used += shown.length + 2;
  }
  const withNote = (): readonly string[] => (kept.length === lines.length ? kept : [...kept, omittedNote(lines.length - kept.length)]);
  let text = render(withNote());
  // Only a fence widened by a long backtick run can overshoot the estimate: drop lines until it fits.
  while (countedSize(text) > limits.maxChars && kept.length > 0) {
    kept.pop();
    text = render(withNote());
  }
  return text;
}
