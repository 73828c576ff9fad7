import { expect } from 'chai';
import { loadConfig } from '../../src/config';
import { configError } from '../support/config-error';

describe('config: daily token budget (DAILY_TOKEN_BUDGET, SPEND_*)', () => {
  it('has no budget by default', () => {
    expect(loadConfig({}).spend).to.deep.equal({ dailyTokenBudget: 0, region: undefined, endpoint: undefined, cacheMs: 5000, timeoutMs: 1000, failMode: 'open' });
  });

  it('reads a budget with its table, region and tuning', () => {
    expect(loadConfig({
      DAILY_TOKEN_BUDGET: '2000000',
      SPEND_TABLE: 'chat-dev-chatbot-spend',
      AWS_REGION: 'eu-west-1',
      SPEND_CACHE_MS: '2000',
      SPEND_TIMEOUT_MS: '500',
      SPEND_FAIL_MODE: 'closed',
    }).spend).to.deep.equal({ dailyTokenBudget: 2000000, table: 'chat-dev-chatbot-spend', region: 'eu-west-1', endpoint: undefined, cacheMs: 2000, timeoutMs: 500, failMode: 'closed' });
    expect(loadConfig({ DAILY_TOKEN_BUDGET: '1', SPEND_TABLE: 'spend', SPEND_REGION: 'us-east-1', AWS_REGION: 'eu-west-1' }).spend.region).to.equal('us-east-1');
    // An explicit 0 with a table: deliberately no budget.
    expect(loadConfig({ DAILY_TOKEN_BUDGET: '0', SPEND_TABLE: 'spend' }).spend.dailyTokenBudget).to.equal(0);
  });

  for (const [env, variable, words] of [
    [{ DAILY_TOKEN_BUDGET: '1000' }, 'SPEND_TABLE', 'is required when DAILY_TOKEN_BUDGET is set'],
    [{ SPEND_TABLE: 'spend' }, 'DAILY_TOKEN_BUDGET', 'is unset but SPEND_TABLE is set'],
    [{ DAILY_TOKEN_BUDGET: '-5', SPEND_TABLE: 'spend' }, 'DAILY_TOKEN_BUDGET', 'whole number >= 0'],
    [{ DAILY_TOKEN_BUDGET: '1e6', SPEND_TABLE: 'spend' }, 'DAILY_TOKEN_BUDGET', 'whole number'],
    [{ DAILY_TOKEN_BUDGET: '1000', SPEND_TABLE: 'no spaces' }, 'SPEND_TABLE', 'DynamoDB table name'],
    [{ DAILY_TOKEN_BUDGET: '1000', SPEND_TABLE: 'spend', SPEND_FAIL_MODE: 'maybe' }, 'SPEND_FAIL_MODE', 'open, closed'],
    [{ DAILY_TOKEN_BUDGET: '1000', SPEND_TABLE: 'spend', SPEND_ENDPOINT: 'dynamodb' }, 'SPEND_ENDPOINT', 'http(s) URL'],
    [{ DAILY_TOKEN_BUDGET: '1000', SPEND_TABLE: 'spend', SPEND_CACHE_MS: '600000' }, 'SPEND_CACHE_MS', 'between 0 and 300000'],
  ] as const) {
    it(`names ${variable} when ${JSON.stringify(env)}`, () => {
      const err = configError(env);
      expect(err.variable).to.equal(variable);
      expect(err.message).to.contain(words);
    });
  }
});
