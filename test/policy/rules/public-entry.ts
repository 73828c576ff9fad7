/**
 * The chatbot's public entry on the AWS side (modules/edge): certificates renewable by DNS, the
 * regional WAF web ACL of production complete and logged, production holding both, Cognito pools
 * closed to self sign-up unless the environment's config opens them, and hardened in production.
 */
import { BASELINE_WAF_RULE_GROUPS } from '../../../modules/shared/environment-config';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { blocks, referencedIds, resources, type ResourceEntry } from '../terraform-json';

const regionalAcls = (stack: StackUnderTest): ResourceEntry[] => resources(stack.json, 'aws_wafv2_web_acl').filter((a) => a.attrs.scope === 'REGIONAL');

export const certificateDnsValidation: PolicyRule = {
  id: 'acm-dns-validation',
  description: 'ACM certificates requested by the stacks are DNS-validated (ACM renews them unattended; e-mail validation needs a person every year)',
  check: (stack) =>
    resources(stack.json, 'aws_acm_certificate')
      .filter((c) => c.attrs.certificate_body === undefined && c.attrs.validation_method !== 'DNS')
      .map((c) => violation(certificateDnsValidation.id, c.address, `validation_method is ${JSON.stringify(c.attrs.validation_method ?? 'unset')}, not DNS`)),
};

export const productionEntry: PolicyRule = {
  id: 'production-chat-entry',
  description: 'A production platform stack serves the chat over HTTPS behind WAF: it has an ACM certificate and a regional WAF web ACL',
  check: (stack) => {
    if (!stack.production || stack.kind !== 'platform') return [];
    const found: Violation[] = [];
    if (resources(stack.json, 'aws_acm_certificate').length === 0) {
      found.push(violation(productionEntry.id, 'aws_acm_certificate', `${stack.name} is production but requests no certificate for the chat host (edge.domain): its ALB would serve plain HTTP`));
    }
    if (regionalAcls(stack).length === 0) {
      found.push(violation(productionEntry.id, 'aws_wafv2_web_acl', `${stack.name} is production but has no regional WAF web ACL for the chat ALB (edge.waf)`));
    }
    return found;
  },
};

export const productionWafBaseline: PolicyRule = {
  id: 'waf-regional-production-baseline',
  description: `Production regional web ACLs block with ${BASELINE_WAF_RULE_GROUPS.join(', ')} and a per-IP rate rule, and are logged`,
  check: (stack) => {
    if (!stack.production) return [];
    const loggedAcls = new Set(resources(stack.json, 'aws_wafv2_web_acl_logging_configuration').flatMap((l) => [...referencedIds(l.attrs.resource_arn, 'aws_wafv2_web_acl')]));
    return regionalAcls(stack).flatMap((acl) => {
      const rules = blocks(acl.attrs.rule);
      const problems: string[] = [];
      for (const group of BASELINE_WAF_RULE_GROUPS) {
        const rule = rules.find((r) => r.statement?.managed_rule_group_statement?.name === group);
        if (!rule) problems.push(`has no rule running ${group}`);
        else if (blocks(rule.override_action).some((o) => o.count !== undefined)) problems.push(`only counts ${group} (override_action count)`);
      }
      const rate = rules.find((r) => r.statement?.rate_based_statement !== undefined);
      if (!rate) {
        problems.push('has no rate-based rule');
      } else {
        if ((rate.statement.rate_based_statement.aggregate_key_type ?? 'IP') !== 'IP') problems.push('rate-based rule does not count per IP (aggregate_key_type IP)');
        if (blocks(rate.action).every((a) => a.block === undefined)) problems.push('rate-based rule does not block');
      }
      if (!loggedAcls.has(acl.logicalId)) problems.push('has no aws_wafv2_web_acl_logging_configuration');
      return problems.map((p) => violation(productionWafBaseline.id, acl.address, p));
    });
  },
};

export const cognitoSelfSignUp: PolicyRule = {
  id: 'cognito-no-self-sign-up',
  description: 'Cognito user pools let only admins create users, unless the environment config sets edge.auth.selfSignUp: true',
  check: (stack) => {
    const auth = stack.environment?.edge.auth;
    const configured = auth?.provider === 'cognito' && auth.selfSignUp;
    return resources(stack.json, 'aws_cognito_user_pool')
      .filter((p) => !configured && !blocks(p.attrs.admin_create_user_config).some((c) => c.allow_admin_create_user_only === true))
      .map((p) => violation(cognitoSelfSignUp.id, p.address, 'lets anyone sign up (admin_create_user_config.allow_admin_create_user_only is not true) but the config does not set edge.auth.selfSignUp'));
  },
};

export const productionCognitoHardening: PolicyRule = {
  id: 'cognito-production-hardening',
  description: 'Production Cognito user pools have deletion protection and threat protection (advanced security) on',
  check: (stack) =>
    stack.production
      ? resources(stack.json, 'aws_cognito_user_pool').flatMap((p) => {
        const problems: string[] = [];
        if (p.attrs.deletion_protection !== 'ACTIVE') problems.push('deletion_protection is not ACTIVE');
        const mode = blocks(p.attrs.user_pool_add_ons)[0]?.advanced_security_mode;
        if (mode !== 'ENFORCED' && mode !== 'AUDIT') problems.push(`advanced_security_mode is ${JSON.stringify(mode ?? 'unset')}, not ENFORCED or AUDIT`);
        return problems.map((m) => violation(productionCognitoHardening.id, p.address, m));
      })
      : [],
};

export const PUBLIC_ENTRY_RULES: readonly PolicyRule[] = [
  certificateDnsValidation,
  productionEntry,
  productionWafBaseline,
  cognitoSelfSignUp,
  productionCognitoHardening,
];
