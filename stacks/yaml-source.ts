/**
 * A YAML config file read into a plain value, or its syntax problems located the way compilers
 * locate them: `file:line:column: not valid YAML: <reason>`, then the line and a caret under the
 * column. The `yaml` library finds the problems (duplicate keys included: `uniqueKeys` is on by
 * default); this file words the common ones and, for an unclosed `[` or `{`, points at the
 * bracket, where the fix goes, rather than at the next line, where the parser noticed.
 */
import { CST, LineCounter, Parser, parseDocument, visit, type Document, type ErrorCode, type YAMLError } from 'yaml';

/** Reasons in plain words for the mistakes people make in hand-edited config; others keep the library's. */
const REASONS: Partial<Record<ErrorCode, string>> = {
  TAB_AS_INDENT: 'a tab is used for indentation; YAML indents with spaces only',
  MULTILINE_IMPLICIT_KEY: 'this key runs over more than one line; is the ": " after a key missing, or a line indented too far?',
  BLOCK_AS_IMPLICIT_KEY: 'a nested mapping is not allowed here; is there a second ": " on this line (quote the value), or a line below indented too far?',
};

export type YamlSource = { readonly document: unknown } | { readonly problems: readonly string[] };

/** `     7 |   azCount: [2` and a caret line under column `col` (tabs shown as one space, so the caret lines up). */
function excerpt(text: string, lineCounter: LineCounter, offset: number): { line: number; col: number; lines: string } {
  const { line, col } = lineCounter.linePos(offset);
  const source = (text.split(/\r?\n/)[line - 1] ?? '').replace(/\t/g, ' ');
  const gutter = String(line).padStart(6);
  return { line, col, lines: `${gutter} | ${source}\n${' '.repeat(gutter.length)} | ${' '.repeat(col - 1)}^` };
}

/** Offsets of `[` / `{` that are never closed: the parser reports those a line later. */
function unclosedFlowStarts(text: string): number[] {
  const starts: number[] = [];
  for (const token of new Parser().parse(text)) {
    if (token.type !== 'document') continue;
    CST.visit(token, (item) => {
      for (const node of [item.key, item.value]) {
        if (node?.type === 'flow-collection' && !node.end.some((t) => t.type === 'flow-seq-end' || t.type === 'flow-map-end')) starts.push(node.start.offset);
      }
    });
  }
  return starts;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

function describeError(text: string, error: YAMLError, unclosed: number[]): { offset: number; reason: string } {
  const offset = error.pos[0];
  const opening = unclosed.filter((start) => start < offset).pop();
  if (opening !== undefined && /flow (sequence|map)/i.test(error.message)) {
    const list = text[opening] === '[';
    return {
      offset: opening,
      reason: `this ${list ? 'list' : 'mapping'} is never closed; end it with "${list ? ']' : '}'}"`,
    };
  }
  const quote = /^Missing closing (["'])quote/.exec(error.message)?.[1];
  if (quote) return { offset, reason: `this quoted text is never closed; add the closing ${quote}` };
  const token = error.code === 'UNEXPECTED_TOKEN' ? /: (".*")$/.exec(error.message)?.[1] : undefined;
  if (token) return { offset, reason: `unexpected ${token} here; is a bracket or a quote unbalanced?` };
  const reason = REASONS[error.code] ?? lowerFirst(error.message);
  return { offset, reason };
}

/** Duplicate keys as `file:line:col: key: duplicate key, first set on line N`, the caret under the second. */
function duplicateKeyProblems(file: string, text: string, document: Document, lineCounter: LineCounter, offsets: ReadonlySet<number>): string[] {
  const problems: string[] = [];
  visit(document, {
    Map(_, map) {
      const firstLine = new Map<unknown, number>();
      for (const pair of map.items) {
        const key = pair.key as { range?: [number, number, number]; toJSON?: () => unknown } | null;
        if (!key?.range) continue;
        const name = typeof key.toJSON === 'function' ? key.toJSON() : key;
        const first = firstLine.get(name);
        if (first === undefined) {
          firstLine.set(name, lineCounter.linePos(key.range[0]).line);
        } else if (offsets.has(key.range[0])) {
          const at = excerpt(text, lineCounter, key.range[0]);
          problems.push(`${file}:${at.line}:${at.col}: ${String(name)}: duplicate key, first set on line ${first}; keep one of them\n${at.lines}`);
        }
      }
    },
  });
  return problems;
}

/** Parse `text` (the contents of `file`); YAML that is not valid becomes located, quoted problems. */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length === 0) {
    try {
      return { document: document.toJS() };
    } catch (e) {
      // toJS resolves aliases: an alias to an anchor that is never set only fails here.
      return { problems: [`${file}: not valid YAML: ${lowerFirst((e as Error).message)}`] };
    }
  }
  // Duplicate keys are independent mistakes: report each. Of the other errors only the first: the
  // parser carries on after a mistake, and what it reports next is mostly the same mistake again.
  const duplicates = new Set(document.errors.filter((e) => e.code === 'DUPLICATE_KEY').map((e) => e.pos[0]));
  const problems = duplicateKeyProblems(file, text, document, lineCounter, duplicates);
  const first = document.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  if (first) {
    const { offset, reason } = describeError(text, first, unclosedFlowStarts(text));
    const at = excerpt(text, lineCounter, offset);
    problems.unshift(`${file}:${at.line}:${at.col}: not valid YAML: ${reason}\n${at.lines}`);
  }
  return { problems };
}
