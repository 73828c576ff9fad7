/**
 * Token buckets per key (client address): `burst` requests at once, refilled at `perMinute`.
 * The map is bounded (least recently used keys go first) so a flood of spoofed or rotating
 * addresses cannot grow memory without limit; a forgotten key simply starts with a full bucket.
 */

/** Options of {@link TokenBuckets}. */
export interface TokenBucketOptions {
  /** Sustained rate per key. */
  readonly perMinute: number;
  /** Bucket size: requests allowed at once. */
  readonly burst: number;
  /** Milliseconds, monotonic. @default performance.now */
  readonly clock?: () => number;
  /** Most keys remembered. @default 100000 */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** The outcome of {@link TokenBuckets.take}: allowed, or the seconds to wait. */
export type TakeResult = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly clock: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: TokenBucketOptions) {
    this.perMs = options.perMinute / 60000;
    this.clock = options.clock ?? (() => performance.now());
    this.maxKeys = options.maxKeys ?? 100000;
  }

  /** Takes one token from `key`'s bucket if there is one. */
  take(key: string): TakeResult {
    const now = this.clock();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, updatedAt: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    // Re-inserting keeps the Map in least-recently-used order for eviction.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }
}
