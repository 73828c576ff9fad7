/**
 * Random request bodies for the fuzz test: raw bytes, random JSON, near-valid chat bodies with
 * one part broken, huge numbers, deep nesting and awkward Unicode. Seeded, so a failure replays.
 */

export type Random = () => number;

/** Park-Miller "minimal standard" generator: tiny, seeded, no bitwise tricks. */
export function seededRandom(seed: number): Random {
  let state = (Math.abs(Math.floor(seed)) % 2147483646) + 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return (state - 1) / 2147483646;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, max: number): number => Math.floor(random() * max);

const AWKWARD_STRINGS = [
  '', ' ', 'user', 'assistant', 'system', '\u0000', '\ud83d\ude00', '\u202e\u0041', 'é'.normalize('NFD'),
  '<script>alert(1)</script>', '"\\', '𝕏'.repeat(50), '\ufeff', 'a'.repeat(9000), '__proto__', 'constructor',
];
const NUMBERS = ['1e999', '-1e999', '123456789012345678901234567890', '-0', '0.0000000000000000000001', '9007199254740993'];

function randomString(random: Random): string {
  if (random() < 0.5) return pick(random, AWKWARD_STRINGS);
  return Array.from({ length: int(random, 40) }, () => String.fromCodePoint(pick(random, [int(random, 0x80), int(random, 0xd7ff), 0x10000 + int(random, 0xfffff)]))).join('');
}

function randomJson(random: Random, depth: number): unknown {
  const kind = depth > 4 ? int(random, 4) : int(random, 6);
  switch (kind) {
    case 0: return null;
    case 1: return random() < 0.5;
    case 2: return random() < 0.5 ? int(random, 1e6) - 5e5 : random() * 1e300;
    case 3: return randomString(random);
    case 4: return Array.from({ length: int(random, 5) }, () => randomJson(random, depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(random, 4) }, () => [pick(random, ['messages', 'model', 'role', 'content', randomString(random)]), randomJson(random, depth + 1)]));
  }
}

/** A valid chat body with one part replaced by random JSON. */
function brokenChatBody(random: Random): unknown {
  const messages: Record<string, unknown>[] = [{ role: 'user', content: randomString(random) || 'hi' }];
  if (random() < 0.3) messages.unshift({ role: 'assistant', content: 'earlier answer' }, { role: 'user', content: 'earlier question' });
  const body: Record<string, unknown> = { messages };
  switch (int(random, 7)) {
    case 0: messages[messages.length - 1]!.role = randomJson(random, 3); break;
    case 1: messages[messages.length - 1]!.content = randomJson(random, 3); break;
    case 2: body.model = randomJson(random, 3); break;
    case 3: body.messages = randomJson(random, 3); break;
    case 4: messages.push(randomJson(random, 3) as Record<string, unknown>); break;
    default: break; // left valid: the fuzz also exercises successful answers
  }
  return body;
}

/** One random body: a string or bytes to send as they are. */
export function randomBody(random: Random): string | Uint8Array {
  switch (int(random, 8)) {
    case 0: return Uint8Array.from({ length: int(random, 2000) }, () => int(random, 256));
    case 1: return JSON.stringify(randomJson(random, 0));
    case 2: {
      const depth = 1 + int(random, 20000);
      return random() < 0.5 ? '['.repeat(depth) + ']'.repeat(depth) : '{"messages":'.repeat(depth);
    }
    case 3: return `{"messages":[{"role":"user","content":"x"}],"model":${pick(random, NUMBERS)}}`;
    case 4: {
      // A valid body cut or corrupted at a random point.
      const text = JSON.stringify(brokenChatBody(random));
      const at = int(random, text.length);
      return random() < 0.5 ? text.slice(0, at) : text.slice(0, at) + String.fromCharCode(int(random, 128)) + text.slice(at + 1);
    }
    default: return JSON.stringify(brokenChatBody(random));
  }
}
