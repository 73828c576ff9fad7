import { expect } from 'chai';
import { attributeDiffLines, outputDiffLine } from '../../../tools/plan-comment/src/attribute-diff';
import type { PlanChange } from '../../../tools/plan-comment/src/plan-json';
import { Redactor } from '../../../tools/plan-comment/src/redactor';
import { ValueFormatter } from '../../../tools/plan-comment/src/value-display';

const formatter = new ValueFormatter(new Redactor([]), { maxValueChars: 200, maxLabelChars: 100 });
const diff = (change: Partial<PlanChange>): string[] => attributeDiffLines({ actions: ['update'], ...change }, formatter);

describe('tools/plan-comment attribute diff', () => {
  it('lists only what differs, walking into maps and lists', () => {
    expect(diff({
      before: { name: 'a', tags: { Env: 'dev', Team: 'x' }, ports: [80, 443], same: { deep: [1, { x: 2 }] } },
      after: { name: 'a', tags: { Env: 'prod', Team: 'x', New: 'y' }, ports: [80], same: { deep: [1, { x: 2 }] } },
    })).to.deep.equal(['- ports[1] = 443', '! tags.Env = "dev" -> "prod"', '+ tags.New = "y"']);
  });

  it('quotes map keys that are not identifiers', () => {
    expect(diff({ before: { tags: {} }, after: { tags: { 'cost.centre': '42', 'a b': 'c' } } }))
      .to.deep.equal(['+ tags["a b"] = "c"', '+ tags["cost.centre"] = "42"']);
  });

  it('shows unknown values, including attributes absent from after and list elements', () => {
    expect(diff({
      before: { id: 'i-1', ips: ['10.0.0.1'], block: [{ version: '3' }] },
      after: { ips: [null, '10.0.0.2'], block: [{}] },
      after_unknown: { id: true, ips: [true, false], block: [{ version: true }] },
    })).to.deep.equal([
      '! block[0].version = "3" -> (known after apply)',
      '! id = "i-1" -> (known after apply)',
      '! ips[0] = "10.0.0.1" -> (known after apply)',
      '+ ips[1] = "10.0.0.2"',
    ]);
  });

  it('masks a sensitive subtree as one value, whichever side is marked', () => {
    expect(diff({
      before: { credentials: { user: 'admin', password: 'old' }, token: 'abc' },
      after: { credentials: { user: 'admin', password: 'new' }, token: 'def' },
      before_sensitive: { token: true },
      after_sensitive: { credentials: true },
    })).to.deep.equal([
      '! credentials = { password = "old", user = "admin" } -> (sensitive value)',
      '! token = (sensitive value) -> "def"',
    ]);
  });

  it('masks marked members inside a value shown whole', () => {
    expect(diff({ before: { env: null }, after: { env: [] }, after_sensitive: {} })).to.deep.equal(['+ env = []']);
    expect(diff({ before: { list: 'x' }, after: { list: ['a', 'b'] }, after_sensitive: { list: [false, true] } }))
      .to.deep.equal(['! list = "x" -> ["a", (sensitive value)]']);
  });

  it('does not report equal sensitive values, and reports changed ones without showing them', () => {
    const marks = { before_sensitive: { value: true }, after_sensitive: { value: true } };
    expect(diff({ before: { value: 's3cret' }, after: { value: 's3cret' }, ...marks })).to.deep.equal([]);
    expect(diff({ before: { value: 's3cret' }, after: { value: 'other' }, ...marks })).to.deep.equal(['! value = (sensitive value) -> (sensitive value)']);
  });

  it('lists every attribute of a created or destroyed object, skipping nulls', () => {
    expect(attributeDiffLines({ actions: ['create'], before: null, after: { a: 1, b: null, c: { d: true } }, after_unknown: { e: true } }, formatter))
      .to.deep.equal(['+ a = 1', '+ c.d = true', '+ e = (known after apply)']);
    expect(attributeDiffLines({ actions: ['delete'], before: { a: 'x', s: 'y' }, after: null, before_sensitive: { s: true } }, formatter))
      .to.deep.equal(['- a = "x"', '- s = (sensitive value)']);
  });

  it('marks replace_paths and everything below them', () => {
    expect(diff({ before: { name: 'a', ingress: [{ cidr: ['x'] }] }, after: { name: 'b', ingress: [{ cidr: ['x', 'y'] }] }, replace_paths: [['ingress', 0]] }))
      .to.deep.equal(['+ ingress[0].cidr[1] = "y"  # forces replacement', '! name = "a" -> "b"']);
  });

  it('shows outputs as whole values, masked by their whole-value sensitivity', () => {
    expect(outputDiffLine('url', { actions: ['update'], before: ['a'], after: ['a', 'b'], after_unknown: false, before_sensitive: false, after_sensitive: false }, formatter))
      .to.equal('! url = ["a"] -> ["a", "b"]');
    expect(outputDiffLine('key', { actions: ['create'], before: null, after: 'sk-1', before_sensitive: true, after_sensitive: true }, formatter))
      .to.equal('+ key = (sensitive value)');
    expect(outputDiffLine('ids', { actions: ['create'], before: null, after: [null, 'b'], after_unknown: [true, false] }, formatter))
      .to.equal('+ ids = [(known after apply), "b"]');
  });
});
