/**
 * The shared counter behind the daily token budget: one DynamoDB item per UTC day in the
 * environment's table, `pk = "tokens#YYYY-MM-DD"`, whose `tokens` attribute every pod increments
 * with the usage Bedrock reports for each answer.
 *
 * Why DynamoDB (and not Redis, a database row or CloudWatch metrics):
 * - `UpdateItem` with `ADD` is an atomic increment on the server: pods never read-modify-write,
 *   so concurrent answers on any number of pods can neither lose nor double an increment, and the
 *   same call returns the new total (`ReturnValues: UPDATED_NEW`), which refreshes the pod's view
 *   of the day for free;
 * - it is serverless: nothing to run, patch or back up in the cluster (no Redis StatefulSet, no
 *   RDS), and an on-demand table that is idle most of the day costs cents per month;
 * - access is plain IAM through the pod's Pod Identity role, scoped to one table and two actions
 *   (`dynamodb:GetItem`, `dynamodb:UpdateItem`); no password to keep in a Secret;
 * - the item's `expiresAt` attribute (epoch seconds) is the table's TTL attribute, so old days
 *   delete themselves without a clean-up job;
 * - CloudWatch metrics are eventually consistent by minutes and cannot be incremented atomically;
 *   they suit the alarm (the AWS Budgets budget on Bedrock cost is the slow backstop), not a gate.
 *
 * Item: `pk` (S, the table's only key), `tokens` (N, input + output), `inputTokens`,
 * `outputTokens`, `answers` (N), `expiresAt` (N, TTL: RETENTION_DAYS after the day ends).
 */
import {
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
  type DynamoDBClientConfig,
} from '@aws-sdk/client-dynamodb';

/** The partition key attribute of the table (a string). */
export const PARTITION_KEY = 'pk';
/** The table's TTL attribute: epoch seconds after which DynamoDB deletes the day's item. */
export const TTL_ATTRIBUTE = 'expiresAt';
/** Days an item is kept after its day ended, for looking back (cost reviews, incidents). */
export const RETENTION_DAYS = 35;

/** What one or more answers used. */
export interface TokenDelta {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly answers: number;
}

/** The counter the spend guard reads and increments (DynamoDB in production). */
export interface TokenCounter {
  /** The day's total so far (0 when nothing was counted yet). */
  read(day: string, signal: AbortSignal): Promise<number>;
  /** Adds `delta` to the day atomically; resolves with the day's new total. */
  add(day: string, delta: TokenDelta, expiresAtSeconds: number): Promise<number>;
  /** Releases its connections. */
  close(): void;
}

/** The item key of a day. */
export function dayKey(day: string): string {
  return `tokens#${day}`;
}

export interface DynamoDbTokenCounterOptions {
  readonly table: string;
  readonly region?: string;
  readonly endpoint?: string;
  /** Give up on one HTTP request after this long. */
  readonly timeoutMs: number;
  /** For tests: e.g. static credentials for the loopback fake. */
  readonly clientOverrides?: Partial<DynamoDBClientConfig>;
}

export class DynamoDbTokenCounter implements TokenCounter {
  private readonly client: DynamoDBClient;

  constructor(private readonly options: DynamoDbTokenCounterOptions) {
    this.client = new DynamoDBClient({
      region: options.region,
      endpoint: options.endpoint,
      // Throttling (ProvisionedThroughputExceeded, Throttling) and 5xx are retried by the SDK
      // with backoff; the read on the request path is bounded by its abort signal as a whole.
      maxAttempts: 3,
      requestHandler: { connectionTimeout: options.timeoutMs, requestTimeout: options.timeoutMs },
      ...options.clientOverrides,
    });
  }

  async read(day: string, signal: AbortSignal): Promise<number> {
    const result = await this.client.send(new GetItemCommand({
      TableName: this.options.table,
      Key: { [PARTITION_KEY]: { S: dayKey(day) } },
      ProjectionExpression: '#tokens',
      ExpressionAttributeNames: { '#tokens': 'tokens' },
      // A strongly consistent read: it sees every increment acknowledged before it.
      ConsistentRead: true,
    }), { abortSignal: signal });
    return numberOf(result.Item?.tokens?.N);
  }

  async add(day: string, delta: TokenDelta, expiresAtSeconds: number): Promise<number> {
    const result = await this.client.send(new UpdateItemCommand({
      TableName: this.options.table,
      Key: { [PARTITION_KEY]: { S: dayKey(day) } },
      UpdateExpression: 'ADD #tokens :tokens, #input :input, #output :output, #answers :answers SET #expires = if_not_exists(#expires, :expires)',
      ExpressionAttributeNames: {
        '#tokens': 'tokens',
        '#input': 'inputTokens',
        '#output': 'outputTokens',
        '#answers': 'answers',
        '#expires': TTL_ATTRIBUTE,
      },
      ExpressionAttributeValues: {
        ':tokens': { N: String(delta.inputTokens + delta.outputTokens) },
        ':input': { N: String(delta.inputTokens) },
        ':output': { N: String(delta.outputTokens) },
        ':answers': { N: String(delta.answers) },
        ':expires': { N: String(expiresAtSeconds) },
      },
      ReturnValues: 'UPDATED_NEW',
    }));
    return numberOf(result.Attributes?.tokens?.N);
  }

  close(): void {
    this.client.destroy();
  }
}

function numberOf(value: string | undefined): number {
  const parsed = Number(value ?? 0);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : 0;
}
