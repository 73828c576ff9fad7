/**
 * Choosing how much detail fits in `maxParts` comments:
 * 1. full: every item in full;
 * 2. attributes-dropped: the attribute diffs of the largest resources are left out, largest first,
 *    as few as needed (a binary search over how many; packing is monotone in item size);
 * 3. addresses-only: resources listed by address only, grouped by kind; what still does not fit is
 *    counted in a last line that points to the full plan.
 * A cheap lower bound is checked first, so a huge plan goes straight to 3 without computing the
 * attribute diffs it could never show.
 */
import { type Block, block } from './comment-block';
import { type PartCapacity, packParts, type Packing, type Slot } from './pack-parts';
import type { SectionItem, StackSection } from './stack-section';
import type { DetailLevel } from './types';

export interface DetailChoice {
  readonly level: DetailLevel;
  readonly parts: readonly (readonly Block[])[];
  /** attributes-dropped: resources whose attribute diff was left out. */
  readonly diffsDropped: number;
  /** addresses-only: resource addresses that did not fit either. */
  readonly addressesLeftOut: number;
}

export interface DetailLimits {
  readonly capacity: PartCapacity;
  readonly maxParts: number;
  /** Room kept free in every part in addresses-only mode, for the "… and N more" line. */
  readonly trailerReserve: number;
  /** The "… and N more" line for addresses-only mode. */
  readonly trailer: (addressesLeftOut: number, otherLeftOut: number) => string;
}

function slotsOf(sections: readonly StackSection[], pick: (item: SectionItem, id: number) => Block): Slot[] {
  const slots: Slot[] = [];
  let id = 0;
  sections.forEach((section, index) => {
    slots.push({ block: section.heading, section: index, opensSection: true });
    for (const item of section.items) slots.push({ block: pick(item, id++), section: index, opensSection: false });
  });
  return slots;
}

function addressesOnly(sections: readonly StackSection[], continued: readonly Block[], limits: DetailLimits): DetailChoice {
  const slots: Slot[] = [];
  sections.forEach((section, index) => {
    slots.push({ block: section.heading, section: index, opensSection: true });
    for (const item of section.addressItems) slots.push({ block: item.block, section: index, opensSection: false, isResource: item.isResource });
  });
  const capacity = { first: limits.capacity.first - limits.trailerReserve, rest: limits.capacity.rest - limits.trailerReserve };
  const packing = packParts(slots, continued, capacity, limits.maxParts);
  const left = slots.slice(packing.placed);
  const addressesLeftOut = left.filter((slot) => slot.isResource).length;
  if (left.length === 0) return { level: 'addresses-only', parts: packing.parts, diffsDropped: 0, addressesLeftOut };
  const parts = packing.parts.map((part) => [...part]);
  parts[parts.length - 1].push(block(limits.trailer(addressesLeftOut, left.length - addressesLeftOut)));
  return { level: 'addresses-only', parts, diffsDropped: 0, addressesLeftOut };
}

export function chooseDetail(sections: readonly StackSection[], limits: DetailLimits): DetailChoice {
  const continued = sections.map((section) => section.continuedHeading);
  const fits = (packing: Packing): boolean => packing.parts.length <= limits.maxParts;
  const pack = (slots: readonly Slot[]): Packing => packParts(slots, continued, limits.capacity);

  const floor = slotsOf(sections, (item) => (item.degradable ? { text: '', size: item.compactFloor, gap: '\n\n' } : item.full()));
  if (!fits(pack(floor))) return addressesOnly(sections, continued, limits);

  const items = sections.flatMap((section) => section.items);
  const full = pack(slotsOf(sections, (item) => item.full()));
  if (fits(full)) return { level: 'full', parts: full.parts, diffsDropped: 0, addressesLeftOut: 0 };

  // Largest first; ties by position, so the choice is deterministic.
  const order = items.map((item, id) => ({ item, id })).filter(({ item }) => item.degradable && item.compact() !== item.full())
    .sort((a, b) => b.item.full().size - a.item.full().size || a.id - b.id).map(({ id }) => id);
  const packDropping = (count: number): Packing => {
    const dropped = new Set(order.slice(0, count));
    return pack(slotsOf(sections, (item, id) => (dropped.has(id) ? item.compact() : item.full())));
  };
  if (!fits(packDropping(order.length))) return addressesOnly(sections, continued, limits);
  let low = 1;
  let high = order.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fits(packDropping(middle))) high = middle;
    else low = middle + 1;
  }
  return { level: 'attributes-dropped', parts: packDropping(low).parts, diffsDropped: low, addressesLeftOut: 0 };
}
