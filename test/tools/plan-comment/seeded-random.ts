/**
 * A seeded pseudo-random generator (Park–Miller "minimal standard" LCG), so generated plans and
 * property tests are the same on every run. Arithmetic, not bit operations: the products stay
 * below 2^53, so doubles are exact.
 */
const MODULUS = 2_147_483_647;
const MULTIPLIER = 48_271;

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    const start = Math.abs(Math.floor(seed)) % MODULUS;
    this.state = start === 0 ? 1 : start;
  }

  /** A float in [0, 1). */
  public next(): number {
    this.state = (this.state * MULTIPLIER) % MODULUS;
    return (this.state - 1) / (MODULUS - 1);
  }

  /** An integer in [min, max]. */
  public int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  public pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }

  /** True with probability `p`. */
  public chance(p: number): boolean {
    return this.next() < p;
  }

  /** A string of `length` characters drawn from `alphabet` (an array, so astral characters stay whole). */
  public text(length: number, alphabet: readonly string[]): string {
    let text = '';
    for (let i = 0; i < length; i++) text += this.pick(alphabet);
    return text;
  }
}
