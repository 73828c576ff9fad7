import { expect } from 'chai';
import { type Block, block } from '../../../tools/plan-comment/src/comment-block';
import { chooseDetail, type DetailLimits } from '../../../tools/plan-comment/src/detail-level';
import { packParts, type Slot } from '../../../tools/plan-comment/src/pack-parts';
import type { SectionItem, StackSection } from '../../../tools/plan-comment/src/stack-section';

const sized = (name: string, size: number, options: { keepWithNext?: boolean } = {}): Block => block(name.padEnd(size, '.'), options);

/** A section whose resource items have the given full sizes; compact forms are 20 characters. */
function section(name: string, fullSizes: readonly number[]): StackSection {
  const items: SectionItem[] = fullSizes.map((size, i) => {
    const full = sized(`<details>${name}-${i}`, size);
    const compact = sized(`- ${name}-${i}`, 20);
    return { full: () => full, compact: () => compact, compactFloor: 20, degradable: true };
  });
  return {
    stack: name,
    heading: sized(`### ${name}`, 30, { keepWithNext: items.length > 0 }),
    continuedHeading: sized(`### ${name} (continued)`, 40, { keepWithNext: true }),
    items,
    addressItems: fullSizes.map((_, i) => ({ block: block(`- ${name}-${i}`, { gap: '\n' }), isResource: true })),
  };
}

const limits = (maxParts: number, first = 500, rest = 1_000): DetailLimits => ({
  capacity: { first, rest }, maxParts, trailerReserve: 50, trailer: (addresses, others) => `… and ${addresses} more (+${others})`,
});

describe('tools/plan-comment splitting into parts', () => {
  describe('packParts', () => {
    const slots = (blocks: Block[]): Slot[] => blocks.map((b, i) => ({ block: b, section: 0, opensSection: i === 0 }));
    const continued = [sized('### s (continued)', 40, { keepWithNext: true })];

    it('fills parts in order, breaking only between blocks, and reopens the stack in later parts', () => {
      const { parts, placed } = packParts(slots([sized('h', 30, { keepWithNext: true }), sized('a', 400), sized('b', 400), sized('c', 400)]), continued, { first: 500, rest: 900 });
      expect(placed).to.equal(4);
      expect(parts.map((part) => part.map((b) => b.text[0]))).to.deep.equal([['h', 'a'], ['#', 'b', 'c']]);
    });

    it('never leaves a heading at the end of a part', () => {
      const { parts } = packParts(slots([sized('a', 440), sized('h', 30, { keepWithNext: true }), sized('b', 400)]), continued, { first: 500, rest: 900 });
      expect(parts.map((part) => part.map((b) => b.text[0]))).to.deep.equal([['a'], ['#', 'h', 'b']]);
    });

    it('leaves part 1 without detail when its first item does not fit there', () => {
      const { parts } = packParts(slots([sized('h', 30, { keepWithNext: true }), sized('a', 600)]), continued, { first: 100, rest: 900 });
      expect(parts.map((part) => part.length)).to.deep.equal([0, 2]);
    });

    it('stops at maxParts and reports how many blocks it placed', () => {
      const blocks = Array.from({ length: 10 }, (_, i) => sized(String(i), 400));
      expect(packParts(slots(blocks), continued, { first: 900, rest: 900 }, 2)).to.include({ placed: 4 });
    });
  });

  describe('chooseDetail', () => {
    it('keeps full detail when it fits', () => {
      const choice = chooseDetail([section('s', [100, 200])], limits(1));
      expect(choice).to.include({ level: 'full', diffsDropped: 0 });
      expect(choice.parts).to.have.length(1);
    });

    it('drops the diffs of the largest items first, and no more than needed', () => {
      const choice = chooseDetail([section('s', [300, 900, 100, 800, 200])], limits(2));
      expect(choice.level).to.equal('attributes-dropped');
      const texts = choice.parts.flat().map((b) => b.text);
      expect(texts.filter((t) => t.startsWith('- s-')).sort()).to.deep.equal([sized('- s-1', 20).text, sized('- s-3', 20).text]); // the 900 and the 800
      expect(texts.filter((t) => t.startsWith('<details>s-'))).to.have.length(3);
    });

    it('falls back to addresses only, counting what still does not fit', () => {
      const many = section('s', Array.from({ length: 500 }, () => 300));
      const choice = chooseDetail([many], limits(1));
      expect(choice.level).to.equal('addresses-only');
      const last = choice.parts[choice.parts.length - 1];
      expect(last[last.length - 1].text).to.match(/^… and \d+ more \(\+0\)$/);
      const listed = choice.parts.flat().filter((b) => /^- s-\d+$/.test(b.text)).length;
      expect(listed + choice.addressesLeftOut).to.equal(500);
    });
  });
});
