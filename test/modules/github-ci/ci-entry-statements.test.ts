/**
 * The deploy and plan roles on the chatbot's public entry (modules/edge), request by request: the
 * dev deploy role creates and changes dev's certificate, web ACL, user pool, table and budget,
 * writes only ACM validation records of its host in its zone, and touches nothing of prod's.
 */
import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE, tagsOf } from './ci-scopes';
import { decide, isReadAction, list, statementsOf, type IamRequest } from './iam-analysis';
import type { CiDeployScope } from '../../../modules/github-ci/ci-deploy-scope';
import { entryReadStatements } from '../../../modules/github-ci/ci-entry-statements';
import { deployPolicies, planPolicies } from '../../../modules/github-ci/ci-policies';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const withEntry = (name: 'dev' | 'prod', entry: CiDeployScope['chatEntry']): CiDeployScope => ({ ...deployScope(name), ...(entry ? { chatEntry: entry } : {}) });
const dev = statementsOf(deployPolicies(withEntry('dev', { domain: 'chat.dev.example.com', route53: true, hostedZoneId: ZONE })));
const plan = statementsOf(planPolicies(PLAN_SCOPE));
const allowed = (statements: ReturnType<typeof statementsOf>, request: IamRequest) => decide(statements, request) === 'allow';
const can = (request: IamRequest) => allowed(dev, request);

const acl = (env: string, region = env === 'dev' ? 'eu-west-1' : 'eu-central-1') => `arn:aws:wafv2:${region}:${ACCOUNT}:regional/webacl/qa-${env}-chat/0a1b2c3d`;
const CERT = `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/0f1e2d3c-0000-4000-8000-000000000000`;
const POOL = `arn:aws:cognito-idp:eu-west-1:${ACCOUNT}:userpool/eu-west-1_AbCdEfGhI`;
const table = (env: string, region = env === 'dev' ? 'eu-west-1' : 'eu-central-1') => `arn:aws:dynamodb:${region}:${ACCOUNT}:table/qa-${env}-chatbot-tokens`;
const budget = (env: string) => `arn:aws:budgets::${ACCOUNT}:budget/qa-${env}-bedrock`;
const zone = (id = ZONE) => `arn:aws:route53:::hostedzone/${id}`;
const records = (names: string[], types = ['CNAME']) => ({ 'route53:ChangeResourceRecordSetsNormalizedRecordNames': names, 'route53:ChangeResourceRecordSetsRecordTypes': types });

describe('CI roles: the public entry', () => {
  describe('deploy role (dev)', () => {
    it('manages its regional web ACL, its logging and the aws-waf-logs- group, not prod\'s', () => {
      for (const action of ['wafv2:CreateWebACL', 'wafv2:UpdateWebACL', 'wafv2:DeleteWebACL', 'wafv2:PutLoggingConfiguration', 'wafv2:TagResource']) {
        expect(can({ action, resource: acl('dev') }), action).to.equal(true);
        expect(can({ action, resource: acl('prod') }), `${action} prod`).to.equal(false);
      }
      expect(can({ action: 'wafv2:CreateWebACL', resource: `arn:aws:wafv2:eu-west-1:${ACCOUNT}:regional/managedruleset/aws/AWSManagedRulesCommonRuleSet` })).to.equal(true);
      expect(can({ action: 'logs:CreateLogGroup', resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-waf-logs-qa-dev-chat` })).to.equal(true);
      expect(can({ action: 'logs:DeleteLogGroup', resource: `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:aws-waf-logs-qa-prod-chat` })).to.equal(false);
      for (const action of ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies']) expect(can({ action, resource: '*' }), action).to.equal(true);
    });

    it('requests certificates only tagged for dev, and changes only dev\'s', () => {
      expect(can({ action: 'acm:RequestCertificate', resource: CERT, context: tagsOf('dev', 'aws:RequestTag') })).to.equal(true);
      expect(can({ action: 'acm:RequestCertificate', resource: CERT, context: tagsOf('prod', 'aws:RequestTag') })).to.equal(false);
      expect(can({ action: 'acm:RequestCertificate', resource: CERT }), 'untagged').to.equal(false);
      expect(can({ action: 'acm:DeleteCertificate', resource: CERT, context: tagsOf('dev') })).to.equal(true);
      expect(can({ action: 'acm:DeleteCertificate', resource: CERT, context: tagsOf('prod') })).to.equal(false);
      expect(decide(dev, { action: 'acm:AddTagsToCertificate', resource: CERT, context: { ...tagsOf('prod'), ...tagsOf('dev', 'aws:RequestTag') } }), 're-tag prod\'s').to.equal('explicit-deny');
    });

    it('creates user pools only tagged for dev, and changes (clients, domain, MFA) only dev\'s', () => {
      expect(can({ action: 'cognito-idp:CreateUserPool', resource: '*', context: tagsOf('dev', 'aws:RequestTag') })).to.equal(true);
      expect(can({ action: 'cognito-idp:CreateUserPool', resource: '*', context: tagsOf('prod', 'aws:RequestTag') })).to.equal(false);
      for (const action of ['cognito-idp:UpdateUserPool', 'cognito-idp:DeleteUserPool', 'cognito-idp:CreateUserPoolClient', 'cognito-idp:CreateUserPoolDomain', 'cognito-idp:SetUserPoolMfaConfig']) {
        expect(can({ action, resource: POOL, context: tagsOf('dev') }), action).to.equal(true);
        expect(can({ action, resource: POOL, context: tagsOf('prod') }), `${action} prod`).to.equal(false);
      }
      // Admin user management is an operator's job, not the pipeline's.
      expect(can({ action: 'cognito-idp:AdminCreateUser', resource: POOL, context: tagsOf('dev') })).to.equal(false);
    });

    it('manages its token table and Bedrock budget by name, and reads no counter', () => {
      for (const action of ['dynamodb:CreateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:DeleteTable']) {
        expect(can({ action, resource: table('dev') }), action).to.equal(true);
        expect(can({ action, resource: table('prod') }), `${action} prod`).to.equal(false);
      }
      for (const action of ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Scan']) expect(can({ action, resource: table('dev') }), action).to.equal(false);
      expect(can({ action: 'budgets:ModifyBudget', resource: budget('dev') })).to.equal(true);
      expect(can({ action: 'budgets:ModifyBudget', resource: budget('prod') })).to.equal(false);
    });

    it('writes only ACM validation CNAMEs of its host, only in its zone', () => {
      expect(can({ action: 'route53:ChangeResourceRecordSets', resource: zone(), context: records(['_3f2a1b.chat.dev.example.com']) })).to.equal(true);
      expect(can({ action: 'route53:ChangeResourceRecordSets', resource: zone(), context: records(['chat.dev.example.com']) }), 'the host itself (external-dns does)').to.equal(false);
      expect(can({ action: 'route53:ChangeResourceRecordSets', resource: zone(), context: records(['_3f2a1b.chat.example.com']) }), 'prod\'s host').to.equal(false);
      expect(can({ action: 'route53:ChangeResourceRecordSets', resource: zone(), context: records(['_3f2a1b.chat.dev.example.com'], ['TXT']) }), 'TXT').to.equal(false);
      expect(can({ action: 'route53:ChangeResourceRecordSets', resource: zone(), context: records(['_a.chat.dev.example.com', 'www.example.com']) }), 'one bad name in the batch').to.equal(false);
      expect(can({ action: 'route53:ChangeResourceRecordSets', resource: zone('ZOTHERZONE1234'), context: records(['_3f2a1b.chat.dev.example.com']) }), 'another zone').to.equal(false);
      expect(can({ action: 'route53:ChangeResourceRecordSets', resource: zone() }), 'no record names at all').to.equal(false);
    });

    it('writes no DNS record without Route 53 (Cloudflare, manual) or without a domain', () => {
      for (const entry of [{ domain: 'chat.dev.example.com', route53: false }, undefined]) {
        const statements = statementsOf(deployPolicies(withEntry('dev', entry)));
        expect(statements.flatMap((st) => list(st.Action)).filter((a) => a.startsWith('route53:Change'))).to.deep.equal([]);
      }
    });

    it('with a zone looked up by name, writes the same records in whichever zone holds them', () => {
      const byName = statementsOf(deployPolicies(withEntry('dev', { domain: 'chat.dev.example.com', route53: true })));
      expect(allowed(byName, { action: 'route53:ChangeResourceRecordSets', resource: zone('ZANYZONE1234'), context: records(['_3f2a1b.chat.dev.example.com']) })).to.equal(true);
      expect(allowed(byName, { action: 'route53:ChangeResourceRecordSets', resource: zone('ZANYZONE1234'), context: records(['api.example.com']) })).to.equal(false);
    });
  });

  describe('plan role', () => {
    it('reads every environment\'s entry resources, and writes none of them', () => {
      for (const [action, resource] of [
        ['wafv2:GetWebACL', acl('prod')],
        ['wafv2:GetLoggingConfiguration', acl('dev')],
        ['dynamodb:DescribeTable', table('prod')],
        ['dynamodb:DescribeTimeToLive', table('dev')],
        ['budgets:ViewBudget', budget('prod')],
        ['cognito-idp:DescribeUserPool', POOL],
        ['route53:ListResourceRecordSets', zone()],
        ['logs:ListTagsForResource', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:aws-waf-logs-qa-dev-chat`],
      ] as const) {
        expect(allowed(plan, { action, resource }), `${action} on ${resource}`).to.equal(true);
      }
      for (const action of ['wafv2:UpdateWebACL', 'dynamodb:UpdateItem', 'dynamodb:GetItem', 'budgets:ModifyBudget', 'route53:ChangeResourceRecordSets']) {
        expect(allowed(plan, { action, resource: action.startsWith('wafv2') ? acl('dev') : action.startsWith('dynamodb') ? table('dev') : action.startsWith('budgets') ? budget('dev') : zone() }), action).to.equal(false);
      }
      expect(entryReadStatements(PLAN_SCOPE).flatMap((st) => list(st.Action as string | string[])).every(isReadAction)).to.equal(true);
    });
  });
});
