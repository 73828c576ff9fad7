/**
 * Reading Terraform's mark trees (`after_unknown`, `before_sensitive`, `after_sensitive`): a mark is
 * `true` for a whole value, or an object/array mirroring the value with marks for its members.
 */
import type { JsonValue, PathStep, ValueMarks } from './plan-json';

/** The mark of one member. A `true` mark covers everything below it, so it is inherited. */
export function childMark(mark: ValueMarks | undefined, key: PathStep): ValueMarks | undefined {
  if (mark === true) return true;
  if (mark === null || typeof mark !== 'object') return undefined;
  return (mark as Record<string, ValueMarks>)[key];
}

/** True when the mark covers nothing at all (`undefined`, `false`, `{}`, `[]` or only such members). */
export function isUnmarked(mark: ValueMarks | undefined): boolean {
  if (mark === undefined || mark === false || mark === null) return true;
  if (mark === true) return false;
  if (typeof mark !== 'object') return true;
  for (const member of Object.values(mark)) if (!isUnmarked(member)) return false;
  return true;
}

/** A JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of two JSON values (object key order does not matter). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const objectA = a as Record<string, JsonValue>;
  const objectB = b as Record<string, JsonValue>;
  const keysA = Object.keys(objectA);
  if (keysA.length !== Object.keys(objectB).length) return false;
  for (const key of keysA) if (!(key in objectB) || !jsonEqual(objectA[key], objectB[key])) return false;
  return true;
}

/**
 * Adds to `into` every string (and number, as text) at or below the marked parts of `value`,
 * map keys included, at least `minLength` long: the clear-text secrets a plan holds, so they can
 * be scrubbed from places Terraform did not mark (a copy in a non-sensitive attribute, an error log).
 */
export function collectMarkedStrings(value: JsonValue | undefined, mark: ValueMarks | undefined, minLength: number, into: Set<string>): void {
  if (value === undefined || value === null || mark === undefined || mark === false) return;
  if (mark === true) {
    collectAllStrings(value, minLength, into);
    return;
  }
  if (typeof mark !== 'object' || typeof value !== 'object') return;
  for (const key of Object.keys(mark)) {
    collectMarkedStrings((value as Record<string, JsonValue>)[key], (mark as Record<string, ValueMarks>)[key], minLength, into);
  }
}

function collectAllStrings(value: JsonValue, minLength: number, into: Set<string>): void {
  if (typeof value === 'string') {
    if (value.length >= minLength) into.add(value);
  } else if (typeof value === 'number') {
    const text = String(value);
    if (text.length >= minLength) into.add(text);
  } else if (Array.isArray(value)) {
    for (const member of value) collectAllStrings(member, minLength, into);
  } else if (isJsonObject(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (key.length >= minLength) into.add(key);
      collectAllStrings(member, minLength, into);
    }
  }
}
