/**
 * Pieces every WAF web ACL of the platform is built from (the CloudFront one in
 * modules/static-site, the ALB one in modules/edge): visibility settings and AWS managed rule group
 * rules. The provider types a rule's `statement` as `any` (its nesting is recursive) and passes it
 * to Terraform unchanged, so statements use Terraform's snake_case keys.
 */
import type { Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';

/** CloudWatch metrics and sampled requests on, under `metricName`. */
export function wafVisibility(metricName: string) {
  return { cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true };
}

/** A statement that evaluates one AWS managed rule group, some of its rules overridden to another action. */
export interface ManagedRuleGroupStatement {
  readonly managed_rule_group_statement: {
    readonly name: string;
    readonly vendor_name: 'AWS';
    readonly rule_action_override?: ReadonlyArray<{ readonly name: string; readonly action_to_use: { readonly count: Record<string, never> } }>;
  };
}

/**
 * A rule running the AWS managed rule group `group` with its own actions (`overrideAction: none`;
 * `count` would only observe). `countOnly` names rules of the group that only count, because
 * another rule of the ACL does their job better.
 */
export function managedRuleGroupRule(group: string, priority: number, metricPrefix: string, countOnly: readonly string[] = []): Wafv2WebAclRule {
  const statement: ManagedRuleGroupStatement = {
    managed_rule_group_statement: {
      name: group,
      vendor_name: 'AWS',
      ...(countOnly.length === 0 ? {} : { rule_action_override: countOnly.map((name) => ({ name, action_to_use: { count: {} } })) }),
    },
  };
  return { name: group, priority, overrideAction: { none: {} }, statement, visibilityConfig: wafVisibility(`${metricPrefix}-${group}`) };
}
