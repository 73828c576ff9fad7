import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { Annotations, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { BedrockBudget, type AlarmTopicArns } from './bedrock-budget';
import { ChatCertificate } from './chat-certificate';
import { ChatUserPool } from './chat-user-pool';
import { ChatWebAcl } from './chat-web-acl';
import { TokenBudgetTable } from './token-budget-table';
import type { EdgeConfig, EdgeDnsProvider } from '../shared/environment-config';

export interface ChatEdgeProps {
  /** Base name of the environment's resources (`<prefix>-<env>`). */
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  readonly production: boolean;
  readonly config: EdgeConfig;
  /** Retention of the WAF log group, days. */
  readonly logRetentionDays: number;
  /** Name of the chatbot's Pod Identity role, which gets the token counter. */
  readonly chatbotRoleName: string;
  /** The environment's alarm topics, for the Bedrock budget; absent: the budget notifies nobody yet. */
  readonly alarmTopics?: AlarmTopicArns;
}

/** What the Ingress's Cognito action needs (`alb.ingress.kubernetes.io/auth-idp-cognito`), and the chatbot's sign-in settings. */
export interface ChatCognitoOutputs {
  readonly userPoolArn: string;
  readonly userPoolClientId: string;
  /** The hosted UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`), as the controller's `userPoolDomain` takes it. */
  readonly userPoolDomain: string;
  /** The pool's issuer URL: the chatbot checks the claims' `iss` against it. */
  readonly issuer: string;
  /** Cognito's logout URL for the client, back to the chat host. */
  readonly signOutUrl: string;
}

/**
 * The AWS side of the chatbot's public entry (docs/edge.md): the chat host's certificate, the
 * WAF web ACL, the Cognito user pool, the shared daily token counter and the Bedrock cost budget.
 * The ALB itself belongs to the AWS Load Balancer Controller (gitops/): these are what its Ingress
 * annotations and the external-dns add-on point at, through the public fields below and the
 * platform stack's outputs.
 */
export class ChatEdge extends Construct {
  /** The chat host; absent in an environment served over plain HTTP (dev only). */
  readonly domain?: string;
  readonly dnsProvider: EdgeDnsProvider;
  /** Route 53 zone of the chat host (`route53` only): where external-dns may write, and nowhere else. */
  readonly hostedZoneId?: string;
  /** Cloudflare zone id (`cloudflare` only). */
  readonly cloudflareZoneId?: string;
  readonly certificate?: ChatCertificate;
  /** The certificate for the HTTPS listener (`alb.ingress.kubernetes.io/certificate-arn`). */
  readonly certificateArn?: string;
  readonly webAcl?: ChatWebAcl;
  /** The regional web ACL (`alb.ingress.kubernetes.io/wafv2-acl-arn`). */
  readonly webAclArn?: string;
  readonly userPool?: ChatUserPool;
  readonly cognito?: ChatCognitoOutputs;
  readonly tokenTable?: TokenBudgetTable;
  readonly bedrockBudget?: BedrockBudget;
  /** Values the add-ons stack and operators read, by output name (`chat_*`). */
  readonly outputs: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ChatEdgeProps) {
    super(scope, id);
    const { config, name } = props;
    const outputs: Record<string, string> = {};
    this.domain = config.domain;
    this.dnsProvider = config.dns.provider;

    if (config.dns.provider === 'route53') {
      this.hostedZoneId = config.dns.hostedZoneId ?? new DataAwsRoute53Zone(this, 'zone', { name: config.dns.zoneName, privateZone: false }).zoneId;
      outputs.chat_hosted_zone_id = this.hostedZoneId;
    } else if (config.dns.provider === 'cloudflare') {
      this.cloudflareZoneId = config.dns.zoneId;
    }

    if (config.domain === undefined) {
      Annotations.of(this).addWarning(
        `edge.domain is not set: the chatbot of ${name} is served over plain HTTP on the load balancer's own name, without TLS, sign-in or a DNS record. ` +
          'Set edge.domain (and edge.dns) to serve it over HTTPS; production refuses to run without it.',
      );
    } else {
      outputs.chat_domain = config.domain;
      this.certificate = new ChatCertificate(this, 'certificate', { domain: config.domain, route53ZoneId: this.hostedZoneId });
      this.certificateArn = this.certificate.certificateArn;
      outputs.chat_certificate_arn = this.certificateArn;
      if (!this.certificate.validatedByTerraform) {
        // The one manual step: the CNAME ACM asks for, to add at the DNS host (docs/edge.md).
        new TerraformOutput(this, 'chat_certificate_validation', {
          staticId: true,
          description: 'Add this CNAME at your DNS host once; ACM issues the certificate (and renews it) when it resolves',
          value: this.certificate.validationRecords,
        });
      }
    }

    if (config.waf.enabled) {
      this.webAcl = new ChatWebAcl(this, 'waf', {
        name: `${name}-chat`,
        config: config.waf,
        region: props.region,
        accountId: props.accountId,
        logRetentionDays: props.logRetentionDays,
      });
      this.webAclArn = this.webAcl.webAclArn;
      outputs.chat_web_acl_arn = this.webAclArn;
    }

    if (config.auth.provider === 'cognito' && config.domain !== undefined) {
      this.userPool = new ChatUserPool(this, 'cognito', {
        name: `${name}-chat`,
        region: props.region,
        domain: config.domain,
        config: config.auth,
        production: props.production,
      });
      this.cognito = {
        userPoolArn: this.userPool.userPool.arn,
        userPoolClientId: this.userPool.client.id,
        userPoolDomain: this.userPool.domain.domain,
        issuer: this.userPool.issuer,
        signOutUrl: this.userPool.signOutUrl,
      };
      Object.assign(outputs, {
        chat_user_pool_arn: this.cognito.userPoolArn,
        chat_user_pool_client_id: this.cognito.userPoolClientId,
        chat_user_pool_domain: this.cognito.userPoolDomain,
        chat_auth_issuer: this.cognito.issuer,
        chat_sign_out_url: this.cognito.signOutUrl,
      });
    }

    if (config.dailyTokenBudget !== undefined) {
      this.tokenTable = new TokenBudgetTable(this, 'token-budget', { tableName: `${name}-chatbot-tokens`, production: props.production });
      this.tokenTable.grantCounterAccess(props.chatbotRoleName);
      outputs.chat_token_table_name = this.tokenTable.tableName;
    }

    if (config.bedrockMonthlyBudgetUsd !== undefined) {
      this.bedrockBudget = new BedrockBudget(this, 'bedrock-budget', {
        name: `${name}-bedrock`,
        monthlyLimitUsd: config.bedrockMonthlyBudgetUsd,
        alarmTopics: props.alarmTopics,
      });
      if (props.alarmTopics === undefined) {
        Annotations.of(this).addWarning(`the Bedrock budget of ${name} has no alarm topics to notify; pass alarmTopics to ChatEdge`);
      }
    }
    this.outputs = outputs;
  }
}
