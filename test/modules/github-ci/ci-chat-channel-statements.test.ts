/** The CI roles and the environments' AWS Chatbot alarm channels (modules/observability/alarm-chat-channels.ts). */
import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE } from './ci-scopes';
import { decide, isReadAction, list, statementsOf, type Statement } from './iam-analysis';
import { CHAT_CHANNEL_CHANGE_ACTIONS, CHAT_CHANNEL_CREATE_ACTIONS, CHAT_CHANNEL_READ_ACTIONS } from '../../../modules/github-ci/ci-chat-channel-statements';
import { deployPolicies, planPolicies } from '../../../modules/github-ci/ci-policies';
import { permissionsBoundaryStatements } from '../../../modules/github-ci/permissions-boundary';
import { alarmNotificationStatements } from '../../../modules/observability/alarm-chat-channels';
import { alarmChatConfigurationPrefix, alarmChatRoleName } from '../../../modules/shared/naming';

const slack = (name: string) => `arn:aws:chatbot::${ACCOUNT}:chat-configuration/slack-channel/${name}`;
const teams = (name: string) => `arn:aws:chatbot::${ACCOUNT}:chat-configuration/microsoft-teams-channel/${name}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const TO_CHATBOT = { 'iam:PassedToService': 'chatbot.amazonaws.com' };

describe('CI roles and AWS Chatbot alarm channels', () => {
  const dev = statementsOf(deployPolicies(deployScope('dev')));
  const plan = statementsOf(planPolicies(PLAN_SCOPE));
  const devChannels = [slack(`${alarmChatConfigurationPrefix('qa-dev')}slack-C0123ABCD`), teams(`${alarmChatConfigurationPrefix('qa-dev')}teams-0d32c9150c88`)];

  it('names the resources the platform stack makes', () => {
    expect([alarmChatRoleName('qa-dev'), alarmChatConfigurationPrefix('qa-dev')]).to.deep.equal(['qa-dev-alarm-chat', 'qa-dev-alarms-']);
  });

  it("lets the dev deploy role update, tag and delete its environment's Slack and Teams configurations only", () => {
    for (const action of CHAT_CHANNEL_CHANGE_ACTIONS) {
      for (const channel of devChannels) expect(decide(dev, { action, resource: channel }), `${action} on ${channel}`).to.equal('allow');
      expect(decide(dev, { action, resource: slack('qa-prod-alarms-slack-C0123ABCD') }), `${action} on prod`).not.to.equal('allow');
      expect(decide(dev, { action, resource: teams('oncall') }), `${action} on a channel of someone else`).not.to.equal('allow');
    }
  });

  it('creates configurations (no resource-level permission) and passes them only the dev alarm chat role, only to AWS Chatbot', () => {
    for (const action of CHAT_CHANNEL_CREATE_ACTIONS) expect(decide(dev, { action, resource: '*' }), action).to.equal('allow');
    expect(decide(dev, { action: 'iam:PassRole', resource: role('qa-dev-alarm-chat'), context: TO_CHATBOT })).to.equal('allow');
    expect(decide(dev, { action: 'iam:PassRole', resource: role('qa-prod-alarm-chat'), context: TO_CHATBOT }), "prod's role").not.to.equal('allow');
    expect(decide(dev, { action: 'iam:PassRole', resource: role('qa-dev-chatbot-bedrock'), context: TO_CHATBOT }), "the chatbot service's role").not.to.equal('allow');
    expect(decide(dev, { action: 'iam:PassRole', resource: role('qa-dev-alarm-chat'), context: { 'iam:PassedToService': 'lambda.amazonaws.com' } }), 'to another service').not.to.equal('allow');
    expect(decide(dev, { action: 'iam:PassRole', resource: role('qa-github-apply-dev'), context: TO_CHATBOT }), 'a CI role').to.equal('explicit-deny');
  });

  it('lets the dev deploy role make the alarm chat role (bounded), its guardrail policy and AWS Chatbot\'s service-linked role', () => {
    const boundary = { 'iam:PermissionsBoundary': deployScope('dev').permissionsBoundaryArn };
    for (const action of ['iam:CreateRole', 'iam:PutRolePolicy']) expect(decide(dev, { action, resource: role('qa-dev-alarm-chat'), context: boundary }), action).to.equal('allow');
    expect(decide(dev, { action: 'iam:CreatePolicy', resource: `arn:aws:iam::${ACCOUNT}:policy/qa-dev-alarm-chat-guardrail` })).to.equal('allow');
    const chatbotLinkedRole = role('aws-service-role/management.chatbot.amazonaws.com/AWSServiceRoleForAWSChatbot');
    expect(decide(dev, { action: 'iam:CreateServiceLinkedRole', resource: chatbotLinkedRole, context: { 'iam:AWSServiceName': 'management.chatbot.amazonaws.com' } })).to.equal('allow');
  });

  for (const [name, statements] of [['plan', plan], ['dev deploy', dev]] as const) {
    it(`lets the ${name} role read every channel configuration terraform refreshes`, () => {
      for (const action of CHAT_CHANNEL_READ_ACTIONS) expect(decide(statements as Statement[], { action, resource: '*' }), action).to.equal('allow');
    });
  }

  it('gives the plan role reads only: no create, change or role pass', () => {
    for (const action of [...CHAT_CHANNEL_CREATE_ACTIONS, ...CHAT_CHANNEL_CHANGE_ACTIONS]) {
      expect(decide(plan, { action, resource: action.includes('Create') ? '*' : devChannels[0] }), action).not.to.equal('allow');
    }
    expect(decide(plan, { action: 'iam:PassRole', resource: role('qa-dev-alarm-chat'), context: TO_CHATBOT })).not.to.equal('allow');
    expect(CHAT_CHANNEL_READ_ACTIONS.every(isReadAction)).to.equal(true);
  });

  it('lets the permissions boundary cap the channel role at no less than what notifications need', () => {
    const boundary = permissionsBoundaryStatements(deployScope('dev')) as unknown as Statement[];
    for (const st of alarmNotificationStatements('qa-dev', 'eu-west-1', ACCOUNT)) {
      for (const action of list(st.Action as string | string[])) {
        for (const resource of list(st.Resource as string | string[])) expect(decide(boundary, { action, resource: resource.replace('*', 'x') }), action).to.equal('allow');
      }
    }
  });
});
