/** Fitting text we did not write (apply logs, drift reports) into GitHub's body limit. */

/** GitHub rejects issue and comment bodies longer than this (characters). */
export const GITHUB_BODY_MAX_CHARS = 65_536;

/**
 * `body` cut to fit `limit`, with a note saying where the rest is. The cut keeps the start (the
 * summary) and closes an open code fence, so the note renders as text rather than inside it.
 */
export function fitBody(body: string, restIsAt: string | undefined, limit: number = GITHUB_BODY_MAX_CHARS): string {
  if (body.length <= limit) return body;
  const note = `\n\n_Truncated to fit GitHub's ${GITHUB_BODY_MAX_CHARS.toLocaleString('en-US')}-character limit${restIsAt ? `; the full text is in ${restIsAt}` : ''}._`;
  const fence = '\n```';
  let kept = body.slice(0, limit - note.length - fence.length);
  const fences = kept.match(/^```/gm)?.length ?? 0;
  if (fences % 2 === 1) kept += fence;
  return `${kept}${note}`;
}
