/** Small hand-written Terraform JSON snippets for the rule tests. */
import type { TerraformJson } from '../../support/synth';
import type { PolicyRule, StackUnderTest } from '../policy-rule';

/** One violating and one compliant snippet of a rule. */
export interface RuleCase {
  readonly rule: PolicyRule;
  /** What the violating snippet gets wrong, e.g. "an Allow of s3:*". */
  readonly violates: string;
  readonly violating: StackUnderTest;
  /** The address the violation must name. */
  readonly address: string;
  /** What the compliant snippet does right. */
  readonly complies: string;
  readonly compliant: StackUnderTest;
}

/** A stack for a snippet: a non-production platform stack unless told otherwise. */
export function stackOf(json: TerraformJson, overrides: Partial<Omit<StackUnderTest, 'json'>> = {}): StackUnderTest {
  return { name: 'platform-dev', production: false, kind: 'platform', ...overrides, json };
}

/** A snippet holding one resource. */
export function resource(type: string, id: string, attrs: Record<string, any>): TerraformJson {
  return { resource: { [type]: { [id]: attrs } } };
}

/** Merge snippets (resources of the same type are combined; later top-level blocks win). */
export function merge(...parts: TerraformJson[]): TerraformJson {
  const out: TerraformJson = { resource: {} };
  for (const part of parts) {
    for (const [type, byId] of Object.entries(part.resource ?? {})) out.resource![type] = { ...(out.resource![type] ?? {}), ...byId };
    if (part.provider) out.provider = part.provider;
    if (part.terraform) out.terraform = part.terraform;
    if (part.data) out.data = part.data;
  }
  return out;
}

/** A policy document as the AWS provider takes it. */
export function policy(...statements: Array<Record<string, unknown>>): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
