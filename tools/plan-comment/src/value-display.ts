/**
 * Turns attribute values, attribute paths and other plan text into display strings. This is the
 * only place values become text, and it always consults the sensitivity marks first: a marked value
 * (or member) becomes `(sensitive value)` before anything else looks at it. There is no switch to
 * turn that off. Every string also goes through the Redactor and has invisible characters escaped.
 */
import { escapeInvisible, truncateText } from './display-text';
import { byCodePoint } from './ordering';
import type { JsonValue, PathStep, ValueMarks } from './plan-json';
import { type Redactor, SENSITIVE_TEXT } from './redactor';
import { childMark, isJsonObject } from './value-marks';

/** Shown for a value Terraform will only know after apply. */
export const UNKNOWN_TEXT = '(known after apply)';

// Attribute names print bare (`tags.Name`); any other map key is quoted (`tags["cost.centre"]`).
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export class ValueFormatter {
  /** Attribute names repeat across thousands of resources: scrub and format each one once. */
  private readonly keyCache = new Map<string, string>();

  /**
   * @param redactor scrubs known secrets and `extraMasks` matches from every string
   * @param limits longest value and longest label (address, id, name) shown; longer ones are cut
   */
  constructor(
    private readonly redactor: Redactor,
    private readonly limits: { readonly maxValueChars: number; readonly maxLabelChars: number },
  ) {}

  /** A value for display: masked where `sensitive` marks it, `(known after apply)` where `unknown` does. */
  public value(value: JsonValue | undefined, sensitive: ValueMarks | undefined, unknown: ValueMarks | undefined): string {
    return truncateText(this.render(value, sensitive, unknown), this.limits.maxValueChars);
  }

  /** A label (address, import id, output or stack name): scrubbed, visible, one line, cut when too long. */
  public label(text: string): string {
    return truncateText(this.text(text), this.limits.maxLabelChars);
  }

  /** Free text from the plan or its inputs (an address, an import id), scrubbed and made visible, one line. */
  public text(text: string): string {
    return escapeInvisible(this.redactor.text(text));
  }

  /** Multi-line text (an error log), scrubbed; line breaks kept. */
  public scrub(text: string): string {
    return this.redactor.text(text);
  }

  /** A map key or attribute name: bare when it is an identifier, else JSON-quoted (scrubbed, invisibles shown). */
  public key(key: string): string {
    let shown = this.keyCache.get(key);
    if (shown === undefined) {
      const scrubbed = this.redactor.text(key);
      shown = IDENTIFIER.test(scrubbed) ? scrubbed : escapeInvisible(JSON.stringify(scrubbed));
      this.keyCache.set(key, shown);
    }
    return shown;
  }

  /** `parent` extended by one step: `.name`, `["key with.dots"]` or `[3]`. */
  public pathStep(parent: string, step: PathStep): string {
    if (typeof step === 'number') return `${parent}[${step}]`;
    const key = this.key(step);
    if (!key.startsWith('"')) return parent === '' ? key : `${parent}.${key}`;
    return `${parent}[${key}]`;
  }

  /** A whole path, e.g. `[["ingress", 0, "cidr_blocks"]]` element → `ingress[0].cidr_blocks`. */
  public path(steps: readonly PathStep[]): string {
    let path = '';
    for (const step of steps) path = this.pathStep(path, step);
    return path === '' ? '(whole object)' : path;
  }

  private render(value: JsonValue | undefined, sensitive: ValueMarks | undefined, unknown: ValueMarks | undefined): string {
    if (sensitive === true) return SENSITIVE_TEXT;
    if (unknown === true) return UNKNOWN_TEXT;
    if (value === undefined || value === null) return 'null';
    if (typeof value === 'string') return escapeInvisible(JSON.stringify(this.redactor.text(value)));
    if (typeof value === 'number') return this.redactor.text(String(value));
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) {
      const length = Math.max(value.length, Array.isArray(unknown) ? unknown.length : 0);
      if (length === 0) return '[]';
      const members: string[] = [];
      for (let i = 0; i < length; i++) members.push(this.render(value[i], childMark(sensitive, i), childMark(unknown, i)));
      return `[${members.join(', ')}]`;
    }
    if (!isJsonObject(value)) return 'null';
    const keys = new Set(Object.keys(value));
    // Unknown attributes are left out of `after` entirely; only the unknown marks name them.
    if (isJsonObject(unknown)) for (const key of Object.keys(unknown)) keys.add(key);
    if (keys.size === 0) return '{}';
    const members: string[] = [];
    for (const key of [...keys].sort(byCodePoint)) {
      members.push(`${this.key(key)} = ${this.render(value[key], childMark(sensitive, key), childMark(unknown, key))}`);
    }
    return `{ ${members.join(', ')} }`;
  }
}
