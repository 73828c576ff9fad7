import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Construct } from 'constructs';
import { managedRuleGroupRule, wafVisibility } from '../shared/waf-rules';

/**
 * AWS managed rule groups in front of the site, in evaluation order: the common OWASP-style set,
 * known bad inputs (Log4j and similar exploit payloads), then IP reputation and anonymising
 * networks (VPNs, Tor, hosting providers). All are free of subscription fees.
 */
export const SITE_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesAnonymousIpList',
] as const;

export interface SiteWebAclProps {
  /** Web ACL name; also the prefix of its CloudWatch metric names. */
  readonly name: string;
  /**
   * AWS provider in us-east-1: CloudFront-scoped web ACLs exist only there, whatever the stack's
   * region.
   */
  readonly globalProvider: AwsProvider;
  /**
   * AWS managed rule groups, evaluated in this order.
   * @default SITE_MANAGED_RULE_GROUPS
   */
  readonly managedRuleGroups?: readonly string[];
}

const DEFAULTS = {
  managedRuleGroups: SITE_MANAGED_RULE_GROUPS,
} satisfies Partial<SiteWebAclProps>;

/** A CloudFront-scoped WAF web ACL: allow by default, block what the managed rule groups match. */
export class SiteWebAcl extends Construct {
  readonly webAcl: Wafv2WebAcl;
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: SiteWebAclProps) {
    super(scope, id);
    const resolved = { ...DEFAULTS, ...props };
    const rules: Wafv2WebAclRule[] = resolved.managedRuleGroups.map((group, i) => managedRuleGroupRule(group, i + 1, resolved.name));
    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      provider: resolved.globalProvider,
      name: resolved.name,
      description: 'Managed rule groups in front of the static site distribution',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: wafVisibility(resolved.name),
      rule: rules,
    });
    this.webAclArn = this.webAcl.arn;
  }
}
