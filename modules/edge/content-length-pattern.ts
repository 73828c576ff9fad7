/**
 * A regular expression matching the decimal numbers above a limit. AWS WAF compares strings and
 * lengths, not numbers, and behind an ALB it inspects only the first 8 KiB of a body, so the
 * chat's body limit (64 KiB by default) is enforced on the `content-length` header instead: a
 * request announcing more than the limit matches this pattern and is blocked before the chatbot
 * reads a byte (the chatbot still answers 413 to a chunked body over its BODY_LIMIT_BYTES).
 */

/** AWS WAF's limit on a regex_match_statement's regex_string. */
export const WAF_REGEX_MAX_LENGTH = 200;

/**
 * `^0*(<more digits>|<same digits, larger>)$` for `limit`: every number above `limit` (with or
 * without leading zeros) matches, `limit` and below do not. Only capturing groups and character
 * classes, which WAF's regex engine supports.
 */
export function numberAbovePattern(limit: number): string {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`numberAbovePattern: limit must be a whole number of at least 0, got ${limit}`);
  const digits = String(limit);
  const width = digits.length;
  const count = (n: number) => (n === 0 ? '' : n === 1 ? '[0-9]' : `[0-9]{${n}}`);
  // More digits than the limit (no leading zero: those are stripped by `0*`).
  const alternatives = [`[1-9][0-9]{${width},}`];
  // Same number of digits: equal up to position i, larger at i, anything after.
  for (let i = 0; i < width; i++) {
    const d = Number(digits[i]);
    if (d === 9) continue;
    const larger = d + 1 === 9 ? '9' : `[${d + 1}-9]`;
    alternatives.push(`${digits.slice(0, i)}${larger}${count(width - i - 1)}`);
  }
  const pattern = `^0*(${alternatives.join('|')})$`;
  if (pattern.length > WAF_REGEX_MAX_LENGTH) {
    throw new Error(`numberAbovePattern: the pattern for ${limit} is ${pattern.length} characters, over WAF's ${WAF_REGEX_MAX_LENGTH}`);
  }
  return pattern;
}
