/**
 * The ALB's public signing keys, fetched by key id from its regional key endpoint
 * (`https://public-keys.auth.elb.<region>.amazonaws.com/<kid>`, one PEM per key) and kept.
 *
 * A key id names one key forever, so a fetched key is kept without expiry, in a small LRU map
 * (the ALB rotates rarely; a handful of ids cover any overlap). The rest guards the key server
 * and us against a flood of made-up ids from anyone who reaches the pod without the ALB:
 * - only ids matching KEY_ID are ever put in a URL (the verifier checks before asking);
 * - one fetch per id at a time (concurrent requests share it);
 * - ids the server does not know (403/404) are remembered for a minute;
 * - fetches are rate limited overall, and each is bounded in time and size.
 * An unknown id is the token's fault (InvalidToken, a 401); a server that is down, slow or
 * answering garbage is ours (SigningKeyUnavailable, a 503), and is never remembered.
 */
import { KeyObject, createPublicKey } from 'node:crypto';
import { KEY_ID } from './alb-jwt';
import { InvalidToken, SigningKeyUnavailable } from './auth-errors';
import { TokenBuckets } from '../http/token-bucket';

/** Options of {@link AlbSigningKeys}. */
export interface AlbSigningKeysOptions {
  /** Base URL; the key id is appended as `/<kid>`. */
  readonly endpoint: string;
  /** Keys kept. @default 16 */
  readonly maxKeys?: number;
  /** How long a key id the server does not know is refused without asking again. @default 60000 */
  readonly unknownKeyTtlMs?: number;
  /** Give up on one fetch after this long. @default 3000 */
  readonly fetchTimeoutMs?: number;
  /** Fetches allowed at once, then per minute (all ids together). @default 10, 30 */
  readonly fetchBurst?: number;
  readonly fetchesPerMinute?: number;
  /** Milliseconds, monotonic. @default performance.now */
  readonly clock?: () => number;
}

const DEFAULTS = {
  maxKeys: 16,
  unknownKeyTtlMs: 60_000,
  fetchTimeoutMs: 3000,
  fetchBurst: 10,
  fetchesPerMinute: 30,
  clock: (): number => performance.now(),
};

/** A PEM public key is a few hundred bytes; anything much larger is not one. */
const MAX_KEY_BYTES = 8192;
const MAX_UNKNOWN_IDS = 1024;

export class AlbSigningKeys {
  private readonly options: Required<AlbSigningKeysOptions>;
  private readonly keys = new Map<string, KeyObject>();
  private readonly unknown = new Map<string, number>();
  private readonly fetching = new Map<string, Promise<KeyObject>>();
  private readonly fetchBudget: TokenBuckets;

  constructor(options: AlbSigningKeysOptions) {
    this.options = { ...DEFAULTS, ...options, endpoint: options.endpoint.replace(/\/+$/, '') };
    this.fetchBudget = new TokenBuckets({
      perMinute: this.options.fetchesPerMinute,
      burst: this.options.fetchBurst,
      clock: this.options.clock,
      maxKeys: 1,
    });
  }

  /** The key with id `kid`; rejects with InvalidToken (`bad_key_id`, `unknown_key`) or SigningKeyUnavailable. */
  get(kid: string): Promise<KeyObject> {
    if (!KEY_ID.test(kid)) return Promise.reject(new InvalidToken('bad_key_id', 'The sign-in token names no valid signing key id'));
    const key = this.keys.get(kid);
    if (key) {
      this.keys.delete(kid);
      this.keys.set(kid, key); // most recently used last
      return Promise.resolve(key);
    }
    const unknownUntil = this.unknown.get(kid);
    if (unknownUntil !== undefined && unknownUntil > this.options.clock()) return Promise.reject(unknownKey());
    let pending = this.fetching.get(kid);
    if (!pending) {
      if (!this.fetchBudget.take('all').allowed) {
        return Promise.reject(new SigningKeyUnavailable('Too many signing key look-ups right now; try again in a moment'));
      }
      pending = this.fetch(kid).finally(() => this.fetching.delete(kid));
      this.fetching.set(kid, pending);
    }
    return pending;
  }

  private async fetch(kid: string): Promise<KeyObject> {
    const url = `${this.options.endpoint}/${encodeURIComponent(kid)}`;
    let response: Response;
    let body: Uint8Array;
    try {
      response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(this.options.fetchTimeoutMs) });
      if (response.status === 403 || response.status === 404) {
        // S3-style key stores answer 403 for a key they do not hold.
        await response.body?.cancel();
        this.rememberUnknown(kid);
        throw unknownKey();
      }
      if (!response.ok) {
        await response.body?.cancel();
        throw new SigningKeyUnavailable(`The ALB key server answered ${response.status} for key ${kid}`);
      }
      body = await readAtMost(response, MAX_KEY_BYTES);
    } catch (err) {
      if (err instanceof InvalidToken || err instanceof SigningKeyUnavailable) throw err;
      throw new SigningKeyUnavailable(`The ALB key server could not be reached for key ${kid}: ${(err as Error).message}`, { cause: err });
    }
    const key = parseKey(body, kid);
    this.keys.set(kid, key);
    if (this.keys.size > this.options.maxKeys) this.keys.delete(this.keys.keys().next().value!);
    return key;
  }

  private rememberUnknown(kid: string): void {
    this.unknown.delete(kid);
    this.unknown.set(kid, this.options.clock() + this.options.unknownKeyTtlMs);
    if (this.unknown.size > MAX_UNKNOWN_IDS) this.unknown.delete(this.unknown.keys().next().value!);
  }
}

/** An EC P-256 public key in PEM (SPKI), as the ALB publishes it. */
function parseKey(body: Uint8Array, kid: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(body).toString('ascii'), format: 'pem' });
  } catch {
    throw new SigningKeyUnavailable(`The ALB key server's answer for key ${kid} is not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new SigningKeyUnavailable(`The ALB key server's key ${kid} is not an EC P-256 key`);
  }
  return key;
}

async function readAtMost(response: Response, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new SigningKeyUnavailable(`The ALB key server's answer is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function unknownKey(): InvalidToken {
  return new InvalidToken('unknown_key', 'The sign-in token\'s signing key is not one of the load balancer\'s');
}
