/**
 * A model class (the shape test/gitops/model-registry.ts expects) built from a CustomResourceDefinition
 * kept as a fixture, for CRDs that have no kubernetes-models package at the pinned version
 * (Karpenter's). The CRD's `openAPIV3Schema` is compiled with ajv the way the API server reads it,
 * stricter in one respect: a field the schema does not declare is an error (the API server would
 * prune it silently, so a misspelt field would simply not apply). Objects marked
 * `x-kubernetes-preserve-unknown-fields` and maps (`additionalProperties`) stay open.
 *
 * Not checked here: `x-kubernetes-validations` (CEL rules). The tests that use these models assert
 * the rules that matter for this repository's objects directly (test/gitops/karpenter.test.ts).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

export const CRD_FIXTURES = path.resolve(__dirname, '../fixtures');

type SchemaNode = Record<string, unknown>;

const isObject = (v: unknown): v is SchemaNode => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy of `node` where every object schema that lists `properties` refuses other properties. */
export function closeSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeSchema);
  if (!isObject(node)) return node;
  const closed: SchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps field names to schemas: close each schema, never the map itself.
    closed[key] = key === 'properties' && isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeSchema(v)])) : closeSchema(value);
  }
  if (isObject(node.properties) && node.additionalProperties === undefined && node['x-kubernetes-preserve-unknown-fields'] !== true) {
    closed.additionalProperties = false;
  }
  return closed;
}

/** The `openAPIV3Schema` of `version` in the CRD file (relative to test/fixtures). */
export function crdSchema(file: string, version: string): SchemaNode {
  const crd = parse(readFileSync(path.join(CRD_FIXTURES, file), 'utf8')) as { spec?: { versions?: Array<{ name: string; schema?: { openAPIV3Schema?: SchemaNode } }> } };
  const found = crd.spec?.versions?.find((v) => v.name === version)?.schema?.openAPIV3Schema;
  if (!found) throw new Error(`${file} has no version ${version} with an openAPIV3Schema`);
  return found;
}

/** Raised by `validate()`: carries ajv's errors, which model-registry.ts formats like kubernetes-models'. */
export class CrdValidationError extends Error {
  constructor(readonly errors: ErrorObject[]) {
    super(errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; '));
    this.name = 'CrdValidationError';
  }
}

/** A model class validating `data` against the CRD (`file`, relative to test/fixtures) at `version` (model-registry.ts's `ModelClass`). */
export function crdModel(file: string, version: string): new (data?: unknown) => { validate(): void } {
  // Formats (int32, int64, date-time) are not checked, as kubernetes-models does not either.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  const validate: ValidateFunction = ajv.compile(closeSchema(crdSchema(file, version)) as object);
  return class CrdObject {
    constructor(readonly data: unknown) {}

    validate(): void {
      if (validate(this.data)) return;
      // Name the unknown field: "/spec must NOT have additional properties" alone does not say which.
      const errors = (validate.errors ?? []).map((e) =>
        e.keyword === 'additionalProperties' ? { ...e, message: `has unknown field "${String(e.params.additionalProperty)}"` } : e,
      );
      throw new CrdValidationError(errors);
    }
  };
}
