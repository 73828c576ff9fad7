/**
 * The contract of the policy suite: a rule looks at the synthesized Terraform JSON of one stack and
 * returns what it finds wrong. Rules never throw on odd input; they report it.
 */
import type { EnvironmentConfig } from '../../modules/shared/environment-config';
import type { TerraformJson } from '../support/synth';

/** What kind of stack a rule is looking at: some rules only make sense for one kind. */
export type StackKind = 'bootstrap' | 'platform' | 'other';

export interface StackUnderTest {
  /** Stack name, e.g. `platform-dev`. */
  readonly name: string;
  readonly json: TerraformJson;
  /** Whether the stack serves a production environment (stricter rules apply). */
  readonly production: boolean;
  readonly kind: StackKind;
  /** The environment a platform stack was built from, where a rule must tell configured from accidental. */
  readonly environment?: EnvironmentConfig;
}

export interface Violation {
  /** Id of the rule that found it. */
  readonly rule: string;
  /** Terraform address of the offending block, e.g. `aws_s3_bucket.site_bucket_1A2B` or `provider.aws`. */
  readonly resource: string;
  /** What is wrong, naming the resource address. */
  readonly message: string;
}

export interface PolicyRule {
  /** Short kebab-case id, e.g. `s3-public-access-blocked`. */
  readonly id: string;
  readonly description: string;
  check(stack: StackUnderTest): Violation[];
}

/** A violation of `rule` at `resource`; the message is prefixed with the address so it always names it. */
export function violation(rule: string, resource: string, problem: string): Violation {
  return { rule, resource, message: `${resource}: ${problem}` };
}
