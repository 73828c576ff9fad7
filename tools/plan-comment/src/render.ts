/**
 * Renders the pull-request plan comment: part 1 opens with the header, the summary table and the
 * warnings (never dropped), then the per-stack detail follows, split between resources into as many
 * parts as needed, each under `maxBodyChars` and each opened by its hidden marker. Past `maxParts`
 * detail is given up step by step (detail-level.ts) and part 1 says so. Same input, same bytes.
 */
import { type Block, block, countedSize, joinBlocks } from './comment-block';
import { chooseDetail } from './detail-level';
import { commentMarker } from './marker';
import { byCodePoint } from './ordering';
import { continuationHeader, degradeNotice, leftOutTrailer } from './part-notices';
import { Redactor } from './redactor';
import { buildStackModel, type StackModel } from './stack-model';
import { buildStackSection, type SectionLimits } from './stack-section';
import { headline, metaLine, shortCommit, summaryTable } from './summary-table';
import type { CommentPart, RenderedComment, RenderInput, RenderOptions } from './types';
import { ValueFormatter } from './value-display';
import { warningsBlock } from './warnings';

const DEFAULTS = { maxBodyChars: 65_536, maxParts: 10, extraMasks: [] as readonly RegExp[] };
type ResolvedOptions = typeof DEFAULTS;

/** Below this a part cannot hold a header, a summary and one useful resource. */
const MIN_BODY_CHARS = 4_096;
/** Longest value, label (address, id, name) and diff line in a comment; the full plan has no limit. */
const COMMENT_TEXT = { maxValueChars: 1_000, maxLabelChars: 300, maxLineChars: 4_000 };
/** Longest error log shown for a failed stack. */
const MAX_ERROR_LOG_CHARS = 8_000;
/** Job summaries take 1 MiB per step; 250,000 UTF-16 units are at most 750 KB of UTF-8. */
const JOB_SUMMARY_MAX_CHARS = 250_000;
/** Stands in for part numbers when reserving room before the number of parts is known. */
const LARGEST_PART_NUMBER = 9_999_999;
/** Part 1 keeps this much room for the warnings before the table is cut (only with absurd stack counts). */
const MIN_WARNINGS_ROOM = 1_000;
/** A stack heading with the longest label (its code-span fence can be as long as the label). */
const HEADING_BOUND = 3 * COMMENT_TEXT.maxLabelChars + 400;

function resolveOptions(options: RenderOptions, caller: string): ResolvedOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const resolved: ResolvedOptions = { ...DEFAULTS, ...given };
  if (!Number.isInteger(resolved.maxBodyChars) || resolved.maxBodyChars < MIN_BODY_CHARS) {
    throw new Error(`${caller}: maxBodyChars must be an integer of at least ${MIN_BODY_CHARS} (GitHub allows 65536), got ${resolved.maxBodyChars}`);
  }
  if (!Number.isInteger(resolved.maxParts) || resolved.maxParts < 1) throw new Error(`${caller}: maxParts must be a positive integer, got ${resolved.maxParts}`);
  if (!Array.isArray(resolved.extraMasks) || !resolved.extraMasks.every((mask) => mask instanceof RegExp)) {
    throw new Error(`${caller}: extraMasks must be an array of regular expressions`);
  }
  return resolved;
}

function checkInput(input: RenderInput, caller: string): void {
  if (!Array.isArray(input.stacks)) throw new Error(`${caller}: input.stacks must be an array of stack plans`);
  for (const stack of input.stacks) {
    if (typeof stack.stack !== 'string' || stack.stack === '') throw new Error(`${caller}: every stack needs a non-empty name (input.stacks[].stack)`);
  }
  if (typeof input.commitSha !== 'string' || input.commitSha === '') throw new Error(`${caller}: input.commitSha must be the planned commit's SHA`);
  commentMarker(input.pullRequest, 1); // throws a clear error for a bad pull request number
}

interface Prepared {
  readonly models: readonly StackModel[];
  readonly formatter: ValueFormatter;
}

function prepare(input: RenderInput, extraMasks: readonly RegExp[], limits: { maxValueChars: number; maxLabelChars: number }): Prepared {
  const stacks = [...input.stacks].sort((a, b) => byCodePoint(a.stack, b.stack));
  // Secrets are collected from every stack before anything renders, so none shows anywhere.
  const formatter = new ValueFormatter(Redactor.forStacks(stacks, extraMasks), limits);
  return { models: stacks.map(buildStackModel), formatter };
}

/** Markdown header lines: the headline, then commit/repository/artifact (and the part, when given). */
function headerBlock(input: RenderInput, prepared: Prepared, part?: { part: number; total: number }): Block {
  return block(`${headline(prepared.models)}\n${metaLine(input, prepared.formatter, part)}`);
}

export function renderPlanComment(input: RenderInput, options: RenderOptions = {}): RenderedComment {
  const caller = 'renderPlanComment';
  const { maxBodyChars, maxParts, extraMasks } = resolveOptions(options, caller);
  checkInput(input, caller);
  const prepared = prepare(input, extraMasks, COMMENT_TEXT);
  const { models, formatter } = prepared;
  const marker = (part: number): string => commentMarker(input.pullRequest, part);

  // Room is reserved for the longest forms (part numbers, notice) before their values are known.
  const markerRoom = countedSize(marker(LARGEST_PART_NUMBER)) + 2;
  const headerRoom = headerBlock(input, prepared, { part: LARGEST_PART_NUMBER, total: LARGEST_PART_NUMBER }).size + 4;
  const noticeRoom = countedSize(degradeNotice('addresses-only', maxParts, { diffsDropped: LARGEST_PART_NUMBER, addressesLeftOut: LARGEST_PART_NUMBER }, input.artifactUrl) ?? '') + 4;
  // Part 1 may have to end with the addresses-only "… and N more" line: keep room for it too.
  const trailerRoom = countedSize(leftOutTrailer(LARGEST_PART_NUMBER, LARGEST_PART_NUMBER, input.artifactUrl)) + 4;
  const fixedRoom = markerRoom + headerRoom + noticeRoom + trailerRoom;
  const table = summaryTable(models, formatter, maxBodyChars - fixedRoom - MIN_WARNINGS_ROOM);
  const warnings = warningsBlock(models, formatter, maxBodyChars - fixedRoom - table.size - 8, input.artifactUrl);
  const shortSha = shortCommit(input, formatter);
  const continuationRoom = markerRoom + countedSize(continuationHeader(LARGEST_PART_NUMBER, LARGEST_PART_NUMBER, shortSha)) + 4;
  // The trailer room stays part of part 1's capacity; detail-level.ts takes it back in addresses-only mode.
  const capacity = { first: maxBodyChars - fixedRoom + trailerRoom - table.size - 4 - warnings.size - 4, rest: maxBodyChars - continuationRoom };

  const itemMax = capacity.rest - 2 * HEADING_BOUND;
  const limits: SectionLimits = {
    item: { maxChars: itemMax, maxLineChars: COMMENT_TEXT.maxLineChars },
    errorLog: { maxChars: Math.min(MAX_ERROR_LOG_CHARS, itemMax), maxLineChars: COMMENT_TEXT.maxLineChars },
  };
  const sections = models.map((model) => buildStackSection(model, formatter, limits));
  const choice = chooseDetail(sections, {
    capacity,
    maxParts,
    trailerReserve: trailerRoom,
    trailer: (addresses, others) => leftOutTrailer(addresses, others, input.artifactUrl),
  });

  const total = choice.parts.length;
  const notice = degradeNotice(choice.level, maxParts, choice, input.artifactUrl);
  const noticeBlocks = notice ? [block(notice)] : [];
  const parts: CommentPart[] = choice.parts.map((blocks, index) => {
    const part = index + 1;
    const opening = part === 1
      ? joinBlocks([headerBlock(input, prepared, { part, total }), ...noticeBlocks, table, warnings])
      : continuationHeader(part, total, shortSha);
    const body = `${marker(part)}\n${opening}${blocks.length ? `\n\n${joinBlocks(blocks)}` : ''}\n`;
    if (countedSize(body) > maxBodyChars) throw new Error(`${caller}: internal error: part ${part} measures ${countedSize(body)}, over the ${maxBodyChars} limit`);
    return { part, total, body };
  });

  const jobSummaryWarnings = warningsBlock(models, formatter, JOB_SUMMARY_MAX_CHARS - table.size - headerRoom - noticeRoom, input.artifactUrl);
  const summary = `${joinBlocks([headerBlock(input, prepared), ...noticeBlocks, table, jobSummaryWarnings])}\n`;
  return { parts, summary, detailLevel: choice.level };
}

/**
 * The whole plan as one Markdown document, for the full-plan artifact: header, summary, every
 * warning and every attribute diff, nothing cut and nothing split, masked exactly like the comment.
 */
export function renderFullPlanMarkdown(input: RenderInput, options: RenderOptions = {}): string {
  const caller = 'renderFullPlanMarkdown';
  const { extraMasks } = resolveOptions(options, caller);
  checkInput(input, caller);
  const prepared = prepare(input, extraMasks, { maxValueChars: Infinity, maxLabelChars: Infinity });
  const unlimited = { maxChars: Infinity, maxLineChars: Infinity };
  const sections = prepared.models.map((model) => buildStackSection(model, prepared.formatter, { item: unlimited, errorLog: unlimited }));
  const blocks = [
    headerBlock(input, prepared),
    summaryTable(prepared.models, prepared.formatter, Infinity),
    warningsBlock(prepared.models, prepared.formatter, Infinity, input.artifactUrl),
    ...sections.flatMap((section) => [section.heading, ...section.items.map((item) => item.full())]),
  ];
  return `${joinBlocks(blocks)}\n`;
}
