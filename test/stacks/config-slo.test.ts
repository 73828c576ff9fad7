/** The `slo:` section of an environment file: validation (stacks/config-schema.ts) and resolution (stacks/config.ts). */
import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfig, SLO_OBJECTIVE_DEFAULTS } from '../../stacks/config';
import { environmentProblems, testEnvironment, TEST_ACCOUNT } from '../support/environment';

const problemsOf = (slo: Record<string, unknown>) => environmentProblems('dev', { slo });

describe('stacks/config (slo)', () => {
  it("defaults objectives to the seed's 90 % outside production and 99 % in production, and everything else to working values", () => {
    expect(SLO_OBJECTIVE_DEFAULTS).to.deep.equal({ production: 0.99, other: 0.9 });
    expect(testEnvironment('dev').slo).to.deep.equal({
      windowDays: 28,
      availability: { objective: 0.9 },
      latency: { objective: 0.9, firstTokenSeconds: 2 },
      answerDuration: { p95Seconds: 20, datapointsToAlarm: 5, evaluationMinutes: 10 },
      fallbackRatio: { threshold: 0.1, evaluationMinutes: 15 },
      notifications: [],
    });
    const prod = testEnvironment('prod').slo;
    expect([prod.availability.objective, prod.latency.objective]).to.deep.equal([0.99, 0.99]);
  });

  it('keeps objectives set in the file and types notification targets by kind', () => {
    const slo = testEnvironment('prod', {
      slo: {
        availability: { objective: 0.999 },
        notifications: [
          { email: 'oncall@example.com' },
          { webhookUrl: 'https://events.pagerduty.com/integration/abc/enqueue', severities: ['page'] },
          { chatbotChannelArn: `arn:aws:chatbot::${TEST_ACCOUNT}:chat-configuration/slack-channel/oncall`, severities: ['ticket'] },
        ],
        noTraffic: { startHourUtc: 7, endHourUtc: 17 },
      },
    }).slo;
    expect(slo.availability.objective).to.equal(0.999);
    expect(slo.latency.objective).to.equal(0.99);
    expect(slo.notifications).to.deep.equal([
      { kind: 'email', address: 'oncall@example.com', severities: ['page', 'ticket'] },
      { kind: 'webhook', url: 'https://events.pagerduty.com/integration/abc/enqueue', severities: ['page'] },
      { kind: 'chatbot', channelConfigurationArn: `arn:aws:chatbot::${TEST_ACCOUNT}:chat-configuration/slack-channel/oncall`, severities: ['ticket'] },
    ]);
    expect(slo.noTraffic).to.deep.equal({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startHourUtc: 7, endHourUtc: 17 });
  });

  const cases: Array<{ what: string; slo: Record<string, unknown>; expected: RegExp }> = [
    { what: 'an objective written as a percentage', slo: { availability: { objective: 99 } }, expected: /slo\.availability\.objective: .*strictly between 0 and 1 \(write 99 % as 0\.99\)/ },
    { what: 'an objective of 1 (no error budget)', slo: { latency: { objective: 1 } }, expected: /slo\.latency\.objective: .*strictly between 0 and 1/ },
    { what: 'an SLO window shorter than the longest alarm window', slo: { windowDays: 3 }, expected: /slo\.windowDays: .*longest window is 3 days/ },
    { what: 'a p95 alarm needing more minutes than it evaluates', slo: { answerDuration: { p95Seconds: 20, datapointsToAlarm: 11, evaluationMinutes: 10 } }, expected: /slo\.answerDuration: datapointsToAlarm \(N\) must be at most evaluationMinutes \(M\)/ },
    { what: 'more than a day of 1-minute periods', slo: { answerDuration: { evaluationMinutes: 1441 } }, expected: /slo\.answerDuration\.evaluationMinutes: CloudWatch evaluates at most 1440/ },
    { what: 'a plain-http webhook', slo: { notifications: [{ webhookUrl: 'http://hooks.example.com/sns' }] }, expected: /slo\.notifications\.0\.webhookUrl: must be an https:\/\/ URL/ },
    { what: 'a target with two endpoints', slo: { notifications: [{ email: 'a@example.com', webhookUrl: 'https://hooks.example.com/sns' }] }, expected: /slo\.notifications\.0: each notification target sets exactly one of email, webhookUrl, chatbotChannelArn/ },
    { what: 'an unknown severity', slo: { notifications: [{ email: 'a@example.com', severities: ['urgent'] }] }, expected: /slo\.notifications\.0\.severities\.0: severities are "page" .* and "ticket"/ },
    { what: 'the same address twice', slo: { notifications: [{ email: 'a@example.com', severities: ['page'] }, { email: 'a@example.com', severities: ['ticket'] }] }, expected: /slo\.notifications\.1: a@example\.com is listed twice/ },
    { what: 'business hours ending before they start', slo: { noTraffic: { startHourUtc: 18, endHourUtc: 8 } }, expected: /slo\.noTraffic: startHourUtc must be before endHourUtc \(hours in UTC/ },
    { what: 'an unknown field', slo: { windowdays: 28 }, expected: /slo\.windowdays: unknown key; did you mean windowDays\?/ },
  ];
  for (const c of cases) {
    it(`rejects ${c.what}, naming the field and the fix`, () => {
      expect(problemsOf(c.slo).join('\n')).to.match(c.expected);
    });
  }

  it('asks for the prices of both served models when prices are given, and only theirs', () => {
    const problems = problemsOf({ bedrockPrices: [{ modelId: 'eu.amazon.nova-pro-v1:0', inputPer1kTokens: 0.001, outputPer1kTokens: 0.004 }] });
    expect(problems.join('\n')).to.match(/serves no model eu\.amazon\.nova-pro-v1:0/).and.match(/add the prices of eu\.amazon\.nova-micro-v1:0 \(bedrock\.primaryModelId\)/);
  });

  it('loads the committed config/ with an slo section in every environment file, and alarms someone in each', () => {
    for (const env of loadConfig(join(__dirname, '../../config')).environments) {
      expect(env.slo.notifications.length, env.name).to.be.greaterThan(0);
      expect(env.slo.notifications.some((t) => t.severities.includes('page')), `${env.name} pages someone`).to.equal(true);
      expect(env.slo.availability.objective, env.name).to.equal(env.production ? SLO_OBJECTIVE_DEFAULTS.production : SLO_OBJECTIVE_DEFAULTS.other);
    }
  });
});
