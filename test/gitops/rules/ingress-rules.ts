/**
 * The public entry: every internet-facing ALB Ingress a production environment deploys has an
 * HTTPS listener with a TLS 1.2+ policy, sends HTTP to it, has a certificate and a WAF web ACL.
 * Annotation semantics as the AWS Load Balancer Controller documents them for the pinned version
 * (test/fixtures/aws-load-balancer-controller/<version>/ingress-annotations.md).
 */
import * as path from 'node:path';
import { loadConfig } from '../../../stacks/config';
import { type GitopsRule, type GitopsViolation, ofKind, violation } from '../gitops-rule';
import { environmentOf, REPO_ROOT } from '../render';

const A = 'alb.ingress.kubernetes.io/';

/** ELB security policies that accept TLS 1.2 and 1.3 only (no 1.0/1.1). */
const TLS12_PLUS_POLICIES = [/^ELBSecurityPolicy-TLS13-1-2-/, /^ELBSecurityPolicy-TLS13-1-3-/, /^ELBSecurityPolicy-TLS-1-2-/, /^ELBSecurityPolicy-FS-1-2-/];
const ACM_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]+$/;
const REGIONAL_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:\d{12}:regional\/webacl\/[\w-]+\/[0-9a-f-]+$/;

let productionEnvironments: { all: string[]; production: string[] } | undefined;

/** Environment names of config/ and which of them are production (read once). */
function environments(): { all: string[]; production: string[] } {
  productionEnvironments ??= (() => {
    const envs = loadConfig(path.join(REPO_ROOT, 'config')).environments;
    return { all: envs.map((e) => e.name), production: envs.filter((e) => e.production).map((e) => e.name) };
  })();
  return productionEnvironments;
}

/** The listeners of `listen-ports` (default HTTP:80), or undefined when it is not the documented JSON. */
export function listenPorts(value: string | undefined): Array<{ protocol: string; port: number }> | undefined {
  if (value === undefined) return [{ protocol: 'HTTP', port: 80 }];
  try {
    const parsed: unknown = JSON.parse(value);
    if (!Array.isArray(parsed)) return undefined;
    return parsed.flatMap((entry) => Object.entries(entry as Record<string, number>).map(([protocol, port]) => ({ protocol, port })));
  } catch {
    return undefined;
  }
}

export const productionAlbIngressEdge: GitopsRule = {
  id: 'production-alb-ingress-https-waf',
  description: 'every internet-facing ALB Ingress in production listens on HTTPS with a TLS 1.2+ policy, redirects HTTP, has a certificate and a WAF web ACL',
  check(objects) {
    const { all, production } = environments();
    const found: GitopsViolation[] = [];
    for (const ingress of ofKind(objects, 'Ingress', 'networking.k8s.io')) {
      const env = environmentOf(ingress.directory, all);
      if (env === undefined || !production.includes(env)) continue;
      const annotations = ingress.object.metadata?.annotations ?? {};
      const spec = ingress.object.spec ?? {};
      const isAlb = spec.ingressClassName === 'alb' || annotations['kubernetes.io/ingress.class'] === 'alb';
      if (!isAlb || annotations[`${A}scheme`] !== 'internet-facing') continue;
      const report = (problem: string) => found.push(violation(this.id, ingress, problem));
      const ports = listenPorts(annotations[`${A}listen-ports`]);
      if (ports === undefined) {
        report(`${A}listen-ports is not the controller's JSON list (e.g. '[{"HTTP": 80}, {"HTTPS": 443}]')`);
        continue;
      }
      if (!ports.some((p) => p.protocol === 'HTTPS' && p.port === 443)) report('has no HTTPS:443 listener (listen-ports)');
      if (ports.some((p) => p.protocol === 'HTTP') && annotations[`${A}ssl-redirect`] !== '443') report('serves HTTP without ssl-redirect: "443" (clear-text requests would reach the pods)');
      const policy = annotations[`${A}ssl-policy`];
      if (policy === undefined) report('has no ssl-policy (the default ELBSecurityPolicy-2016-08 accepts TLS 1.0)');
      else if (!TLS12_PLUS_POLICIES.some((p) => p.test(policy))) report(`ssl-policy ${policy} is not a TLS 1.2+ policy (e.g. ELBSecurityPolicy-TLS13-1-2-2021-06)`);
      const certificates = (annotations[`${A}certificate-arn`] ?? '').split(',').map((c: string) => c.trim()).filter(Boolean);
      const hosts = [...(spec.tls ?? []).flatMap((t: any) => t.hosts ?? []), ...(spec.rules ?? []).map((r: any) => r.host).filter(Boolean)];
      if (certificates.length === 0 && hosts.length === 0) report('has no certificate: neither certificate-arn nor a host the controller could discover one for');
      for (const arn of certificates) if (!ACM_ARN.test(arn)) report(`certificate-arn ${arn} is not an ACM certificate ARN`);
      const acl = annotations[`${A}wafv2-acl-arn`];
      const aclName = annotations[`${A}wafv2-acl-name`];
      if ((acl === undefined || acl === 'none') && (aclName === undefined || aclName === 'none')) report('has no WAF web ACL (wafv2-acl-arn)');
      else if (acl !== undefined && acl !== 'none' && !REGIONAL_WEB_ACL_ARN.test(acl)) report(`wafv2-acl-arn ${acl} is not a regional WAFv2 web ACL ARN`);
    }
    return found;
  },
};

export const INGRESS_RULES: readonly GitopsRule[] = [productionAlbIngressEdge];
