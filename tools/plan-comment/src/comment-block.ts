/**
 * A rendered piece of a comment with its size measured once, so splitting never re-measures text.
 *
 * What is counted: the JavaScript string length (UTF-16 code units) plus one per line break.
 * GitHub's limit is 65,536 characters; a UTF-16 length is never below the number of Unicode
 * characters (an emoji counts 2 here, 1 there), so it over-counts, never under-counts. The extra one
 * per line break covers a body whose `\n` is stored as `\r\n`. Byte length is not the limit (a
 * 65,536-character body of 3-byte characters is accepted), so it is not counted.
 */

export interface Block {
  readonly text: string;
  /** Counted size of `text` (see above). */
  readonly size: number;
  /** Joins this block to the next one in the same part: a blank line, or one line break (list lines). */
  readonly gap: '\n\n' | '\n';
  /** Never end a part on this block (a heading stays with what it heads). */
  readonly keepWithNext?: boolean;
}

/** Counted size of text: UTF-16 length plus one per line break. */
export function countedSize(text: string): number {
  let breaks = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) breaks++;
  return text.length + breaks;
}

export function block(text: string, options: { gap?: '\n\n' | '\n'; keepWithNext?: boolean } = {}): Block {
  return { text, size: countedSize(text), gap: options.gap ?? '\n\n', keepWithNext: options.keepWithNext };
}

/** Counted size of a gap. */
export function gapSize(gap: Block['gap']): number {
  return gap === '\n' ? 2 : 4;
}

/** Blocks joined by their gaps, in order. */
export function joinBlocks(blocks: readonly Block[]): string {
  const pieces: string[] = [];
  blocks.forEach((piece, i) => {
    pieces.push(piece.text);
    if (i < blocks.length - 1) pieces.push(piece.gap);
  });
  return pieces.join('');
}
