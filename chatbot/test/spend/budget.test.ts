import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { expect } from 'chai';
import { BedrockProvider } from '../../src/providers/bedrock-provider';
import type { BedrockProviderConfig } from '../../src/providers/chat-provider';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { awsSandbox, enterAwsSandbox } from '../support/aws-sandbox-env';
import { FakeBedrock } from '../support/fake-bedrock';
import { FALLBACK_MODEL, PRIMARY_MODEL, fakeBedrockClient, fakeBedrockConfig } from '../support/fake-bedrock-client';
import { answer, throttled } from '../support/fake-bedrock-scenarios';
import { FakeDynamoDb } from '../support/fake-dynamodb';
import { parseSse, readSse } from '../support/sse';
import { waitFor } from '../support/wait-for';

const TABLE = 'chat-dev-chatbot-spend';
/** Each scripted answer: 7 input + 2 output tokens, as Bedrock's metadata event reports. */
const ANSWER_TOKENS = 9;
/** fakeBedrockConfig's system prompt, which the model reads with every turn. */
const SYSTEM_PROMPT = 'You are a concise assistant.';
/** The estimate for an answer Bedrock never reported: about four characters a token, rounded up. */
const estimated = (prompt: string, streamed: string) => ({
  inputTokens: Math.ceil((SYSTEM_PROMPT.length + prompt.length) / 4),
  outputTokens: Math.ceil(streamed.length / 4),
});

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
  async function pod(budget: number, env: Record<string, string> = {}, bedrockConfig: Partial<BedrockProviderConfig> = {}): Promise<AppHarness> {
    const app = await startApp({
      provider: new BedrockProvider(fakeBedrockConfig(bedrock, bedrockConfig), { client: bedrockClient, retry: { baseDelayMs: 5, maxDelayMs: 20 } }),
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

  describe('answers that end without Bedrock\'s usage report (it comes only in the last event)', () => {
    const QUESTION = 'Please write a long essay about the history of tea.';
    const CHUNKS = ['Tea was first ', 'drunk in China, ', 'long before ', 'it reached Europe.'];

    /** The day's item once `count` answers were counted (the route records after the client left). */
    async function counted(count: number): Promise<Record<string, { N: string }>> {
      const answers = (): unknown => dynamo.item(TABLE, `tokens#${today()}`)?.answers;
      await waitFor(() => JSON.stringify(answers()) === JSON.stringify({ N: String(count) }));
      return dynamo.item(TABLE, `tokens#${today()}`) as Record<string, { N: string }>;
    }

    it('counts an answer the user stopped after the first text: the prompt and what streamed', async () => {
      bedrock.always(PRIMARY_MODEL, answer(CHUNKS, { frameDelayMs: 150, usage: { inputTokens: 500, outputTokens: 900 } }));
      const app = await pod(1_000_000);
      const client = new AbortController();
      const events = readSse(await postChat(app.url, ask(QUESTION), {}, client.signal));
      const first = await events.next();
      expect(first.value).to.deep.include({ event: 'delta', data: { text: CHUNKS[0] } });
      client.abort();
      const { inputTokens, outputTokens } = estimated(QUESTION, CHUNKS[0]!);
      expect(await counted(1)).to.deep.include({
        inputTokens: { N: String(inputTokens) },
        outputTokens: { N: String(outputTokens) },
        tokens: { N: String(inputTokens + outputTokens) },
      });
      expect(inputTokens).to.be.greaterThan(0);
    });

    it('does not let a caller who stops every answer early spend past the budget', async () => {
      bedrock.always(PRIMARY_MODEL, answer(CHUNKS, { frameDelayMs: 150 }));
      const perStop = estimated(QUESTION, CHUNKS[0]!);
      const app = await pod(3 * (perStop.inputTokens + perStop.outputTokens));
      for (let i = 1; i <= 3; i++) {
        const client = new AbortController();
        const events = readSse(await postChat(app.url, ask(QUESTION), {}, client.signal));
        expect((await events.next()).value?.event, `answer ${i}`).to.equal('delta');
        client.abort();
        await counted(i);
      }
      const calls = bedrock.requests.length;
      const refused = parseSse(await (await postChat(app.url, ask(QUESTION))).text());
      expect(refused.map((event) => [event.event, event.data.code])).to.deep.equal([['error', 'daily_budget_exhausted']]);
      expect(bedrock.requests).to.have.length(calls, 'no model call once stopped answers used the budget');
    });

    it('counts an answer whose stream broke after text, and a JSON caller who left', async () => {
      bedrock.script(PRIMARY_MODEL, answer(CHUNKS, { cutAfterFrames: 3 }), answer(CHUNKS, { frameDelayMs: 150 }));
      const app = await pod(1_000_000);
      const broken = parseSse(await (await postChat(app.url, ask(QUESTION))).text());
      expect(broken.at(-1)!.event).to.equal('error');
      const streamed = broken.filter((event) => event.event === 'delta').map((event) => event.data.text).join('');
      expect(streamed).to.not.equal('');
      const first = estimated(QUESTION, streamed);
      expect(await counted(1)).to.deep.include({ outputTokens: { N: String(first.outputTokens) }, inputTokens: { N: String(first.inputTokens) } });

      const client = new AbortController();
      const pending = postChat(app.url, ask(QUESTION), { Accept: 'application/json' }, client.signal).catch((err: Error) => err);
      await waitFor(() => bedrock.requests.length === 2);
      client.abort();
      expect(await pending).to.be.instanceOf(Error);
      const item = await counted(2);
      // The JSON caller left before (or just after) the first text: at least its prompt counts.
      expect(Number(item.inputTokens!.N)).to.equal(2 * first.inputTokens);
    });

    it('counts the prompts of models that timed out before their first token (they may have read them)', async () => {
      bedrock.always(PRIMARY_MODEL, answer(CHUNKS, { firstFrameDelayMs: 1000 }));
      bedrock.always(FALLBACK_MODEL, answer(CHUNKS, { firstFrameDelayMs: 1000 }));
      const app = await pod(1_000_000, {}, { firstTokenTimeoutMs: 100, maxRetries: 0 });
      const events = parseSse(await (await postChat(app.url, ask(QUESTION))).text());
      expect(events.at(-1)!.data.code).to.equal('upstream_timeout');
      expect(await counted(1)).to.deep.include({ inputTokens: { N: String(estimated(QUESTION, '').inputTokens) }, outputTokens: { N: '0' } });
    });

    it('does not count a refusal before any text (Bedrock bills nothing for it)', async () => {
      bedrock.always(PRIMARY_MODEL, throttled());
      bedrock.always(FALLBACK_MODEL, throttled());
      const app = await pod(1_000_000);
      const events = parseSse(await (await postChat(app.url, ask(QUESTION))).text());
      expect(events.at(-1)).to.deep.include({ event: 'error' });
      expect(events.at(-1)!.data.code).to.equal('throttled');
      await app.spend!.settled();
      expect(dynamo.requestsFor('UpdateItem')).to.have.length(0);
    });
  });
});
