/**
 * Packing detail blocks into comment parts, in order, breaking only between blocks (never inside
 * a `<details>` or a code block). A heading is never left at the end of a part, and a part that
 * opens in the middle of a stack starts with that stack's "(continued)" heading. Works on measured
 * sizes only, so trying many layouts costs no string building.
 */
import { type Block, gapSize } from './comment-block';

/** A block to place, with the stack section it belongs to. */
export interface Slot {
  readonly block: Block;
  readonly section: number;
  /** The section's own heading (a part starting here needs no "(continued)" heading). */
  readonly opensSection: boolean;
  /** A resource address line (addresses-only mode), counted when some do not fit. */
  readonly isResource?: boolean;
}

export interface PartCapacity {
  /** Counted characters available for detail in part 1 (after the marker, header, summary, warnings). */
  readonly first: number;
  /** Counted characters available for detail in every later part (after its marker and header). */
  readonly rest: number;
}

export interface Packing {
  /** Blocks per part, part 1 first; part 1 may hold none. */
  readonly parts: readonly (readonly Block[])[];
  /** How many slots were placed (all of them unless `maxParts` stopped the packing). */
  readonly placed: number;
}

/**
 * Places `slots` greedily. With `maxParts`, stops before opening part `maxParts + 1` and reports
 * how many slots were placed; without it, places everything.
 */
export function packParts(slots: readonly Slot[], continuedHeadings: readonly Block[], capacity: PartCapacity, maxParts = Infinity): Packing {
  const parts: Block[][] = [[]];
  let used = 0;
  let budget = capacity.first;
  let next = 0;
  while (next < slots.length) {
    let last = next;
    let groupSize = slots[next].block.size + gapSize(slots[next].block.gap);
    while (slots[last].block.keepWithNext && last + 1 < slots.length) {
      last++;
      groupSize += slots[last].block.size + gapSize(slots[last].block.gap);
    }
    // A new part takes the group without a second check: a later part would be no bigger, and
    // item sizes are capped (render.ts) so that a group always fits an empty part.
    if (used + groupSize > budget) {
      if (parts.length >= maxParts) break;
      const part: Block[] = [];
      used = 0;
      budget = capacity.rest;
      if (!slots[next].opensSection) {
        const heading = continuedHeadings[slots[next].section];
        part.push(heading);
        used += heading.size + gapSize(heading.gap);
      }
      parts.push(part);
    }
    const part = parts[parts.length - 1];
    for (let i = next; i <= last; i++) part.push(slots[i].block);
    used += groupSize;
    next = last + 1;
  }
  return { parts, placed: next };
}
