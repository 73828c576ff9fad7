/**
 * The daily token budget, shared by every pod of the environment: before a chat is answered the
 * guard checks the day's total in the shared counter (token-counter.ts), and after each answer it
 * adds the tokens Bedrock reported (input + output), or the route's estimate for an answer that
 * ended without a report (usage-estimate.ts). Once the total reaches DAILY_TOKEN_BUDGET,
 * chats are refused with `daily_budget_exhausted` until the next 00:00 UTC, without calling the
 * model.
 *
 * Reads are cached for SPEND_CACHE_MS (one strongly consistent GetItem per pod per period,
 * shared by concurrent requests), and every increment's answer (the new total) refreshes the
 * cache too. A day once seen exhausted stays exhausted: totals only grow. The budget is a soft
 * cap: answers already running when the total crosses it finish, and pods see the crossing up to
 * SPEND_CACHE_MS late, so a day can end a few answers over it.
 *
 * When the counter cannot be read (throttled beyond the SDK's retries, access denied, network):
 * - SPEND_FAIL_MODE=open (default): answer on the pod's last known total for the day plus what it
 *   has used since; a pod that sees its own estimate reach the budget still refuses. Chat stays
 *   up through a DynamoDB blip; the AWS Budgets alarm on Bedrock cost is the backstop.
 * - SPEND_FAIL_MODE=closed: refuse with 503 `spend_guard_unavailable` until a read works again,
 *   for environments where no unmetered token may be spent.
 * Either way the failure is logged at error level and retried after SPEND_CACHE_MS, not per
 * request. An increment that fails is kept and added to the next one of the same day, so a
 * DynamoDB error delays the count but does not lose it (the pod's own view includes it at once).
 */
import type { Logger } from '../logger';
import type { SpendConfig, SpendFailMode } from './spend-config';
import { BudgetExhausted, SpendGuardUnavailable } from './spend-errors';
import { DynamoDbTokenCounter, RETENTION_DAYS, TokenCounter, TokenDelta } from './token-counter';
import { nextUtcMidnight, utcDay } from './utc-day';
import type { TokenUsage } from '../providers/chat-provider';

export interface SpendGuardOptions {
  /** Tokens all pods may use per UTC day (> 0). */
  readonly dailyTokenBudget: number;
  readonly counter: TokenCounter;
  readonly cacheMs: number;
  readonly failMode: SpendFailMode;
  /** Give up on a read after this long (then as a failed read). */
  readonly readTimeoutMs: number;
  readonly logger: Logger;
  /** Wall clock, milliseconds since the epoch: which UTC day it is. @default Date.now */
  readonly now?: () => number;
  /** Monotonic milliseconds: the cache's age. @default performance.now */
  readonly clock?: () => number;
}

/** The pod's view of one day's total. */
interface Known {
  readonly day: string;
  /** The counter's total plus this pod's tokens not yet confirmed written. */
  tokens: number;
  /** When it was last read or confirmed (monotonic). */
  at: number;
  /** The last read failed (the total is this pod's estimate). */
  failed: boolean;
}

const NO_DELTA: TokenDelta = { inputTokens: 0, outputTokens: 0, answers: 0 };

export class SpendGuard {
  private readonly now: () => number;
  private readonly clock: () => number;
  private known?: Known;
  private reading?: { readonly day: string; readonly total: Promise<number> };
  /** Tokens this pod recorded but the counter has not confirmed, per day (in flight or failed). */
  private readonly unconfirmed = new Map<string, number>();
  /** Increments that failed, per day, added to the next increment of that day. */
  private readonly carried = new Map<string, TokenDelta>();
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly options: SpendGuardOptions) {
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? (() => performance.now());
  }

  get dailyTokenBudget(): number {
    return this.options.dailyTokenBudget;
  }

  /**
   * Resolves when a chat may call the model; rejects with BudgetExhausted once the day's budget
   * is used up, or SpendGuardUnavailable (fail-closed only) when the total cannot be known.
   */
  async check(): Promise<void> {
    const now = this.now();
    const total = await this.total(utcDay(now));
    if (total >= this.options.dailyTokenBudget) {
      const resetAt = nextUtcMidnight(now);
      throw new BudgetExhausted(resetAt, Math.max(1, Math.ceil((resetAt.getTime() - now) / 1000)));
    }
  }

  /** Counts an answer's tokens (never throws, never delays the answer). */
  record(usage: TokenUsage): void {
    const inputTokens = wholeTokens(usage.inputTokens);
    const outputTokens = wholeTokens(usage.outputTokens);
    const tokens = inputTokens + outputTokens;
    if (tokens === 0) return;
    const day = utcDay(this.now());
    if (this.known?.day === day) this.known.tokens += tokens;
    this.unconfirmed.set(day, (this.unconfirmed.get(day) ?? 0) + tokens);
    this.increment(day, { inputTokens, outputTokens, answers: 1 });
  }

  /** Resolves once the increments started so far have ended (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }

  /** Waits up to `timeoutMs` for open increments, then releases the counter's connections. */
  async close(timeoutMs = 2000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.settled(), new Promise((resolve) => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
    const lost = [...this.carried.entries()].map(([day, delta]) => ({ day, tokens: delta.inputTokens + delta.outputTokens }));
    if (lost.length > 0) this.options.logger.error({ lost }, 'spend guard: tokens never counted in the shared counter (it failed until shutdown)');
    this.options.counter.close();
  }

  /** Reads the day's total once at start, so a misconfigured table shows in the log at once. */
  async warmUp(): Promise<void> {
    try {
      const total = await this.total(utcDay(this.now()));
      if (!this.known?.failed) this.options.logger.info({ tokens: total, dailyTokenBudget: this.options.dailyTokenBudget }, 'spend guard: today\'s token total read');
    } catch {
      // Logged by the read; a fail-closed guard refuses chats until it can read.
    }
  }

  private async total(day: string): Promise<number> {
    const known = this.known?.day === day ? this.known : undefined;
    if (known && !known.failed && known.tokens >= this.options.dailyTokenBudget) return known.tokens;
    if (known && this.clock() - known.at < this.options.cacheMs) {
      if (known.failed && this.options.failMode === 'closed') throw new SpendGuardUnavailable();
      return known.tokens;
    }
    if (this.reading?.day !== day) {
      const total = this.read(day).finally(() => {
        if (this.reading?.total === total) this.reading = undefined;
      });
      this.reading = { day, total };
    }
    return this.reading.total;
  }

  private async read(day: string): Promise<number> {
    let stored: number;
    try {
      stored = await this.options.counter.read(day, AbortSignal.timeout(this.options.readTimeoutMs));
    } catch (err) {
      const estimate = this.known?.day === day ? this.known.tokens : this.unconfirmed.get(day) ?? 0;
      this.known = { day, tokens: estimate, at: this.clock(), failed: true };
      this.options.logger.error(
        { err: describeError(err), failMode: this.options.failMode, estimate },
        this.options.failMode === 'open'
          ? 'spend guard: cannot read the day\'s token total; answering on this pod\'s estimate (SPEND_FAIL_MODE=open)'
          : 'spend guard: cannot read the day\'s token total; refusing chats (SPEND_FAIL_MODE=closed)',
      );
      if (this.options.failMode === 'closed') throw new SpendGuardUnavailable();
      return estimate;
    }
    const tokens = stored + (this.unconfirmed.get(day) ?? 0);
    this.known = { day, tokens, at: this.clock(), failed: false };
    // An increment that failed earlier gets another chance now that the counter answers.
    if (this.carried.has(day)) this.increment(day, NO_DELTA);
    return tokens;
  }

  private increment(day: string, delta: TokenDelta): void {
    for (const [carriedDay, lost] of this.carried) {
      if (carriedDay === day) continue;
      // A past day's count no longer gates anything; say what the counter missed, once.
      this.carried.delete(carriedDay);
      this.unconfirmed.delete(carriedDay);
      this.options.logger.error({ day: carriedDay, tokens: lost.inputTokens + lost.outputTokens }, 'spend guard: tokens of a past day were never counted in the shared counter');
    }
    const total = sum(delta, this.carried.get(day) ?? NO_DELTA);
    this.carried.delete(day);
    const tokens = total.inputTokens + total.outputTokens;
    const expiresAt = Math.floor(nextUtcMidnight(Date.parse(`${day}T00:00:00Z`)).getTime() / 1000) + RETENTION_DAYS * 86_400;
    const write = this.options.counter.add(day, total, expiresAt).then(
      (counted) => {
        const left = (this.unconfirmed.get(day) ?? 0) - tokens;
        if (left > 0) this.unconfirmed.set(day, left);
        else this.unconfirmed.delete(day);
        // The counter's answer is the freshest total there is, all pods included.
        if (this.known === undefined || this.known.day <= day) {
          this.known = { day, tokens: counted + Math.max(0, left), at: this.clock(), failed: false };
        }
      },
      (err: unknown) => {
        this.carried.set(day, sum(this.carried.get(day) ?? NO_DELTA, total));
        this.options.logger.error({ err: describeError(err), day, tokens }, 'spend guard: cannot add tokens to the shared counter; keeping them for the next increment');
      },
    ).finally(() => this.writes.delete(write));
    this.writes.add(write);
  }
}

/** A guard from the configuration, or undefined when no budget is set (DAILY_TOKEN_BUDGET=0). */
export function createSpendGuard(config: SpendConfig, logger: Logger, overrides: Partial<SpendGuardOptions> = {}): SpendGuard | undefined {
  if (config.dailyTokenBudget === 0 || config.table === undefined) return undefined;
  return new SpendGuard({
    dailyTokenBudget: config.dailyTokenBudget,
    counter: new DynamoDbTokenCounter({ table: config.table, region: config.region, endpoint: config.endpoint, timeoutMs: config.timeoutMs }),
    cacheMs: config.cacheMs,
    failMode: config.failMode,
    readTimeoutMs: config.timeoutMs,
    logger,
    ...overrides,
  });
}

function sum(a: TokenDelta, b: TokenDelta): TokenDelta {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens, answers: a.answers + b.answers };
}

function wholeTokens(value: number): number {
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 0;
}

/** The error's name and message (SDK errors carry request metadata that is noise in a log line). */
function describeError(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}
