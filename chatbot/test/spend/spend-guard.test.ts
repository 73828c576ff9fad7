import { expect } from 'chai';
import { BudgetExhausted, SpendGuardUnavailable } from '../../src/spend/spend-errors';
import { SpendGuard, SpendGuardOptions } from '../../src/spend/spend-guard';
import { DynamoDbTokenCounter, RETENTION_DAYS } from '../../src/spend/token-counter';
import { FakeDynamoDb, accessDenied, throughputExceeded } from '../support/fake-dynamodb';
import { captureLogs } from '../support/log-capture';

const TABLE = 'chat-dev-chatbot-spend';
const CREDENTIALS = { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' };
/** 2025-06-01T21:30:00Z */
const EVENING = Date.UTC(2025, 5, 1, 21, 30);
const MIDNIGHT = Date.UTC(2025, 5, 2);

const usage = (inputTokens: number, outputTokens: number) => ({ inputTokens, outputTokens, totalTokens: inputTokens + outputTokens });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => { throw new Error('resolved'); }, (err: Error) => err);
}

describe('SpendGuard (real DynamoDB client against the loopback fake)', () => {
  let fake: FakeDynamoDb;
  const guards: SpendGuard[] = [];
  let now: number;
  let clock: number;

  before(async () => {
    fake = await FakeDynamoDb.start({ [TABLE]: 'pk' });
  });
  beforeEach(() => {
    fake.reset();
    now = EVENING;
    clock = 0;
  });
  afterEach(async () => {
    await Promise.all(guards.splice(0).map((made) => made.close(100)));
  });
  after(() => fake.close());

  function guard(options: Partial<SpendGuardOptions> = {}, logs = captureLogs()): SpendGuard {
    const created = new SpendGuard({
      dailyTokenBudget: 100,
      counter: new DynamoDbTokenCounter({ table: TABLE, region: 'eu-west-1', endpoint: fake.url, timeoutMs: 500, clientOverrides: { credentials: CREDENTIALS } }),
      cacheMs: 5000,
      failMode: 'open',
      readTimeoutMs: 500,
      logger: logs.logger,
      now: () => now,
      clock: () => clock,
      ...options,
    });
    guards.push(created);
    return created;
  }

  it('adds each answer\'s tokens to the day\'s item atomically, with the TTL attribute', async () => {
    const subject = guard();
    await subject.check();
    subject.record(usage(7, 3));
    subject.record(usage(20, 5));
    await subject.settled();
    const expiresAt = MIDNIGHT / 1000 + RETENTION_DAYS * 86400;
    expect(fake.item(TABLE, 'tokens#2025-06-01')).to.deep.equal({
      pk: { S: 'tokens#2025-06-01' },
      tokens: { N: '35' },
      inputTokens: { N: '27' },
      outputTokens: { N: '8' },
      answers: { N: '2' },
      expiresAt: { N: String(expiresAt) },
    });
    const update = fake.requestsFor('UpdateItem')[0]!.body;
    expect(update.UpdateExpression).to.match(/^ADD #tokens :tokens, .* SET #expires = if_not_exists\(#expires, :expires\)$/);
    expect(update.ReturnValues).to.equal('UPDATED_NEW');
    expect(fake.requestsFor('GetItem')[0]!.body).to.include({ ConsistentRead: true, TableName: TABLE });
  });

  it('refuses once the day\'s total reaches the budget, until the next 00:00 UTC', async () => {
    const subject = guard();
    subject.record(usage(60, 39));
    await subject.settled();
    await subject.check(); // 99 of 100
    subject.record(usage(1, 0));
    await subject.settled();
    const refused = await rejection(subject.check());
    expect(refused).to.be.instanceOf(BudgetExhausted);
    expect((refused as BudgetExhausted).resetAt.toISOString()).to.equal('2025-06-02T00:00:00.000Z');
    expect((refused as BudgetExhausted).retryAfterSeconds).to.equal(2.5 * 3600);
    expect(refused.message).to.contain('resets at 00:00 UTC');

    // Exhausted stays exhausted for the day without asking DynamoDB again.
    const reads = fake.requestsFor('GetItem').length;
    clock += 60_000;
    expect(await rejection(subject.check())).to.be.instanceOf(BudgetExhausted);
    expect(fake.requestsFor('GetItem')).to.have.length(reads);

    // A new UTC day starts from its own, empty item.
    now = MIDNIGHT + 1000;
    await subject.check();
    expect(fake.requestsFor('GetItem').at(-1)!.body.Key).to.deep.equal({ pk: { S: 'tokens#2025-06-02' } });
  });

  it('reads once per SPEND_CACHE_MS, shared by concurrent checks, and sees other pods after it', async () => {
    const mine = guard();
    const other = guard();
    await Promise.all([mine.check(), mine.check(), mine.check()]);
    expect(fake.requestsFor('GetItem')).to.have.length(1);

    // Another pod spends the budget; this pod learns it when its cached total expires.
    other.record(usage(80, 30));
    await other.settled();
    clock += 4999;
    await mine.check();
    expect(fake.requestsFor('GetItem')).to.have.length(1);
    clock += 1;
    expect(await rejection(mine.check())).to.be.instanceOf(BudgetExhausted);
    expect(fake.requestsFor('GetItem')).to.have.length(2);
  });

  it('takes the total from its own increments\' answers, all pods included', async () => {
    const mine = guard();
    const other = guard();
    await mine.check();
    other.record(usage(90, 0));
    await other.settled();
    mine.record(usage(5, 5)); // the counter answers 100: this pod knows without a read
    await mine.settled();
    const reads = fake.requestsFor('GetItem').length;
    expect(await rejection(mine.check())).to.be.instanceOf(BudgetExhausted);
    expect(fake.requestsFor('GetItem')).to.have.length(reads);
  });

  it('fails open on a read error: answers on its own estimate, logs, and retries after the cache period', async () => {
    const logs = captureLogs();
    const subject = guard({}, logs);
    fake.failNext('GetItem', accessDenied('GetItem', TABLE));
    await subject.check();
    const error = logs.lines().find((line) => line.level === 'error')!;
    expect(error.msg).to.contain('SPEND_FAIL_MODE=open');
    expect((error.err as { name: string }).name).to.equal('AccessDeniedException');

    // No read per request while failing.
    fake.failNext('GetItem', accessDenied('GetItem', TABLE), 10);
    await subject.check();
    expect(fake.requestsFor('GetItem')).to.have.length(1);

    // Its own usage still counts: the estimate reaching the budget refuses.
    fake.failNext('UpdateItem', accessDenied('UpdateItem', TABLE), 10);
    subject.record(usage(100, 0));
    await subject.settled();
    expect(await rejection(subject.check())).to.be.instanceOf(BudgetExhausted);
  });

  it('fails closed when told to: refuses with spend_guard_unavailable until a read works', async () => {
    const subject = guard({ failMode: 'closed' });
    fake.failNext('GetItem', accessDenied('GetItem', TABLE));
    const refused = await rejection(subject.check());
    expect(refused).to.be.instanceOf(SpendGuardUnavailable);
    expect(refused).to.include({ code: 'spend_guard_unavailable', retryAfterSeconds: 5 });
    expect(await rejection(subject.check())).to.be.instanceOf(SpendGuardUnavailable);
    clock += 5000;
    await subject.check();
  });

  it('treats a read slower than SPEND_TIMEOUT_MS as failed', async () => {
    const subject = guard({ failMode: 'closed', readTimeoutMs: 100 });
    fake.delay('GetItem', 1000);
    const started = performance.now();
    expect(await rejection(subject.check())).to.be.instanceOf(SpendGuardUnavailable);
    expect(performance.now() - started).to.be.below(900);
  });

  it('keeps tokens of a failed increment and adds them with the next one', async () => {
    const logs = captureLogs();
    const subject = guard({}, logs);
    fake.failNext('UpdateItem', accessDenied('UpdateItem', TABLE));
    subject.record(usage(10, 2));
    await subject.settled();
    expect(fake.item(TABLE, 'tokens#2025-06-01')).to.equal(undefined);
    expect(logs.lines().some((line) => line.level === 'error' && String(line.msg).includes('keeping them for the next increment'))).to.equal(true);
    subject.record(usage(1, 1));
    await subject.settled();
    expect(fake.item(TABLE, 'tokens#2025-06-01')).to.deep.include({ tokens: { N: '14' }, answers: { N: '2' } });
  });

  it('retries a throttled increment (the SDK backs off) without losing it', async () => {
    const subject = guard();
    fake.failNext('UpdateItem', throughputExceeded());
    subject.record(usage(4, 4));
    await subject.settled();
    expect(fake.requestsFor('UpdateItem').map((request) => request.error)).to.deep.equal(['ProvisionedThroughputExceededException', undefined]);
    expect(fake.item(TABLE, 'tokens#2025-06-01')).to.deep.include({ tokens: { N: '8' } });
  });
});
