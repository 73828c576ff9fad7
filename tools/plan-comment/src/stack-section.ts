/**
 * The detail section of one stack as a heading plus items the splitter can place one by one: the
 * error of a failed plan, one item per resource change, the output changes, and what changed
 * outside Terraform. Each item has a full and a compact rendering; the section also has an
 * addresses-only rendering for plans too large for anything else.
 */
import { outputDiffLine } from './attribute-diff';
import { kindInfo } from './change-kind';
import { type Block, block } from './comment-block';
import { errorLogBlock } from './error-log';
import { fitLines, type FitLimits } from './fit-lines';
import { codeBlock, codeSpan } from './markdown';
import { addressBlock, compactEntryBlock, type EntrySource, fullEntryBlock } from './resource-detail';
import { changeSentence, type ResourceEntry, type StackModel } from './stack-model';
import type { ValueFormatter } from './value-display';

export interface SectionItem {
  /** The full rendering, computed on first use: attribute diffs are most of the rendering work. */
  readonly full: () => Block;
  /** The rendering without attribute diff (the full one when there is no diff to leave out). */
  readonly compact: () => Block;
  /** A lower bound of `compact().size` known without computing the diff. */
  readonly compactFloor: number;
  /** A resource or drift entry, whose diff may be dropped to fit. */
  readonly degradable: boolean;
}

export interface StackSection {
  readonly stack: string;
  /** Opens the section (kept with the first item). */
  readonly heading: Block;
  /** Opens a part that continues this section. */
  readonly continuedHeading: Block;
  readonly items: readonly SectionItem[];
  /** The items reduced to addresses, grouped by kind (addresses-only mode). */
  readonly addressItems: readonly AddressItem[];
}

export interface AddressItem {
  readonly block: Block;
  /** One resource's address (not a group title or a note). */
  readonly isResource: boolean;
}

export interface SectionLimits {
  /** Largest item (an item must fit in a part of its own). */
  readonly item: FitLimits;
  /** Largest error log block. */
  readonly errorLog: FitLimits;
}

const DIFF_LEFT_OUT = 'attribute diff left out to fit; see the full plan';

function memo<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function fixedItem(made: Block): SectionItem {
  return { full: () => made, compact: () => made, compactFloor: made.size, degradable: false };
}

function entryItem(entry: ResourceEntry, source: EntrySource, formatter: ValueFormatter, limits: SectionLimits): SectionItem {
  const full = memo(() => fullEntryBlock(entry, source, formatter, limits.item));
  const floor = compactEntryBlock(entry, source, formatter);
  // An item rendered as a list line has no diff to leave out: its compact form is itself.
  const compact = memo(() => (full().text.startsWith('<details>') ? compactEntryBlock(entry, source, formatter, DIFF_LEFT_OUT) : full()));
  return { full, compact, compactFloor: floor.size, degradable: true };
}

function headingText(model: StackModel, formatter: ValueFormatter): string {
  const name = codeSpan(formatter.label(model.stack));
  if (model.status === 'failed') return `### ❌ ${name}: plan failed (${model.failure?.reason ?? 'unknown reason'})`;
  const unchanged = model.counts.noop > 0 ? `\n\n${model.counts.noop} resource(s) unchanged.` : '';
  return `### ${name}: ${model.status === 'changes' ? changeSentence(model.counts) : 'no changes'}${unchanged}`;
}

function outputsBlock(model: StackModel, formatter: ValueFormatter, limits: FitLimits): Block {
  const lines = model.outputs.map(([name, change]) => outputDiffLine(name, change, formatter));
  return block(fitLines((kept) => `#### Output changes\n\n${codeBlock('diff', kept)}`, lines, limits, (count) => `# … ${count} more output(s) left out`));
}

function addressItems(model: StackModel, formatter: ValueFormatter, limits: SectionLimits): AddressItem[] {
  const items: AddressItem[] = [];
  const note = (made: Block): void => {
    items.push({ block: made, isResource: false });
  };
  if (model.failure) note(errorLogBlock(model.failure.log, formatter, limits.errorLog));
  for (let start = 0; start < model.entries.length;) {
    const kind = model.entries[start].kind;
    let end = start;
    while (end < model.entries.length && model.entries[end].kind === kind) end++;
    note(block(`**${kindInfo(kind).title} (${end - start}):**`, { gap: '\n', keepWithNext: true }));
    for (let i = start; i < end; i++) {
      const line = addressBlock(model.entries[i], formatter);
      items.push({ block: i === end - 1 ? { ...line, gap: '\n\n' } : line, isResource: true });
    }
    start = end;
  }
  if (model.outputs.length) note(block(`Output changes: ${model.outputs.length} (left out; see the full plan).`));
  if (model.drift.length) note(block(`Changed outside Terraform: ${model.drift.length} resource(s) (left out; see the full plan).`));
  return items;
}

/** True when the stack has nothing to show but its name (it collapses to one line). */
export function isQuietStack(model: StackModel): boolean {
  return model.status === 'no-changes' && model.drift.length === 0;
}

export function buildStackSection(model: StackModel, formatter: ValueFormatter, limits: SectionLimits): StackSection {
  const name = codeSpan(formatter.label(model.stack));
  const continuedHeading = block(`### ${name} (continued)`, { keepWithNext: true });
  if (isQuietStack(model)) {
    const unchanged = model.counts.noop > 0 ? ` (${model.counts.noop} resource(s) unchanged)` : '';
    return { stack: model.stack, heading: block(`**${name}**: no changes${unchanged}.`), continuedHeading, items: [], addressItems: [] };
  }
  const items: SectionItem[] = [];
  if (model.failure) items.push(fixedItem(errorLogBlock(model.failure.log, formatter, limits.errorLog)));
  for (const entry of model.entries) items.push(entryItem(entry, 'plan', formatter, limits));
  if (model.outputs.length) items.push(fixedItem(outputsBlock(model, formatter, limits.item)));
  if (model.drift.length) {
    const driftHeading = block(`#### Changed outside Terraform (${model.drift.length})\n\nTerraform found these objects changed since the last apply; the plan above already takes that into account.`, { keepWithNext: true });
    items.push(fixedItem(driftHeading));
    for (const entry of model.drift) items.push(entryItem(entry, 'drift', formatter, limits));
  }
  const heading = block(headingText(model, formatter), { keepWithNext: items.length > 0 });
  return { stack: model.stack, heading, continuedHeading, items, addressItems: addressItems(model, formatter, limits) };
}
