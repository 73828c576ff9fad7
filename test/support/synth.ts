/**
 * Synthesis helpers for tests: build constructs in a throw-away stack (with an AWS provider, as a
 * real stack has) and get the Terraform JSON back as an object to assert on.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack, Testing } from 'cdktf';
import type { Construct } from 'constructs';

/** The synthesized Terraform JSON of one stack. */
export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, any>>>;
  data?: Record<string, Record<string, Record<string, any>>>;
  output?: Record<string, Record<string, any>>;
  provider?: Record<string, Record<string, any>[]>;
  terraform?: Record<string, any>;
  locals?: Record<string, any>;
}

/** Synthesize `build` inside a fresh stack that has a default AWS provider (eu-west-1). */
export function synthConstructs(build: (stack: TerraformStack) => void): TerraformJson {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  build(stack);
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** Synthesize an existing stack. */
export function synthStack(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** Every resource of a type, keyed by logical id ({} when there are none). */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, any>> {
  return json.resource?.[type] ?? {};
}

/** The one resource of a type; fails when there is not exactly one. */
export function onlyResource(json: TerraformJson, type: string): Record<string, any> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** Data sources of a type, keyed by logical id. */
export function dataOf(json: TerraformJson, type: string): Record<string, Record<string, any>> {
  return json.data?.[type] ?? {};
}

/** An IAM policy JSON string from a synthesized attribute, parsed. */
export function parsePolicy(policy: string): { Statement: Array<Record<string, any>> } {
  return JSON.parse(policy);
}

export { App, Construct };
