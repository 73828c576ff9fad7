/**
 * Finds where a JSON text goes wrong, for a 400 that says `at position 12` whatever the input.
 * V8's own messages only sometimes carry a position and otherwise quote the input back; this
 * scanner (called only after JSON.parse failed) walks the grammar without recursion, so deeply
 * nested junk cannot overflow the stack.
 */

/** Where and why a JSON text is invalid. */
export interface JsonSyntaxProblem {
  /** Offset in UTF-16 code units from the start of the text. */
  readonly position: number;
  /** e.g. `unexpected "}", expected a value`. */
  readonly reason: string;
}

type State = 'value' | 'valueOrClose' | 'keyOrClose' | 'key' | 'colon' | 'after';

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxProblem | undefined {
  const closers: string[] = [];
  let i = 0;
  let state: State = 'value';
  const fail = (expected: string): JsonSyntaxProblem => ({
    position: i,
    reason: i >= text.length ? `unexpected end of input, expected ${expected}` : `unexpected ${show(text[i]!)}, expected ${expected}`,
  });
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    const c = text[i];
    if (state === 'after') {
      if (closers.length === 0) return c === undefined ? undefined : fail('end of input');
      const closer = closers[closers.length - 1]!;
      if (c === closer) {
        closers.pop();
        i++;
      } else if (c === ',') {
        state = closer === '}' ? 'key' : 'value';
        i++;
      } else {
        return fail(`"," or "${closer}"`);
      }
      continue;
    }
    if ((state === 'valueOrClose' && c === ']') || (state === 'keyOrClose' && c === '}')) {
      closers.pop();
      i++;
      state = 'after';
      continue;
    }
    if (state === 'colon') {
      if (c !== ':') return fail('":"');
      i++;
      state = 'value';
      continue;
    }
    if (state === 'key' || state === 'keyOrClose') {
      if (c !== '"') return fail('a property name in double quotes');
      const end = scanString(text, i);
      if (typeof end !== 'number') return end;
      i = end;
      state = 'colon';
      continue;
    }
    // state is 'value' or 'valueOrClose'
    if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      i++;
      state = c === '{' ? 'keyOrClose' : 'valueOrClose';
      continue;
    }
    const end = c === '"' ? scanString(text, i) : c === '-' || isDigit(c) ? scanNumber(text, i) : scanLiteral(text, i);
    if (end === undefined) return fail('a value');
    if (typeof end !== 'number') return end;
    i = end;
    state = 'after';
  }
}

/** End offset of the string starting at `start` (a `"`), or the problem inside it. */
function scanString(text: string, start: number): number | JsonSyntaxProblem {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c < ' ') return { position: i, reason: 'control character in a string (escape it, e.g. \\n)' };
    if (c === '\\') {
      const escape = text[i + 1];
      if (escape === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { position: i, reason: 'bad \\u escape (needs 4 hex digits)' };
        i += 6;
        continue;
      }
      if (escape === undefined || !'"\\/bfnrt'.includes(escape)) return { position: i, reason: 'bad escape in a string' };
      i += 2;
      continue;
    }
    i++;
  }
  return { position: text.length, reason: 'unterminated string' };
}

/** End offset of the number at `start`, or the problem in it. */
function scanNumber(text: string, start: number): number | JsonSyntaxProblem {
  const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(start, start + 1000));
  if (!match) return { position: start, reason: 'bad number' };
  const end = start + match[0].length;
  // `01`, `1.` or `1e` leave a digit, dot or exponent that the pattern could not take.
  if (/[\d.eE+-]/.test(text[end] ?? '')) return { position: end, reason: 'bad number' };
  return end;
}

/** End offset of `true`/`false`/`null` at `start`, or undefined when none starts there. */
function scanLiteral(text: string, start: number): number | JsonSyntaxProblem | undefined {
  for (const literal of ['true', 'false', 'null']) {
    if (text[start] !== literal[0]) continue;
    for (let k = 1; k < literal.length; k++) {
      if (text[start + k] !== literal[k]) return { position: start + k, reason: `unexpected ${text[start + k] === undefined ? 'end of input' : show(text[start + k]!)} in ${literal}` };
    }
    return start + literal.length;
  }
  return undefined;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** A character as the message shows it: printable ones quoted, others as U+XXXX. */
function show(c: string): string {
  const code = c.codePointAt(0)!;
  return code >= 0x20 && code < 0x7f ? JSON.stringify(c) : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
