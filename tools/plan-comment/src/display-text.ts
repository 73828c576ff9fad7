/**
 * Making untrusted text safe to look at (before any Markdown escaping): invisible and
 * direction-changing characters become visible escapes, so a value cannot hide or reorder text in
 * a review (Trojan Source, CVE-2021-42574); long text is cut at a character boundary.
 */

// C0/C1 controls, zero-width and bidirectional formatting characters, line/paragraph separators, BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const INVISIBLE_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
// Colour and cursor sequences in a log written without -no-color.
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;

const visibleEscape = (character: string): string => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** One line of text: every control and invisible character (line breaks included) shown as `\uXXXX`. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, visibleEscape);
}

/** Multi-line text (an error log): ANSI sequences removed, CRLF normalised, other invisibles escaped. */
export function cleanLogText(text: string): string {
  return text.replace(ANSI_ESCAPE, '').replace(/\r\n?/g, '\n').replace(INVISIBLE_EXCEPT_LINE_BREAKS, visibleEscape);
}

/**
 * `text` cut to at most `maxChars` UTF-16 units plus a note of what was left out. Never cuts a
 * surrogate pair in two (half an emoji would render as U+FFFD).
 */
export function truncateText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}
