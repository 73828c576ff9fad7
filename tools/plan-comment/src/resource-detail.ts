/**
 * One resource change rendered three ways: in full (a folded `<details>` with its attribute diff),
 * compact (one list line, diff left out) and as a bare address (the last resort for huge plans).
 * The words are built once as segments and escaped for each context (HTML summary or Markdown).
 */
import { attributeDiffLines } from './attribute-diff';
import { isReplacement, kindInfo, reasonWords } from './change-kind';
import { type Block, block } from './comment-block';
import { fitLines, type FitLimits } from './fit-lines';
import { codeBlock, codeSpan, detailsBlock, escapeHtml, htmlCode } from './markdown';
import type { ResourceEntry } from './stack-model';
import type { ValueFormatter } from './value-display';

/** Plain words (static, written here) or code (text from the plan, already scrubbed). */
type Segment = { readonly words: string } | { readonly code: string };

/** Whether the entry comes from `resource_changes` or from `resource_drift`. */
export type EntrySource = 'plan' | 'drift';

// The sentence is needed up to four times per entry (floor, full, compact, warnings): build it once
// per formatter (its label limits shape the sentence) and source, in each form.
interface Sentence {
  segments?: Segment[];
  markdown?: string;
}
const sentences = new WeakMap<ValueFormatter, WeakMap<ResourceEntry, Partial<Record<EntrySource, Sentence>>>>();

function sentenceOf(entry: ResourceEntry, source: EntrySource, formatter: ValueFormatter): Sentence {
  let byEntry = sentences.get(formatter);
  if (!byEntry) sentences.set(formatter, (byEntry = new WeakMap()));
  let cached = byEntry.get(entry);
  if (!cached) byEntry.set(entry, (cached = {}));
  return (cached[source] ??= {});
}

function describe(entry: ResourceEntry, source: EntrySource, formatter: ValueFormatter): Segment[] {
  const sentence = sentenceOf(entry, source, formatter);
  return (sentence.segments ??= buildSentence(entry, source, formatter));
}

function buildSentence(entry: ResourceEntry, source: EntrySource, formatter: ValueFormatter): Segment[] {
  const { change, kind } = entry;
  const info = kindInfo(kind);
  const segments: Segment[] = [];
  if (source === 'plan' && kind !== 'no-op') segments.push({ code: info.symbol }, { words: ' ' });
  segments.push({ code: formatter.label(change.address) });
  if (change.deposed) segments.push({ words: ' (deposed object ' }, { code: formatter.label(change.deposed) }, { words: ')' });
  if (source === 'drift') {
    const deleted = kind === 'delete';
    segments.push({ words: deleted ? ' was deleted outside Terraform' : ' was changed outside Terraform' });
    return segments;
  }
  if (kind !== 'no-op') segments.push({ words: ` ${info.phrase}` });
  const reason = change.action_reason;
  const words = reasonWords(reason);
  if (words) segments.push({ words: `, ${words}` });
  else if (reason) segments.push({ words: ' (reason ' }, { code: formatter.label(reason) }, { words: ')' });
  if (kind === 'unrecognised') segments.push({ words: ' (actions ' }, { code: formatter.label(JSON.stringify(change.change?.actions ?? [])) }, { words: ')' });
  if (entry.moved) segments.push({ words: kind === 'no-op' ? ' has moved from ' : '; moved from ' }, { code: formatter.label(change.previous_address ?? '') });
  if (entry.imported) {
    const id = change.change.importing?.id;
    const lead = kind === 'no-op' && !entry.moved ? ' will be imported' : '; imported';
    if (id) segments.push({ words: `${lead} (id ` }, { code: formatter.label(id) }, { words: ')' });
    else segments.push({ words: lead });
  }
  return segments;
}

function asHtml(segments: readonly Segment[]): string {
  return segments.map((s) => ('code' in s ? htmlCode(s.code) : escapeHtml(s.words))).join('');
}

function asMarkdown(segments: readonly Segment[]): string {
  return segments.map((s) => ('code' in s ? codeSpan(s.code) : s.words)).join('');
}

/** The attribute paths that force a replacement, for the warnings list. */
export function replacePathLabels(entry: ResourceEntry, formatter: ValueFormatter): string[] {
  if (!isReplacement(entry.kind)) return [];
  return (entry.change.change.replace_paths ?? []).map((steps) => formatter.label(formatter.path(steps)));
}

/** The entry's sentence as Markdown (code spans for plan text), for lists. */
export function entrySentence(entry: ResourceEntry, source: EntrySource, formatter: ValueFormatter): string {
  const sentence = sentenceOf(entry, source, formatter);
  return (sentence.markdown ??= asMarkdown(describe(entry, source, formatter)));
}

/** One list line without the attribute diff; `note` (static words) says why it was left out. */
export function compactEntryBlock(entry: ResourceEntry, source: EntrySource, formatter: ValueFormatter, note?: string): Block {
  return block(`- ${entrySentence(entry, source, formatter)}${note ? ` — ${note}` : ''}`);
}

/** Just the address, as a tight list line (addresses-only mode). */
export function addressBlock(entry: ResourceEntry, formatter: ValueFormatter): Block {
  return block(`- ${codeSpan(formatter.label(entry.change.address))}`, { gap: '\n' });
}

/**
 * The full rendering: a `<details>` whose summary is the sentence and whose body is the attribute
 * diff, cut to `limits` (whole lines are dropped, with a note saying how many). An entry with
 * nothing to diff (a move, a read, a drift deletion) is one list line.
 */
export function fullEntryBlock(entry: ResourceEntry, source: EntrySource, formatter: ValueFormatter, limits: FitLimits): Block {
  const showsDiff = source === 'drift' ? entry.kind !== 'delete' : entry.kind !== 'read' && entry.kind !== 'forget';
  const lines = showsDiff && entry.change.change ? attributeDiffLines(entry.change.change, formatter) : [];
  if (lines.length === 0) return compactEntryBlock(entry, source, formatter);
  const summary = asHtml(describe(entry, source, formatter));
  return block(fitLines((kept) => detailsBlock(summary, codeBlock('diff', kept)), lines, limits,
    (count) => `# … ${count} more attribute line(s) left out to fit the comment; see the full plan`));
}
