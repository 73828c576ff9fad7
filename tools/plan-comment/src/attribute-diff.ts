/**
 * The attribute-level diff of one change, as lines for a ```diff block:
 *   `+ path = value`              added (or the whole object is created)
 *   `- path = value`              removed (or the whole object is destroyed)
 *   `! path = before -> after`    changed in place
 * Only attributes that differ are listed; `(known after apply)` stands for unknown values, nested
 * ones too; `(sensitive value)` for anything marked sensitive on either side; `# forces replacement`
 * marks the paths in `replace_paths`. The marker leads each line so GitHub colours it, and no line
 * can start with a backtick (a fence stays closed).
 */
import { byCodePoint } from './ordering';
import type { JsonValue, PathStep, PlanChange, ValueMarks } from './plan-json';
import type { ValueFormatter } from './value-display';
import { childMark, isJsonObject, isUnmarked, jsonEqual } from './value-marks';

const FORCES_REPLACEMENT = '  # forces replacement';

type Shape = 'absent' | 'array' | 'object' | 'scalar';

/** The marks at one node: before_sensitive, after_sensitive, after_unknown. */
interface Marks {
  readonly bs?: ValueMarks;
  readonly as?: ValueMarks;
  readonly au?: ValueMarks;
}

function shapeOf(value: JsonValue | undefined): Shape {
  if (value === undefined || value === null) return 'absent';
  if (Array.isArray(value)) return 'array';
  return isJsonObject(value) ? 'object' : 'scalar';
}

function isEmptyContainer(value: JsonValue | undefined): boolean {
  return Array.isArray(value) ? value.length === 0 : isJsonObject(value) && Object.keys(value).length === 0;
}

class DiffWalker {
  public readonly lines: string[] = [];

  constructor(
    private readonly formatter: ValueFormatter,
    private readonly forcedPaths: ReadonlySet<string>,
  ) {}

  public walk(
    path: string,
    before: JsonValue | undefined,
    after: JsonValue | undefined,
    marks: Marks,
    forcedAbove: boolean,
  ): void {
    const forced = forcedAbove || this.forcedPaths.has(path);
    const { bs, as, au } = marks;
    if (bs !== true && as !== true && au !== true) {
      const shape = this.descendShape(before, after);
      if (shape !== undefined) {
        if (shape === 'array') {
          const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
          const length = Math.max(lengthOf(before), lengthOf(after), lengthOf(au));
          for (let i = 0; i < length; i++) this.child(path, i, before, after, marks, forced);
        } else {
          const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
          // Unknown attributes are absent from `after`; only `after_unknown` names them.
          if (isJsonObject(au)) for (const key of Object.keys(au)) keys.add(key);
          for (const key of [...keys].sort(byCodePoint)) this.child(path, key, before, after, marks, forced);
        }
        return;
      }
    }
    this.leaf(path, before, after, marks, forced);
  }

  /** Walks one member, unless it is plainly unchanged (checked before its path is even built). */
  private child(path: string, step: PathStep, before: JsonValue | undefined, after: JsonValue | undefined,
    marks: Marks, forced: boolean): void {
    const b = (before as Record<PathStep, JsonValue> | null | undefined)?.[step];
    const a = (after as Record<PathStep, JsonValue> | null | undefined)?.[step];
    const au = childMark(marks.au, step);
    if (isUnmarked(au) && jsonEqual(b, a)) return;
    this.walk(this.formatter.pathStep(path, step), b, a, { bs: childMark(marks.bs, step), as: childMark(marks.as, step), au }, forced);
  }

  /** The container shape to walk into, or undefined when this node is shown as one value. */
  private descendShape(before: JsonValue | undefined, after: JsonValue | undefined): 'array' | 'object' | undefined {
    const b = shapeOf(before);
    const a = shapeOf(after);
    if (b === a && (a === 'array' || a === 'object')) return a;
    // Added or removed block: list its members, unless it is empty (then `{}` / `[]` says it all).
    if (b === 'absent' && (a === 'array' || a === 'object') && !isEmptyContainer(after)) return a;
    if (a === 'absent' && (b === 'array' || b === 'object') && !isEmptyContainer(before)) return b;
    return undefined;
  }

  private leaf(path: string, before: JsonValue | undefined, after: JsonValue | undefined, marks: Marks, forced: boolean): void {
    const afterUnknown = marks.au === true;
    const beforeAbsent = before === undefined || before === null;
    const afterAbsent = (after === undefined || after === null) && !afterUnknown;
    if (beforeAbsent && afterAbsent) return;
    const label = path === '' ? '(value)' : path;
    const suffix = forced ? FORCES_REPLACEMENT : '';
    if (beforeAbsent) {
      this.lines.push(`+ ${label} = ${this.formatter.value(after, marks.as, marks.au)}${suffix}`);
    } else if (afterAbsent) {
      this.lines.push(`- ${label} = ${this.formatter.value(before, marks.bs, undefined)}${suffix}`);
    } else if (afterUnknown || !jsonEqual(before, after)) {
      this.lines.push(`! ${label} = ${this.formatter.value(before, marks.bs, undefined)} -> ${this.formatter.value(after, marks.as, marks.au)}${suffix}`);
    }
  }
}

/** Diff lines for a change (create: every set attribute; delete: every attribute it had; else what differs). */
export function attributeDiffLines(change: PlanChange, formatter: ValueFormatter): string[] {
  const forced = new Set((change.replace_paths ?? []).map((steps) => formatter.path(steps)));
  const walker = new DiffWalker(formatter, forced);
  walker.walk('', change.before, change.after, { bs: change.before_sensitive, as: change.after_sensitive, au: change.after_unknown }, false);
  return walker.lines;
}

/**
 * The line for one output, compared as a whole value the way Terraform's own plan shows outputs.
 * Outputs carry whole-value sensitivity (`true`/`false`), but nested marks are honoured as well.
 */
export function outputDiffLine(name: string, change: PlanChange, formatter: ValueFormatter): string {
  const label = formatter.pathStep('', name);
  const before = formatter.value(change.before, change.before_sensitive, undefined);
  const after = formatter.value(change.after, change.after_sensitive, change.after_unknown);
  switch ((change.actions ?? []).join(',')) {
    case 'create': return `+ ${label} = ${after}`;
    case 'delete': return `- ${label} = ${before}`;
    default: return `! ${label} = ${before} -> ${after}`;
  }
}
