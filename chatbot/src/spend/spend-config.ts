/**
 * Settings of the daily token budget: one per environment, shared by all pods through a counter
 * in DynamoDB (spend-guard.ts, token-counter.ts: why DynamoDB, and the item's shape). Read by
 * config.ts, which passes the environment in.
 */
import { ConfigError, Env, httpUrl, integer, oneOf, optionalString } from '../config-values';

/** What the guard does while the shared counter cannot be read. */
export type SpendFailMode = 'open' | 'closed';

export interface SpendConfig {
  /** Tokens (input + output, as Bedrock reports them) all pods may use per UTC day (DAILY_TOKEN_BUDGET); 0 = no budget. */
  readonly dailyTokenBudget: number;
  /** The DynamoDB table holding one counter item per day (SPEND_TABLE); required with a budget. */
  readonly table?: string;
  /** The table's region (SPEND_REGION). @default AWS_REGION, else the SDK's region chain */
  readonly region?: string;
  /** Endpoint override (SPEND_ENDPOINT; tests use a loopback fake). @default the SDK's */
  readonly endpoint?: string;
  /** How long a pod trusts the day's total it last read before reading it again (SPEND_CACHE_MS). @default 5000 */
  readonly cacheMs: number;
  /** Give up on one DynamoDB request after this long (SPEND_TIMEOUT_MS); a read then counts as failed. @default 1000 */
  readonly timeoutMs: number;
  /** While the table cannot be read: `open` answers (bounded, see spend-guard.ts), `closed` refuses (SPEND_FAIL_MODE). @default open */
  readonly failMode: SpendFailMode;
}

/** DynamoDB's rule for table names. */
const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

export function loadSpendConfig(env: Env): SpendConfig {
  const budgetSet = optionalString(env, 'DAILY_TOKEN_BUDGET') !== undefined;
  const dailyTokenBudget = integer(env, 'DAILY_TOKEN_BUDGET', 0, 0);
  const table = optionalString(env, 'SPEND_TABLE');
  const common = {
    region: optionalString(env, 'SPEND_REGION') ?? optionalString(env, 'AWS_REGION') ?? optionalString(env, 'AWS_DEFAULT_REGION'),
    endpoint: httpUrl(env, 'SPEND_ENDPOINT'),
    cacheMs: integer(env, 'SPEND_CACHE_MS', 5000, 0, 300_000),
    timeoutMs: integer(env, 'SPEND_TIMEOUT_MS', 1000, 50, 30_000),
    failMode: oneOf<SpendFailMode>(env, 'SPEND_FAIL_MODE', ['open', 'closed'], 'open'),
  };
  if (dailyTokenBudget === 0) {
    // A table without any budget is most likely a forgotten DAILY_TOKEN_BUDGET; an explicit 0
    // is a deliberate "no budget here".
    if (table !== undefined && !budgetSet) {
      throw new ConfigError('DAILY_TOKEN_BUDGET', `is unset but SPEND_TABLE is set (${JSON.stringify(table)}): set the day's token budget, e.g. DAILY_TOKEN_BUDGET=2000000, or DAILY_TOKEN_BUDGET=0 to run without one`);
    }
    return { dailyTokenBudget, ...common };
  }
  if (table === undefined) {
    throw new ConfigError('SPEND_TABLE', 'is required when DAILY_TOKEN_BUDGET is set: name the DynamoDB table that counts the day\'s tokens across pods (partition key "pk", a string)');
  }
  if (!TABLE_NAME.test(table)) {
    throw new ConfigError('SPEND_TABLE', `must be a DynamoDB table name (3-255 letters, digits, _ . -; got ${JSON.stringify(table)})`);
  }
  return { dailyTokenBudget, table, ...common };
}
