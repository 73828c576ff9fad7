/**
 * The hidden marker that opens every part of a plan comment: it names the pull request and the
 * part, so a later run finds its own comments and updates them in place instead of adding more.
 * The total is deliberately not part of the marker: a part keeps its comment when the number of
 * parts changes.
 */
export const MARKER_TOOL = 'ai-chatbot-platform:plan-comment';

const MARKER_PATTERN = /^<!-- ai-chatbot-platform:plan-comment pr=(\d+) part=(\d+) -->/;

export interface CommentMarker {
  /** Pull request number the comment belongs to. */
  readonly pullRequest: number;
  /** 1-based part number. */
  readonly part: number;
}

/** The marker line for one part (always the first line of the body). */
export function commentMarker(pullRequest: number, part: number): string {
  if (!Number.isInteger(pullRequest) || pullRequest < 1) throw new Error(`commentMarker: pull request must be a positive integer, got ${pullRequest}`);
  if (!Number.isInteger(part) || part < 1) throw new Error(`commentMarker: part must be a positive integer, got ${part}`);
  return `<!-- ${MARKER_TOOL} pr=${pullRequest} part=${part} -->`;
}

/** Reads the marker at the start of a comment body; undefined when the body is not ours. */
export function parseMarker(body: string | null | undefined): CommentMarker | undefined {
  const match = MARKER_PATTERN.exec(body ?? '');
  if (!match) return undefined;
  return { pullRequest: Number(match[1]), part: Number(match[2]) };
}
