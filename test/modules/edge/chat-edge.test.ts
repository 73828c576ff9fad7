/**
 * ChatEdge for every combination of DNS provider, sign-in and environment: which resources exist,
 * how they are set, and what reaches the outputs (never the app client's secret).
 */
import { TerraformOutput, TerraformStack } from 'cdktf';
import { expect } from 'chai';
import { COMBINATIONS, HOSTED_ZONE_ID, type EdgeCombination } from './edge-matrix';
import { ChatEdge } from '../../../modules/edge/chat-edge';
import { testEnvironment } from '../../support/environment';
import { dataOf, onlyResource, parsePolicy, resourcesOf, synthConstructs, type TerraformJson } from '../../support/synth';

const TOPICS = { page: 'arn:aws:sns:eu-west-1:111122223333:qa-dev-alarms-page', ticket: 'arn:aws:sns:eu-west-1:111122223333:qa-dev-alarms-ticket' };

function warningsOf(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => String(m.type).toLowerCase().includes('warn'))
    .map((m) => String(m.data));
}

function build(c: EdgeCombination): { json: TerraformJson; edge: ChatEdge; outputs: Record<string, any>; retention: number; warnings: string[] } {
  const environment = testEnvironment(c.env, { edge: c.edge });
  let edge: ChatEdge | undefined;
  let stack: TerraformStack | undefined;
  const json = synthConstructs((s) => {
    stack = s;
    edge = new ChatEdge(s, 'edge', {
      name: `qa-${c.env}`,
      region: environment.region,
      accountId: environment.accountId,
      production: environment.production,
      config: environment.edge,
      logRetentionDays: environment.logRetentionDays,
      chatbotRoleName: `qa-${c.env}-chatbot-bedrock`,
      alarmTopics: TOPICS,
    });
    // As the platform stack does: every value of `outputs` becomes a Terraform output of that name.
    for (const [key, value] of Object.entries(edge.outputs)) new TerraformOutput(s, key, { value });
  });
  const outputs = Object.fromEntries(Object.entries(json.output ?? {}).map(([key, o]) => [key, o.value]));
  return { json, edge: edge!, outputs, retention: environment.logRetentionDays, warnings: warningsOf(stack!) };
}

describe('modules/edge/chat-edge', () => {
  for (const c of COMBINATIONS) {
    describe(c.label, () => {
      const { json, edge, outputs, retention, warnings } = build(c);

      it(c.domain ? 'has a DNS-validated certificate for the chat host' : 'has no certificate, and warns once that it serves plain HTTP', () => {
        const certificates = Object.values(resourcesOf(json, 'aws_acm_certificate'));
        if (!c.domain) {
          expect(certificates).to.have.length(0);
          expect(edge.certificateArn).to.equal(undefined);
          const http = warnings.filter((w) => w.includes('plain HTTP'));
          expect(http, warnings.join('\n')).to.have.length(1);
          expect(http[0]).to.include('edge.domain');
          return;
        }
        expect(warnings.filter((w) => w.includes('plain HTTP'))).to.deep.equal([]);
        expect(certificates).to.have.length(1);
        expect(certificates[0]).to.include({ domain_name: c.domain, validation_method: 'DNS' });
        expect(certificates[0].lifecycle.create_before_destroy).to.equal(true);
        expect(outputs.chat_domain).to.equal(c.domain);
        expect(outputs.chat_certificate_arn).to.be.a('string');
      });

      it(c.dns === 'route53' ? 'writes the validation record to the zone and waits for the certificate' : 'leaves the validation record to a person, and says which', () => {
        const records = Object.values(resourcesOf(json, 'aws_route53_record'));
        const validations = Object.values(resourcesOf(json, 'aws_acm_certificate_validation'));
        const manual = json.output?.chat_certificate_validation;
        if (c.dns === 'route53') {
          expect(records).to.have.length(1);
          expect(records[0].for_each).to.include('domain_validation_options');
          expect(validations).to.have.length(1);
          // Downstream (the Ingress) only ever gets the ARN of an issued certificate.
          expect(outputs.chat_certificate_arn).to.match(/aws_acm_certificate_validation\..*\.certificate_arn/);
          expect(manual).to.equal(undefined);
          if (c.env === 'prod') {
            expect(records[0].zone_id).to.equal(HOSTED_ZONE_ID);
            expect(Object.keys(dataOf(json, 'aws_route53_zone'))).to.have.length(0);
          } else {
            const [zone] = Object.values(dataOf(json, 'aws_route53_zone'));
            expect(zone).to.deep.include({ name: 'example.com', private_zone: false });
            expect(records[0].zone_id).to.match(/data\.aws_route53_zone\..*\.zone_id/);
          }
          expect(outputs.chat_hosted_zone_id).to.be.a('string');
          return;
        }
        expect(records).to.have.length(0);
        expect(validations).to.have.length(0);
        expect(outputs.chat_hosted_zone_id).to.equal(undefined);
        if (c.domain) {
          expect(manual?.value).to.match(/domain_validation_options/);
          expect(outputs.chat_certificate_arn).to.match(/aws_acm_certificate\..*\.arn/);
        } else {
          expect(manual).to.equal(undefined);
        }
        expect(edge.cloudflareZoneId !== undefined).to.equal(c.dns === 'cloudflare');
      });

      it('puts a regional web ACL with its log group in front of the ALB', () => {
        const acl = onlyResource(json, 'aws_wafv2_web_acl');
        expect(acl.scope).to.equal('REGIONAL');
        expect(acl.name).to.equal(`qa-${c.env}-chat`);
        const logging = onlyResource(json, 'aws_wafv2_web_acl_logging_configuration');
        expect(logging.resource_arn).to.match(/aws_wafv2_web_acl\..*\.arn/);
        const group = onlyResource(json, 'aws_cloudwatch_log_group');
        expect(group.name).to.equal(`aws-waf-logs-qa-${c.env}-chat`);
        expect(group.retention_in_days).to.equal(retention);
        expect(outputs.chat_web_acl_arn).to.match(/aws_wafv2_web_acl\..*\.arn/);
      });

      it(c.auth === 'cognito' ? 'has a Cognito user pool, ALB client and hosted domain' : 'has no Cognito resources', () => {
        const pools = Object.values(resourcesOf(json, 'aws_cognito_user_pool'));
        if (c.auth !== 'cognito') {
          expect(pools).to.have.length(0);
          expect(Object.keys(resourcesOf(json, 'aws_cognito_user_pool_client'))).to.have.length(0);
          expect(edge.cognito).to.equal(undefined);
          expect(Object.keys(outputs).filter((k) => k.startsWith('chat_user_pool'))).to.deep.equal([]);
          return;
        }
        expect(pools).to.have.length(1);
        const pool = pools[0];
        expect(pool.admin_create_user_config.allow_admin_create_user_only).to.equal(true);
        expect(pool.mfa_configuration).to.equal('OPTIONAL');
        expect(pool.software_token_mfa_configuration.enabled).to.equal(true);
        if (c.env === 'prod') {
          expect(pool.user_pool_add_ons.advanced_security_mode).to.equal('ENFORCED');
          expect(pool.user_pool_tier).to.equal('PLUS');
          expect(pool.deletion_protection).to.equal('ACTIVE');
        } else {
          expect(pool.user_pool_add_ons.advanced_security_mode).to.equal('OFF');
          expect(pool.user_pool_tier).to.equal('ESSENTIALS');
          expect(pool.deletion_protection).to.equal('INACTIVE');
        }
        const client = onlyResource(json, 'aws_cognito_user_pool_client');
        expect(client.generate_secret).to.equal(true);
        expect(client.allowed_oauth_flows).to.deep.equal(['code']);
        expect(client.allowed_oauth_scopes).to.have.members(['openid', 'email', 'profile']);
        expect(client.callback_urls).to.deep.equal([`https://${c.domain}/oauth2/idpresponse`]);
        expect(client.logout_urls).to.deep.equal([`https://${c.domain}/`]);
        const domain = onlyResource(json, 'aws_cognito_user_pool_domain');
        expect(domain.domain).to.equal(`qa-${c.env}-chat-111122223333`);
        expect(outputs.chat_sign_out_url).to.equal(
          `https://qa-${c.env}-chat-111122223333.auth.eu-west-1.amazoncognito.com/logout?client_id=${outputs.chat_user_pool_client_id}&logout_uri=${encodeURIComponent(`https://${c.domain}/`)}`,
        );
        expect(outputs.chat_auth_issuer).to.match(/^https:\/\/\$\{aws_cognito_user_pool\..*\.endpoint\}$/);
      });

      it('keeps every secret out of its outputs', () => {
        const all = JSON.stringify(json.output ?? {});
        expect(all).not.to.match(/client_secret|secret/i);
        // OIDC: the client secret stays in SSM (read by External Secrets); Terraform never reads it.
        expect(JSON.stringify(json)).not.to.include('oidc-client-secret');
        expect(JSON.stringify(json)).not.to.include('cloudflare-api-token');
        expect(Object.keys(dataOf(json, 'aws_ssm_parameter'))).to.have.length(0);
      });

      it(c.env === 'prod' ? 'counts the day\'s tokens in a table only the chatbot may update, and budgets Bedrock' : 'has no spend limits unless configured', () => {
        const tables = Object.values(resourcesOf(json, 'aws_dynamodb_table'));
        const budgets = Object.values(resourcesOf(json, 'aws_budgets_budget'));
        if (c.env === 'dev') {
          expect(tables).to.have.length(0);
          expect(budgets).to.have.length(0);
          return;
        }
        expect(tables).to.have.length(1);
        expect(tables[0]).to.deep.include({ name: 'qa-prod-chatbot-tokens', hash_key: 'pk', billing_mode: 'PAY_PER_REQUEST', deletion_protection_enabled: true });
        expect(tables[0].attribute).to.deep.equal([{ name: 'pk', type: 'S' }]);
        expect(tables[0].ttl).to.deep.equal({ attribute_name: 'expiresAt', enabled: true });
        expect(tables[0].server_side_encryption.enabled).to.equal(true);
        const grant = onlyResource(json, 'aws_iam_role_policy');
        expect(grant.role).to.equal('qa-prod-chatbot-bedrock');
        const [statement] = parsePolicy(grant.policy).Statement;
        expect(statement.Action).to.deep.equal(['dynamodb:GetItem', 'dynamodb:UpdateItem']);
        expect(statement.Resource).to.match(/^\$\{aws_dynamodb_table\..*\.arn\}$/);
        expect(outputs.chat_token_table_name).to.match(/aws_dynamodb_table\..*\.name/);
        expect(budgets).to.have.length(1);
        expect(budgets[0]).to.deep.include({ budget_type: 'COST', time_unit: 'MONTHLY', limit_amount: '200.00', limit_unit: 'USD' });
        expect(budgets[0].cost_filter).to.deep.equal([{ name: 'Service', values: ['Amazon Bedrock'] }]);
        const notifications = budgets[0].notification as Array<Record<string, any>>;
        expect(notifications.map((n) => [n.notification_type, n.threshold, n.subscriber_sns_topic_arns[0]])).to.have.deep.members([
          ['ACTUAL', 80, TOPICS.ticket],
          ['FORECASTED', 100, TOPICS.ticket],
          ['ACTUAL', 100, TOPICS.page],
        ]);
      });
    });
  }
});
