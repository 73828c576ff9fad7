/**
 * Zod issues worded for the person editing the YAML: `<file>: <dotted.path>: <what to fix>`.
 *
 * Zod's own messages ("Invalid input: expected number, received string") name types, not YAML,
 * and give no example. Instead of hand-writing a message for every field, one mapper words each
 * issue code from the schema itself (its JSON Schema: type, range, enum, `examples`):
 * "expected a whole number from 2 to 6, got the text "two"; e.g. azCount: 2". It is passed to
 * `safeParse` as the per-parse error map, which zod consults only where the schema has no message
 * of its own, so the hand-written messages (those that name a reason or a fix) still win.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { nearestName } from './nearest-name';

/** The part of JSON Schema that `z.toJSONSchema` emits for the config schemas. */
interface SchemaNode {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly examples?: readonly unknown[];
}

type Path = readonly PropertyKey[];

const jsonSchemas = new WeakMap<z.ZodType, SchemaNode>();
function jsonSchemaOf(schema: z.ZodType): SchemaNode {
  let node = jsonSchemas.get(schema);
  if (!node) {
    // Refinements have no JSON Schema form; they keep their own messages, so skipping them is fine.
    node = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaNode;
    jsonSchemas.set(schema, node);
  }
  return node;
}

/** The schema nodes along `path`, root first; shorter than the path where the schema ends. */
function nodesAlong(root: SchemaNode, path: Path): SchemaNode[] {
  const nodes = [root];
  for (const key of path) {
    const node = nodes[nodes.length - 1];
    const next = typeof key === 'number' ? node.items : (node.properties?.[String(key)] ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined));
    if (!next) break;
    nodes.push(next);
  }
  return nodes;
}

function valueAt(document: unknown, path: Path): unknown {
  return path.reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined), document);
}

const quoted = (value: unknown) => JSON.stringify(value);
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function oneOf(values: readonly unknown[]): string {
  const shown = values.map(quoted);
  return shown.length === 2 ? `${shown[0]} or ${shown[1]}` : `one of ${shown.join(', ')}`;
}

/** `z.number().int()` reports the safe-integer limits as its range; those are no limit to a person. */
function range(node: SchemaNode): string {
  const min = node.minimum !== undefined && Math.abs(node.minimum) < Number.MAX_SAFE_INTEGER ? node.minimum : undefined;
  const max = node.maximum !== undefined && Math.abs(node.maximum) < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` of at least ${min}`;
  return max !== undefined ? ` of at most ${max}` : '';
}

/** What a field takes, in words. */
function expected(node: SchemaNode): string {
  if (node.enum) return oneOf(node.enum);
  switch (node.type) {
    case 'integer': return `a whole number${range(node)}`;
    case 'number': return `a number${range(node)}`;
    case 'boolean': return 'true or false';
    case 'string': return 'text';
    case 'array': return node.minItems ? `a list with at least ${plural(node.minItems, 'entry', 'entries')}` : 'a list';
    case 'object': return node.properties ? `a mapping with the keys ${Object.keys(node.properties).join(', ')}` : 'a mapping';
    default: return 'a value';
  }
}

/** What the YAML held, in the words a person uses for YAML (not "received string"). */
function described(value: unknown): string {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `the text ${quoted(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${plural(value.length, 'entry', 'entries')}`;
  return typeof value === 'object' ? 'a mapping' : `a ${typeof value}`;
}

/** `e.g. azCount: 2` from the deepest field on the path that has an example (a list's for its entries). */
function exampleFor(root: SchemaNode, path: Path): string | undefined {
  const nodes = nodesAlong(root, path);
  for (let i = nodes.length - 1; i > 0; i--) {
    const key = path[i - 1];
    const value = nodes[i].examples?.[0];
    if (typeof key === 'string' && value !== undefined) {
      return `e.g. ${key}: ${stringify(value, { collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0 }).trim()}`;
    }
  }
  return undefined;
}

/** The error map: a message for each issue code zod words in its own terms, else zod's default. */
function wordIssue(root: SchemaNode, issue: z.core.$ZodRawIssue): string | undefined {
  const path = issue.path ?? [];
  const node = nodesAlong(root, path)[path.length];
  const got = described(issue.input);
  let words: string;
  let suggestion: string | undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (path.length === 0) {
        const first = Object.keys(root.properties ?? {})[0];
        const held = issue.input === undefined || issue.input === null ? 'an empty file' : got;
        return `expected a mapping of settings at the top of the file (key: value lines, ${exampleFor(root, [first]) ?? 'e.g. key: value'}), got ${held}`;
      }
      words = `expected ${node ? expected(node) : issue.expected}, got ${got}`;
      break;
    case 'invalid_value':
      words = `expected ${oneOf(issue.values)}, got ${got}`;
      if (typeof issue.input === 'string') suggestion = nearestName(issue.input, issue.values.map(String));
      break;
    case 'too_small':
    case 'too_big': {
      const limit = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
      if (issue.origin === 'array') words = `expected a list with ${limit} entries, got ${got}`;
      else if (issue.origin === 'string') words = `expected text of ${limit} characters, got ${got}`;
      else words = `expected ${node ? expected(node) : `a number of ${limit}`}, got ${got}`;
      break;
    }
    case 'invalid_format':
      words = `${got} does not have the expected form`;
      break;
    default:
      return undefined;
  }
  if (suggestion !== undefined) return `${words}; did you mean ${suggestion}?`;
  const eg = exampleFor(root, path);
  return eg ? `${words}; ${eg}` : words;
}

/** One message per unknown key, with the nearest valid key or, when none is close, all of them. */
function unknownKeyProblems(root: SchemaNode, issue: z.core.$ZodIssueUnrecognizedKeys): Array<{ path: Path; message: string; meant?: string }> {
  const valid = Object.keys(nodesAlong(root, issue.path)[issue.path.length]?.properties ?? {});
  return issue.keys.map((key) => {
    const meant = nearestName(key, valid);
    const message = meant !== undefined ? `unknown key; did you mean ${meant}?` : `unknown key; valid keys here are ${valid.join(', ')}`;
    return { path: [...issue.path, key], message, meant };
  });
}

const startsWith = (path: Path, prefix: Path) => prefix.every((key, i) => path[i] === key);

/** The validated value, or every problem worded as `<file>: <path>: <message>`. */
export function validateDocument<S extends z.ZodType>(schema: S, document: unknown, file: string): { data: z.output<S> } | { problems: string[] } {
  const root = jsonSchemaOf(schema);
  const result = schema.safeParse(document, { error: (issue) => wordIssue(root, issue) });
  if (result.success) return { data: result.data };
  const problems: Array<{ path: Path; message: string }> = [];
  const explained: Path[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const unknown of unknownKeyProblems(root, issue)) {
        problems.push(unknown);
        // "did you mean enableWaf?" already explains why enableWaf is missing or at its default.
        const meantPath = unknown.meant === undefined ? undefined : [...issue.path, unknown.meant];
        if (meantPath && valueAt(document, meantPath) === undefined) explained.push(meantPath);
      }
    } else {
      // A record key's own message sits on the nested issue; zod's outer one says only "Invalid key".
      const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
      problems.push({ path: issue.path, message });
    }
  }
  return {
    problems: problems
      .filter((p) => !explained.some((e) => startsWith(p.path, e)))
      .map((p) => (p.path.length > 0 ? `${file}: ${p.path.map(String).join('.')}: ${p.message}` : `${file}: ${p.message}`)),
  };
}
