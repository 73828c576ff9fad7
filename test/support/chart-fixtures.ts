/**
 * Pinned Helm charts' own values.yaml and values.schema.json, kept verbatim under
 * test/fixtures/charts/<chart>/<version>/ with a source.json naming the tag and commit they came
 * from. There is no helm binary in the tests: what an add-on sets is checked against these files
 * instead (every key exists in the chart's values.yaml, and the merged values validate against
 * the chart's schema), so a misspelt or renamed value fails here rather than being silently ignored
 * by Helm.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const FIXTURES = path.resolve(__dirname, '../fixtures/charts');

/** Where a fixture's files came from (source.json). */
export interface ChartFixtureSource {
  readonly chart: string;
  readonly version: string;
  readonly appVersion: string;
  readonly helmRepository: string;
  readonly tag: string;
  readonly commit: string;
  readonly files: Readonly<Record<string, string>>;
}

export interface ChartFixture {
  readonly source: ChartFixtureSource;
  /** The chart's values.yaml, parsed (its defaults). */
  readonly defaults: Record<string, unknown>;
  /** The chart's values.schema.json; undefined for a chart that ships none (karpenter). */
  readonly schema?: object;
}

/** The fixture of `chart` at `version`; a missing one names the folder to add. */
export function loadChartFixture(chart: string, version: string): ChartFixture {
  const dir = path.join(FIXTURES, chart, version);
  if (!existsSync(dir)) {
    throw new Error(`no values fixture for chart ${chart} ${version}: add its values.yaml, values.schema.json and source.json under ${path.relative(process.cwd(), dir)}`);
  }
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  return {
    source: JSON.parse(read('source.json')) as ChartFixtureSource,
    defaults: (parse(read('values.yaml')) ?? {}) as Record<string, unknown>,
    schema: existsSync(path.join(dir, 'values.schema.json')) ? (JSON.parse(read('values.schema.json')) as object) : undefined,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Dotted paths of `values` that the chart's values.yaml does not have. Below a key whose default
 * is an empty map (`annotations: {}`, `extraArgs: {}`, `resources: {}`) or a list, anything goes:
 * those hold free-form content the chart passes through.
 */
export function unknownValuePaths(values: unknown, defaults: unknown, at: readonly string[] = []): string[] {
  if (!isObject(values) || !isObject(defaults)) return [];
  if (Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const here = [...at, key];
    if (!(key in defaults)) return [here.join('.')];
    return unknownValuePaths(value, defaults[key], here);
  });
}

/** Helm's merge of user values over the chart defaults (maps merge key by key; anything else replaces; null deletes). */
export function mergeValues(defaults: unknown, values: unknown): unknown {
  if (!isObject(defaults) || !isObject(values)) return values === undefined ? defaults : values;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else merged[key] = mergeValues(defaults[key], value);
  }
  return merged;
}

/**
 * For a chart without a schema: dotted paths where `values` sets a different JSON type than the
 * chart's default (a string where values.yaml has a number, a map where it has a list). Defaults of
 * `null`/empty (`resources: {}`, `terminationGracePeriodSeconds:`) accept anything.
 */
export function typeMismatches(values: unknown, defaults: unknown, at: readonly string[] = []): string[] {
  const typeOf = (v: unknown) => (v === null || v === undefined ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (!isObject(values) || !isObject(defaults)) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const here = [...at, key];
    const fallback = defaults[key];
    if (typeOf(fallback) === 'null' || (isObject(fallback) && Object.keys(fallback).length === 0 && isObject(value))) return [];
    if (typeOf(value) !== typeOf(fallback)) return [`${here.join('.')}: ${typeOf(value)} where the chart has ${typeOf(fallback)}`];
    return typeMismatches(value, fallback, here);
  });
}

/** What the chart's schema says about the values Helm would render with (defaults merged), as `path message` lines. */
export function schemaErrors(fixture: ChartFixture, values: unknown): string[] {
  if (fixture.schema === undefined) throw new Error(`chart ${fixture.source.chart} ${fixture.source.version} ships no values.schema.json; check its values with unknownValuePaths and typeMismatches`);
  // strict: false: chart schemas carry annotations (`@schema` leftovers, `$comment`s) ajv's strict mode rejects.
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(fixture.schema);
  if (validate(mergeValues(fixture.defaults, values))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
}
