/**
 * A checker for the structure of a rendered comment, following the CommonMark/GFM rules that
 * matter for breaking out: code fences (opened and closed by backtick runs), code spans, the
 * `<details>`/`<summary>` HTML we emit, tables (cells split on unescaped `|`), the hidden marker.
 * It returns the problems found; a safe body has none. Used to prove that hostile values cannot
 * break the comment.
 */

const ALLOWED_TAG = /^<\/?(details|summary|code)>/;
const FENCE_OPEN = /^ {0,3}(`{3,})([^`]*)$/;

/** Text of a line with its code spans removed (CommonMark: a run of n backticks closes at the next run of exactly n). */
export function withoutCodeSpans(line: string): string {
  let result = '';
  let i = 0;
  while (i < line.length) {
    if (line[i] !== '`') {
      result += line[i++];
      continue;
    }
    let run = 0;
    while (line[i + run] === '`') run++;
    let search = i + run;
    let close = -1;
    while (search < line.length) {
      const at = line.indexOf('`', search);
      if (at === -1) break;
      let other = 0;
      while (line[at + other] === '`') other++;
      if (other === run) {
        close = at;
        break;
      }
      search = at + other;
    }
    if (close === -1) {
      result += line.slice(i, i + run);
      i += run;
    } else {
      result += ' CODE ';
      i = close + run;
    }
  }
  return result;
}

function unescapedPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) if (line[i] === '|' && line[i - 1] !== '\\') count++;
  return count;
}

/** Structural problems of a rendered body (empty when it is safe); `marker`: the first line must be the marker. */
export function structureProblems(body: string, options: { marker?: boolean } = { marker: true }): string[] {
  const problems: string[] = [];
  const lines = body.split('\n');
  let fence: string | undefined;
  let openDetails = 0;
  let tableColumns: number | undefined;
  lines.forEach((line, index) => {
    const where = `line ${index + 1}`;
    if (fence !== undefined) {
      const close = /^ {0,3}(`{3,})\s*$/.exec(line);
      if (close && close[1].length >= fence.length) fence = undefined;
      return;
    }
    const open = FENCE_OPEN.exec(line);
    if (open) {
      fence = open[1];
      tableColumns = undefined;
      return;
    }
    if (index === 0 && options.marker) {
      if (!/^<!-- ai-chatbot-platform:plan-comment pr=\d+ part=\d+ -->$/.test(line)) problems.push(`${where}: first line is not the marker`);
      return;
    }
    let outside = withoutCodeSpans(line);
    // Text inside <code> in the HTML summary is HTML-escaped; what is left must hold only our tags.
    outside = outside.replace(/<code>[^<]*<\/code>/g, ' CODE ');
    if (outside.includes('<!--') || outside.includes('-->')) problems.push(`${where}: HTML comment outside code: ${line}`);
    for (const match of outside.matchAll(/</g)) {
      if (!ALLOWED_TAG.test(outside.slice(match.index))) problems.push(`${where}: raw '<' outside code: ${line}`);
    }
    if (/(^|[^\w`])@[A-Za-z0-9-]+/.test(outside)) problems.push(`${where}: @mention outside code: ${line}`);
    openDetails += (outside.match(/<details>/g) ?? []).length;
    openDetails -= (outside.match(/<\/details>/g) ?? []).length;
    if (openDetails < 0) problems.push(`${where}: </details> without <details>`);
    if (outside.includes('<summary>') && !/^<details><summary>.*<\/summary>$/.test(outside)) problems.push(`${where}: <summary> not on its own <details> line`);
    // Tables: every row has the header's number of cell separators.
    if (line.startsWith('|')) {
      const pipes = unescapedPipes(line);
      if (tableColumns === undefined) tableColumns = pipes;
      else if (pipes !== tableColumns) problems.push(`${where}: table row has ${pipes} separators, header has ${tableColumns}: ${line}`);
    } else {
      tableColumns = undefined;
    }
  });
  if (fence !== undefined) problems.push(`code fence ${fence} never closed`);
  if (openDetails !== 0) problems.push(`${openDetails} <details> left open`);
  return problems;
}
