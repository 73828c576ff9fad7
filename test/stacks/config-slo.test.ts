/** The `slo:` section of an environment file: validation (stacks/config-schema.ts) and resolution (stacks/config.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { parse } from 'yaml';
import { loadConfig, SLO_OBJECTIVE_DEFAULTS } from '../../stacks/config';
import { configProblems, environmentProblems, rawEnvironment, testEnvironment, TEST_ACCOUNT } from '../support/environment';

const problemsOf = (slo: Record<string, unknown>) => environmentProblems('dev', { slo });

const SLACK = { workspaceId: 'T0123ABCD', channelId: 'C0123ABCD' };
const TEAM = '00000000-1111-4222-8333-444444444444';
const TENANT = '55555555-6666-4777-8888-999999999999';
const TEAMS_CHANNEL = '19:0123456789abcdef0123456789abcdef@thread.tacv2';
/** The same channel as the AWS Chatbot API takes it (and as a Teams channel link spells it). */
const TEAMS_CHANNEL_ENCODED = '19%3a0123456789abcdef0123456789abcdef%40thread.tacv2';
const teams = (channelId = TEAMS_CHANNEL, teamId = TEAM) => ({ teams: { teamId, channelId, tenantId: TENANT } });

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

  it('types Slack and Teams targets, with the Teams channel id in the encoded form the AWS Chatbot API takes', () => {
    const slo = testEnvironment('prod', {
      slo: {
        notifications: [
          { slack: SLACK, severities: ['page'] },
          teams(),
          { ...teams('19%3A1111222233334444aaaabbbbccccdddd%40thread.skype', '00000000-1111-4222-8333-555555555555'), severities: ['ticket'] },
        ],
      },
    }).slo;
    expect(slo.notifications).to.deep.equal([
      { kind: 'slack', workspaceId: 'T0123ABCD', channelId: 'C0123ABCD', severities: ['page'] },
      { kind: 'teams', teamId: TEAM, channelId: TEAMS_CHANNEL_ENCODED, tenantId: TENANT, severities: ['page', 'ticket'] },
      { kind: 'teams', teamId: '00000000-1111-4222-8333-555555555555', channelId: '19%3a1111222233334444aaaabbbbccccdddd%40thread.skype', tenantId: TENANT, severities: ['ticket'] },
    ]);
  });

  const cases: Array<{ what: string; slo: Record<string, unknown>; expected: RegExp }> = [
    { what: 'an objective written as a percentage', slo: { availability: { objective: 99 } }, expected: /slo\.availability\.objective: .*strictly between 0 and 1 \(write 99 % as 0\.99\)/ },
    { what: 'an objective of 1 (no error budget)', slo: { latency: { objective: 1 } }, expected: /slo\.latency\.objective: .*strictly between 0 and 1/ },
    { what: 'an SLO window shorter than the longest alarm window', slo: { windowDays: 3 }, expected: /slo\.windowDays: .*longest window is 3 days/ },
    { what: 'a p95 alarm needing more minutes than it evaluates', slo: { answerDuration: { p95Seconds: 20, datapointsToAlarm: 11, evaluationMinutes: 10 } }, expected: /slo\.answerDuration: datapointsToAlarm \(N\) must be at most evaluationMinutes \(M\)/ },
    { what: 'more than a day of 1-minute periods', slo: { answerDuration: { evaluationMinutes: 1441 } }, expected: /slo\.answerDuration\.evaluationMinutes: CloudWatch evaluates at most 1440/ },
    { what: 'a plain-http webhook', slo: { notifications: [{ webhookUrl: 'http://hooks.example.com/sns' }] }, expected: /slo\.notifications\.0\.webhookUrl: must be an https:\/\/ URL/ },
    { what: 'a target with two endpoints', slo: { notifications: [{ email: 'a@example.com', webhookUrl: 'https://hooks.example.com/sns' }] }, expected: /slo\.notifications\.0: each notification target sets exactly one of email, webhookUrl, chatbotChannelArn, slack, teams$/m },
    { what: 'a Slack channel and an e-mail address in one target', slo: { notifications: [{ email: 'a@example.com', slack: SLACK }] }, expected: /slo\.notifications\.0: each notification target sets exactly one of email, webhookUrl, chatbotChannelArn, slack, teams$/m },
    { what: 'a Slack workspace name instead of its id', slo: { notifications: [{ slack: { ...SLACK, workspaceId: 'acme' } }] }, expected: /slo\.notifications\.0\.slack\.workspaceId: must be a Slack workspace \(team\) id: .*e\.g\. T0123ABCD/ },
    { what: 'a Slack channel name instead of its id', slo: { notifications: [{ slack: { ...SLACK, channelId: '#oncall' } }] }, expected: /slo\.notifications\.0\.slack\.channelId: must be a Slack channel id, not its name: .*e\.g\. C0123ABCD/ },
    { what: 'a Slack target without its channel', slo: { notifications: [{ slack: { workspaceId: 'T0123ABCD' } }] }, expected: /slo\.notifications\.0\.slack\.channelId: set the Slack channel id, e\.g\. C0123ABCD/ },
    { what: 'a misspelled Slack key', slo: { notifications: [{ slack: { workspace: 'T0123ABCD', channelId: 'C0123ABCD' } }] }, expected: /slo\.notifications\.0\.slack\.workspace: unknown key; did you mean workspaceId\?/ },
    { what: 'a Teams team id that is not a UUID', slo: { notifications: [teams(TEAMS_CHANNEL, 'oncall-team')] }, expected: /slo\.notifications\.0\.teams\.teamId: must be the Teams team id, a UUID such as 00000000-1111-4222-8333-444444444444 \("groupId="/ },
    { what: 'a Teams tenant id that is not a UUID', slo: { notifications: [{ teams: { teamId: TEAM, channelId: TEAMS_CHANNEL, tenantId: 'contoso.onmicrosoft.com' } }] }, expected: /slo\.notifications\.0\.teams\.tenantId: must be the Microsoft Entra tenant id, a UUID such as 55555555-6666-4777-8888-999999999999 \("tenantId="/ },
    { what: 'a Teams channel name instead of its id', slo: { notifications: [teams('General')] }, expected: /slo\.notifications\.0\.teams\.channelId: must be a Teams channel id, 19:<id>@thread\.tacv2, e\.g\. 19:0123456789abcdef0123456789abcdef@thread\.tacv2 \(in Teams: .*Get link to channel/ },
    { what: 'a whole Teams channel link instead of the channel id', slo: { notifications: [teams(`https://teams.microsoft.com/l/channel/${TEAMS_CHANNEL_ENCODED}/General?groupId=${TEAM}&tenantId=${TENANT}`)] }, expected: /slo\.notifications\.0\.teams\.channelId: must be a Teams channel id/ },
    { what: 'the same Slack channel twice', slo: { notifications: [{ slack: SLACK, severities: ['page'] }, { slack: SLACK, severities: ['ticket'] }] }, expected: /slo\.notifications\.1: Slack channel C0123ABCD is listed twice; list it once with every severity/ },
    { what: 'the same Teams channel twice, once as a link spells it', slo: { notifications: [{ ...teams(), severities: ['page'] }, { ...teams(TEAMS_CHANNEL_ENCODED), severities: ['ticket'] }] }, expected: new RegExp(`slo\\.notifications\\.1: Teams channel ${TEAMS_CHANNEL_ENCODED} is listed twice`) },
    {
      what: 'two channels of one Teams team (the aws provider finds a configuration by team id)',
      slo: { notifications: [teams(), teams('19:ffffffffffffffffffffffffffffffff@thread.tacv2')] },
      expected: /slo\.notifications\.1\.teams\.teamId: Teams team 00000000-1111-4222-8333-444444444444 already has a channel in another target of this file; the aws provider finds a Teams channel configuration by its team id alone/,
    },
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

  it('refuses one Teams team in two environments: they share the account, where the team holds one Terraform-made channel', () => {
    const withTeams = (name: 'dev' | 'prod', channelId: string) => rawEnvironment(name, { slo: { notifications: [{ email: 'oncall@example.com' }, teams(channelId)] } });
    const problems = configProblems({ dev: withTeams('dev', TEAMS_CHANNEL), prod: withTeams('prod', '19:ffffffffffffffffffffffffffffffff@thread.tacv2') });
    expect(problems).to.deep.equal([
      `config/prod.yaml: slo.notifications: Teams team ${TEAM} already has a channel in config/dev.yaml; the aws provider finds a Teams channel configuration by its team id alone, so Terraform can manage only one per team and account: send these severities to that channel (one target listing them all)`,
    ]);
    expect(configProblems({ dev: withTeams('dev', TEAMS_CHANNEL), prod: rawEnvironment('prod', { slo: { notifications: [teams(TEAMS_CHANNEL, '00000000-1111-4222-8333-555555555555')] } }) })).to.deep.equal([]);
  });

  it('asks for the prices of both served models when prices are given, and only theirs', () => {
    const problems = problemsOf({ bedrockPrices: [{ modelId: 'eu.amazon.nova-pro-v1:0', inputPer1kTokens: 0.001, outputPer1kTokens: 0.004 }] });
    expect(problems.join('\n')).to.match(/serves no model eu\.amazon\.nova-pro-v1:0/).and.match(/add the prices of eu\.amazon\.nova-micro-v1:0 \(bedrock\.primaryModelId\)/);
  });

  it('accepts the Slack and Teams examples of docs/runbooks/README.md and config/prod.yaml as written', () => {
    const runbook = readFileSync(join(__dirname, '../../docs/runbooks/README.md'), 'utf8');
    const documented = [...runbook.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]) as Record<string, unknown>).find((doc) => 'notifications' in doc);
    expect(testEnvironment('prod', { slo: documented }).slo.notifications.map((t) => t.kind)).to.deep.equal(['slack', 'teams']);
    // The commented examples under notifications:, uncommented.
    const prod = readFileSync(join(__dirname, '../../config/prod.yaml'), 'utf8');
    const examples = [...prod.matchAll(/^ {4}# (- (?:slack|chatbotChannelArn):.*(?:\n {4}# {3}.*)*)/gm)].map((m) => m[1].replace(/\n {4}# /g, '\n'));
    expect(examples).to.have.length(2);
    const targets = examples.flatMap((example) => parse(example) as unknown[]);
    expect(testEnvironment('prod', { slo: { notifications: targets } }).slo.notifications.map((t) => t.kind)).to.deep.equal(['slack', 'chatbot']);
  });

  it('loads the committed config/ with an slo section in every environment file, and alarms someone in each', () => {
    for (const env of loadConfig(join(__dirname, '../../config')).environments) {
      expect(env.slo.notifications.length, env.name).to.be.greaterThan(0);
      expect(env.slo.notifications.some((t) => t.severities.includes('page')), `${env.name} pages someone`).to.equal(true);
      expect(env.slo.availability.objective, env.name).to.equal(env.production ? SLO_OBJECTIVE_DEFAULTS.production : SLO_OBJECTIVE_DEFAULTS.other);
    }
  });
});
