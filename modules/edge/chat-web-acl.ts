import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogResourcePolicy } from '@cdktf/provider-aws/lib/cloudwatch-log-resource-policy';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';
import { numberAbovePattern } from './content-length-pattern';
import type { EdgeWafConfig } from '../shared/environment-config';
import { policyJson } from '../shared/policy-document';
import { managedRuleGroupRule, wafVisibility } from '../shared/waf-rules';

/** WAF only delivers logs to CloudWatch log groups whose name starts with this. */
export const WAF_LOG_GROUP_PREFIX = 'aws-waf-logs-';

/**
 * The Common Rule Set's body size rule blocks every body over 8 KiB (all an ALB lets WAF see).
 * The chat posts up to the chatbot's own limit, so that rule only counts here and the
 * `body-size` rule, on the announced Content-Length, enforces the real limit.
 */
export const COUNTED_COMMON_RULES = ['SizeRestrictions_BODY'] as const;

/** Headers kept out of WAF logs: the ALB's session cookie, bearer tokens, the signed user claims. */
export const REDACTED_HEADERS = ['cookie', 'authorization', 'x-amzn-oidc-data', 'x-amzn-oidc-accesstoken'] as const;

export interface ChatWebAclProps {
  /** Web ACL name (`<prefix>-<env>-chat`); also the prefix of its metric names and its log group. */
  readonly name: string;
  readonly config: EdgeWafConfig;
  readonly region: string;
  readonly accountId: string;
  /** Retention of the WAF log group, days. */
  readonly logRetentionDays: number;
}

/**
 * The regional WAF web ACL in front of the chat ALB (the AWS Load Balancer Controller associates
 * it through the Ingress's `alb.ingress.kubernetes.io/wafv2-acl-arn`). Rules, in order: a per-IP
 * rate limit (429), a body-size limit on Content-Length (413), then the configured AWS managed
 * rule groups. Requests that no rule blocks are allowed. Blocked and counted requests are logged
 * to `aws-waf-logs-<name>` with credentials redacted.
 */
export class ChatWebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly webAclArn: string;
  readonly logGroup: CloudwatchLogGroup;
  readonly logging: Wafv2WebAclLoggingConfiguration;

  constructor(scope: Construct, id: string, props: ChatWebAclProps) {
    super(scope, id);
    const { name, config } = props;
    const rules: Wafv2WebAclRule[] = [
      {
        name: 'rate-limit-per-ip',
        priority: 1,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: { rate_based_statement: { limit: config.rateLimitPer5MinPerIp, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
        visibilityConfig: wafVisibility(`${name}-rate-limit-per-ip`),
      },
      {
        name: 'body-size',
        priority: 2,
        action: { block: { customResponse: { responseCode: 413 } } },
        statement: {
          regex_match_statement: {
            regex_string: numberAbovePattern(config.bodySizeLimitBytes),
            field_to_match: { single_header: { name: 'content-length' } },
            text_transformation: [{ priority: 0, type: 'NONE' }],
          },
        },
        visibilityConfig: wafVisibility(`${name}-body-size`),
      },
      ...config.managedRuleGroups.map((group, i) =>
        managedRuleGroupRule(group, 10 + i, name, group === 'AWSManagedRulesCommonRuleSet' ? COUNTED_COMMON_RULES : []),
      ),
    ];
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name,
      description: `Rate limit, body size and AWS managed rules in front of the chat ALB (${name})`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: wafVisibility(name),
      rule: rules,
    });
    this.webAclArn = this.webAcl.arn;

    // No KMS key: like the platform's other log groups, the WAF log group relies on CloudWatch
    // Logs' default encryption at rest; its credentials are redacted before they are written.
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', { name: `${WAF_LOG_GROUP_PREFIX}${name}`, retentionInDays: props.logRetentionDays });
    // Our own resource policy on this group: otherwise WAF edits the account-wide AWSWAF-LOGS
    // policy on every apply (which grows until it hits the size limit).
    const delivery = new CloudwatchLogResourcePolicy(this, 'log-delivery-policy', {
      policyName: `${name}-waf-log-delivery`,
      policyDocument: policyJson({
        Sid: 'WafLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'delivery.logs.amazonaws.com' },
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${this.logGroup.arn}:*`,
        Condition: {
          StringEquals: { 'aws:SourceAccount': props.accountId },
          ArnLike: { 'aws:SourceArn': `arn:aws:logs:${props.region}:${props.accountId}:*` },
        },
      }),
    });
    this.logging = new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: REDACTED_HEADERS.map((header) => ({ singleHeader: { name: header } })),
      // Allowed requests are visible in the ALB's metrics; the log keeps what WAF acted on.
      loggingFilter: {
        defaultBehavior: 'DROP',
        filter: [
          {
            behavior: 'KEEP',
            requirement: 'MEETS_ANY',
            condition: [{ actionCondition: { action: 'BLOCK' } }, { actionCondition: { action: 'COUNT' } }, { actionCondition: { action: 'EXCLUDED_AS_COUNT' } }],
          },
        ],
      },
      dependsOn: [delivery],
    });
  }
}
