/**
 * Building GitHub-flavoured Markdown from untrusted text. Three contexts, three rules:
 * - inline Markdown (headings, list items, table cells): code spans, whose content Markdown leaves
 *   alone (no emphasis, links, HTML, @mentions or math), fenced by more backticks than the text holds;
 *   in a table a `|` is escaped, because GFM splits cells before it parses code spans;
 * - HTML blocks (`<summary>`): HTML-escaped text inside `<code>`; Markdown is not parsed there;
 * - code blocks: a fence longer than any backtick run in the content, so no line can close it.
 * Line breaks are never let into the first two, since a blank line would end a table or HTML block.
 */

function longestBacktickRun(text: string): number {
  let longest = 0;
  let current = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) {
      current++;
      if (current > longest) longest = current;
    } else {
      current = 0;
    }
  }
  return longest;
}

/** `text` as an inline code span, safe in any inline context (`inTable` also escapes `|`). */
export function codeSpan(text: string, inTable = false): string {
  let content = text.replace(/[\r\n]+/g, ' ');
  if (content === '') content = ' ';
  const fence = '`'.repeat(longestBacktickRun(content) + 1);
  // A space on each side keeps a leading or trailing backtick from joining the fence (CommonMark strips one).
  const padded = content.startsWith('`') || content.endsWith('`') || (content.startsWith(' ') && content.endsWith(' ')) ? ` ${content} ` : content;
  return `${fence}${inTable ? padded.replace(/\|/g, '\\|') : padded}${fence}`;
}

/** Text safe inside an HTML element or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`).replace(/[\r\n]+/g, ' ');
}

/** `text` as `<code>` inside an HTML block (e.g. a `<summary>`). */
export function htmlCode(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** A fenced code block around `lines` (each one line, no line breaks), with a fence no line can close. */
export function codeBlock(language: string, lines: readonly string[]): string {
  let longest = 0;
  for (const line of lines) if (line.includes('``')) longest = Math.max(longest, longestBacktickRun(line));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${lines.join('\n')}\n${fence}`;
}

/** A folded `<details>` block. `summaryHtml` must already be HTML-safe; the body is Markdown. */
export function detailsBlock(summaryHtml: string, body: string): string {
  // The blank lines end the HTML block, so the body is parsed as Markdown (and a fence inside works).
  return `<details><summary>${summaryHtml}</summary>\n\n${body}\n\n</details>`;
}

/** A link, or just the label when the URL is absent. `url` must come from `safeUrl`. */
export function markdownLink(label: string, url: string | undefined): string {
  return url ? `[${label}](${url})` : label;
}

/**
 * The URL normalised for a Markdown link destination, or undefined when it is not http(s): characters
 * that could end the destination or break out of it (space, parentheses, `<`, `>`, quotes, `|`) are
 * percent-encoded.
 */
export function safeUrl(url: string | undefined): string | undefined {
  if (url === undefined || url === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[\s()<>"'`|\\]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
