/**
 * Scrubs clear text before it is rendered: every exact occurrence of a sensitive value found anywhere
 * in the plans (Terraform's own marking is applied structurally, in value-display.ts; this catches
 * copies of those values in places Terraform did not mark, such as error logs), then every match of
 * the caller's `extraMasks`. Applied to raw strings, before JSON quoting or Markdown escaping, so an
 * escaped form cannot slip past it.
 */
import type { StackPlanInput } from './types';
import { collectMarkedStrings } from './value-marks';

/** Shown instead of a value Terraform marked sensitive. */
export const SENSITIVE_TEXT = '(sensitive value)';
/** Shown instead of scrubbed text (a known secret, or an `extraMasks` match). */
export const MASKED_TEXT = '(masked)';
/** Sensitive strings shorter than this are not scrubbed elsewhere: too many false hits (`true`, `5432`). */
export const MIN_SCRUBBED_SECRET_LENGTH = 6;

// Rabin-Karp over a fixed window: one pass per string however many secrets there are, so scrubbing
// stays linear (a regex alternation of thousands of literals is not). Arithmetic stays below 2^53.
const WINDOW = MIN_SCRUBBED_SECRET_LENGTH;
const BASE = 65_599;
const MODULUS = 2_147_483_647;

function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + WINDOW; i++) hash = (hash * BASE + text.charCodeAt(i)) % MODULUS;
  return hash;
}

export class Redactor {
  /**
   * Collects the sensitive strings of every stack's plan: marked values in changes, drift, deferred
   * changes and outputs, and the values of root variables declared `sensitive` (the plan's
   * `variables` holds them in clear; they are never rendered, but may be copied into a plain attribute).
   */
  public static forStacks(stacks: readonly StackPlanInput[], extraMasks: readonly RegExp[] = []): Redactor {
    const secrets = new Set<string>();
    for (const { plan } of stacks) {
      if (!plan) continue;
      const deferred = (plan.deferred_changes ?? []).map((d) => d.resource_change);
      const changes = [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? []), ...deferred];
      for (const { change } of changes) {
        if (!change) continue;
        collectMarkedStrings(change.before, change.before_sensitive, MIN_SCRUBBED_SECRET_LENGTH, secrets);
        collectMarkedStrings(change.after, change.after_sensitive, MIN_SCRUBBED_SECRET_LENGTH, secrets);
      }
      for (const [name, declaration] of Object.entries(plan.configuration?.root_module?.variables ?? {})) {
        if (declaration?.sensitive === true) collectMarkedStrings(plan.variables?.[name]?.value, true, MIN_SCRUBBED_SECRET_LENGTH, secrets);
      }
      for (const change of Object.values(plan.output_changes ?? {})) {
        collectMarkedStrings(change.before, change.before_sensitive, MIN_SCRUBBED_SECRET_LENGTH, secrets);
        collectMarkedStrings(change.after, change.after_sensitive, MIN_SCRUBBED_SECRET_LENGTH, secrets);
      }
    }
    return new Redactor(secrets, extraMasks);
  }

  private readonly secretsByHash = new Map<number, string[]>();
  private readonly leadingPower: number;
  private readonly masks: readonly RegExp[];

  constructor(secrets: Iterable<string>, extraMasks: readonly RegExp[] = []) {
    for (const secret of secrets) {
      if (secret.length < WINDOW) continue;
      const hash = windowHash(secret, 0);
      const bucket = this.secretsByHash.get(hash) ?? [];
      bucket.push(secret);
      this.secretsByHash.set(hash, bucket);
    }
    // Longest first, so a secret that contains another is masked whole.
    for (const bucket of this.secretsByHash.values()) bucket.sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    let power = 1;
    for (let i = 1; i < WINDOW; i++) power = (power * BASE) % MODULUS;
    this.leadingPower = power;
    // Copies with the global flag (and without sticky, which would stop at the first miss).
    this.masks = extraMasks.map((mask) => new RegExp(mask.source, `${mask.flags.replace(/[gy]/g, '')}g`));
  }

  /** The text with known secrets and `extraMasks` matches replaced by `(masked)`. */
  public text(value: string): string {
    let result = this.scrubSecrets(value);
    for (const mask of this.masks) {
      // An empty match (a pattern like /x*/) masks nothing; replacing it would litter the text.
      result = result.replace(mask, (match) => (match === '' ? match : MASKED_TEXT));
    }
    return result;
  }

  private scrubSecrets(value: string): string {
    if (this.secretsByHash.size === 0 || value.length < WINDOW) return value;
    let hash = windowHash(value, 0);
    let output = '';
    let copiedUpTo = 0;
    // The masked range being grown: overlapping or adjacent secrets merge into one, so no tail shows.
    let rangeStart = -1;
    let rangeEnd = -1;
    for (let start = 0; ; start++) {
      const bucket = this.secretsByHash.get(hash);
      const secret = bucket?.find((candidate) => value.startsWith(candidate, start));
      if (secret !== undefined) {
        const end = start + secret.length;
        if (rangeStart >= 0 && start <= rangeEnd) {
          rangeEnd = Math.max(rangeEnd, end);
        } else {
          if (rangeStart >= 0) output += value.slice(copiedUpTo, rangeStart) + MASKED_TEXT;
          copiedUpTo = rangeStart >= 0 ? rangeEnd : 0;
          rangeStart = start;
          rangeEnd = end;
        }
      }
      const next = start + WINDOW;
      if (next >= value.length) break;
      hash = (hash - ((value.charCodeAt(start) * this.leadingPower) % MODULUS) + MODULUS) % MODULUS;
      hash = (hash * BASE + value.charCodeAt(next)) % MODULUS;
    }
    if (rangeStart < 0) return value;
    return output + value.slice(copiedUpTo, rangeStart) + MASKED_TEXT + value.slice(rangeEnd);
  }
}
