import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'chai';
import { BedrockProvider } from '../../src/providers/bedrock-provider';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { awsSandbox, enterAwsSandbox } from '../support/aws-sandbox-env';
import { FakeBedrock } from '../support/fake-bedrock';
import { PRIMARY_MODEL, fakeBedrockClient, fakeBedrockConfig } from '../support/fake-bedrock-client';
import { answer } from '../support/fake-bedrock-scenarios';
import { FakeDynamoDb } from '../support/fake-dynamodb';
import { parseSse } from '../support/sse';

const TABLE = 'chat-dev-chatbot-spend';
/** Each scripted answer: 7 input + 2 output tokens, as Bedrock's metadata event reports. */
const ANSWER_TOKENS = 9;

describe('daily token budget, end to end (Bedrock h2c fake, DynamoDB fake, real SDK clients)', () => {
  let bedrock: FakeBedrock;
  let bedrockClient: BedrockRuntimeClient;
  let dynamo: FakeDynamoDb;
  let leave: () => void;
  const apps: AppHarness[] = [];

  before(async () => {
    bedrock = await FakeBedrock.start();
    bedrockClient = fakeBedrockClient(bedrock);
    dynamo = await FakeDynamoDb.start({ [TABLE]: 'pk' });
    // The spend guard is built from the configuration, with the SDK's default credential chain.
    leave = enterAwsSandbox(awsSandbox(), { AWS_ACCESS_KEY_ID: 'AKIDSPENDFAKE', AWS_SECRET_ACCESS_KEY: 'spend-secret' });
  });
  beforeEach(() => {
    bedrock.reset();
    dynamo.reset();
    bedrock.always(PRIMARY_MODEL, answer(['Hello', ' there.'], { usage: { inputTokens: 7, outputTokens: 2 } }));
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  after(async () => {
    leave();
    bedrockClient.destroy();
    await bedrock.close();
    await dynamo.close();
  });

  /** A pod: Bedrock through the fake, the budget's counter in the fake table. */
  async function pod(budget: number, env: Record<string, string> = {}): Promise<AppHarness> {
    const app = await startApp({
      provider: new BedrockProvider(fakeBedrockConfig(bedrock), { client: bedrockClient, retry: { baseDelayMs: 5, maxDelayMs: 20 } }),
      env: {
        DAILY_TOKEN_BUDGET: String(budget),
        SPEND_TABLE: TABLE,
        SPEND_REGION: 'eu-west-1',
        SPEND_ENDPOINT: dynamo.url,
        SPEND_CACHE_MS: '0',
        RATE_LIMIT_BURST: '1000',
        ...env,
      },
    });
    apps.push(app);
    return app;
  }

  const today = (): string => new Date().toISOString().slice(0, 10);
  const nextMidnight = (): string => new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000).toISOString();

  it('answers until the day\'s tokens reach the budget, then sends daily_budget_exhausted without calling Bedrock', async () => {
    const app = await pod(20);
    for (let i = 0; i < 3; i++) {
      const events = parseSse(await (await postChat(app.url, ask(`question ${i}`))).text());
      expect(events.at(-1)!.event, `answer ${i}`).to.equal('done');
      expect(events.at(-1)!.data.usage).to.deep.include({ inputTokens: 7, outputTokens: 2 });
    }
    expect(bedrock.requests).to.have.length(3);

    const refused = await postChat(app.url, ask('one more'));
    expect(refused.status).to.equal(200);
    expect(refused.headers.get('content-type')).to.equal('text/event-stream; charset=utf-8');
    const events = parseSse(await refused.text());
    expect(events).to.have.length(1);
    expect(events[0]!.event).to.equal('error');
    expect(events[0]!.data).to.deep.equal({
      code: 'daily_budget_exhausted',
      message: 'The chatbot has used its token budget for today. It resets at 00:00 UTC; please come back then.',
      retryable: false,
      resetAt: nextMidnight(),
      dailyTokenBudget: 20,
    });
    expect(bedrock.requests).to.have.length(3, 'no model call once the budget is used up');

    await app.spend!.settled();
    expect(dynamo.item(TABLE, `tokens#${today()}`)).to.deep.include({ tokens: { N: String(3 * ANSWER_TOKENS) }, answers: { N: '3' } });
  });

  it('answers a JSON caller 429 with Retry-After until the reset', async () => {
    const app = await pod(5);
    expect((await postChat(app.url, ask('first'), { Accept: 'application/json' })).status).to.equal(200);
    const refused = await postChat(app.url, ask('second'), { Accept: 'application/json' });
    expect(refused.status).to.equal(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    const secondsToMidnight = (Date.parse(nextMidnight()) - Date.now()) / 1000;
    expect(retryAfter).to.be.within(secondsToMidnight - 5, secondsToMidnight + 5);
    const body = await refused.json();
    expect(body.error).to.include({ code: 'daily_budget_exhausted', retryable: false, resetAt: nextMidnight() });
    expect(body.error.requestId).to.be.a('string');
    expect(bedrock.requests).to.have.length(1);
  });

  it('counts every answer of two pods sharing the table, with atomic increments', async () => {
    const [a, b] = [await pod(1_000_000), await pod(1_000_000)];
    const statuses = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      postChat((i % 2 === 0 ? a : b).url, ask(`q${i}`), { Accept: 'application/json' }).then((response) => response.status)));
    expect(statuses.every((status) => status === 200)).to.equal(true);
    await Promise.all([a.spend!.settled(), b.spend!.settled()]);
    expect(dynamo.requestsFor('UpdateItem')).to.have.length(24);
    expect(dynamo.item(TABLE, `tokens#${today()}`)).to.deep.include({
      tokens: { N: String(24 * ANSWER_TOKENS) },
      inputTokens: { N: String(24 * 7) },
      outputTokens: { N: String(24 * 2) },
      answers: { N: '24' },
    });
  });

  it('refuses on a pod that never answered once another pod used the budget', async () => {
    const [a, b] = [await pod(20), await pod(20)];
    for (let i = 0; i < 3; i++) await (await postChat(a.url, ask(`q${i}`), { Accept: 'application/json' })).json();
    await a.spend!.settled();
    const calls = bedrock.requests.length;
    const events = parseSse(await (await postChat(b.url, ask('from the other pod'))).text());
    expect(events.map((event) => [event.event, event.data.code])).to.deep.equal([['error', 'daily_budget_exhausted']]);
    expect(bedrock.requests).to.have.length(calls);
  });
});
