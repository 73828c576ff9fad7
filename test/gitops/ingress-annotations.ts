/**
 * The Ingress annotations gitops/ and the add-ons stack use, one row each: who reads it, and where
 * its value comes from. test/gitops/ingress-annotations.test.ts checks every row against the
 * controller's own reference for the pinned version (kept under test/fixtures with source.json) and
 * every annotation on a rendered Ingress against this table; docs/addons-and-gitops.md repeats it.
 */

/** Whose documentation defines an annotation. */
export type AnnotationReader = 'aws-load-balancer-controller' | 'external-dns';

export interface IngressAnnotation {
  readonly name: string;
  readonly readBy: AnnotationReader;
  /** Where the value is set: base, a component, an overlay, or the root Application (Terraform values). */
  readonly setIn: string;
}

const ALB = 'aws-load-balancer-controller';

export const INGRESS_ANNOTATIONS: readonly IngressAnnotation[] = [
  { name: 'alb.ingress.kubernetes.io/scheme', readBy: ALB, setIn: 'base' },
  { name: 'alb.ingress.kubernetes.io/target-type', readBy: ALB, setIn: 'base' },
  { name: 'alb.ingress.kubernetes.io/healthcheck-path', readBy: ALB, setIn: 'base' },
  { name: 'alb.ingress.kubernetes.io/success-codes', readBy: ALB, setIn: 'base' },
  { name: 'alb.ingress.kubernetes.io/target-group-attributes', readBy: ALB, setIn: 'base' },
  { name: 'alb.ingress.kubernetes.io/listen-ports', readBy: ALB, setIn: 'base (HTTP), components/https (HTTP + HTTPS)' },
  { name: 'alb.ingress.kubernetes.io/group.name', readBy: ALB, setIn: 'overlay' },
  { name: 'alb.ingress.kubernetes.io/group.order', readBy: ALB, setIn: 'components/sign-in' },
  { name: 'alb.ingress.kubernetes.io/load-balancer-name', readBy: ALB, setIn: 'overlay' },
  { name: 'alb.ingress.kubernetes.io/ssl-redirect', readBy: ALB, setIn: 'components/https' },
  { name: 'alb.ingress.kubernetes.io/ssl-policy', readBy: ALB, setIn: 'components/https' },
  { name: 'alb.ingress.kubernetes.io/certificate-arn', readBy: ALB, setIn: 'root Application (platform certificate)' },
  { name: 'alb.ingress.kubernetes.io/wafv2-acl-arn', readBy: ALB, setIn: 'root Application (platform web ACL)' },
  { name: 'alb.ingress.kubernetes.io/auth-type', readBy: ALB, setIn: 'components/sign-in-cognito, sign-in-oidc; none on chatbot-public' },
  { name: 'alb.ingress.kubernetes.io/auth-idp-cognito', readBy: ALB, setIn: 'root Application (platform user pool)' },
  { name: 'alb.ingress.kubernetes.io/auth-idp-oidc', readBy: ALB, setIn: 'overlay (edge.auth of an oidc environment)' },
  { name: 'alb.ingress.kubernetes.io/auth-on-unauthenticated-request', readBy: ALB, setIn: 'components/sign-in' },
  { name: 'alb.ingress.kubernetes.io/auth-scope', readBy: ALB, setIn: 'components/sign-in' },
  { name: 'alb.ingress.kubernetes.io/auth-session-cookie', readBy: ALB, setIn: 'components/sign-in' },
  { name: 'alb.ingress.kubernetes.io/auth-session-timeout', readBy: ALB, setIn: 'components/sign-in' },
  { name: 'external-dns.alpha.kubernetes.io/hostname', readBy: 'external-dns', setIn: 'overlay (edge.domain, with edge.dns)' },
  { name: 'external-dns.alpha.kubernetes.io/ingress-hostname-source', readBy: 'external-dns', setIn: 'base, components/sign-in' },
];

/** Prefixes whose annotations must all be in the table (anything else, e.g. Argo CD's, is not checked here). */
export const CHECKED_PREFIXES: Readonly<Record<AnnotationReader, string>> = {
  'aws-load-balancer-controller': 'alb.ingress.kubernetes.io/',
  'external-dns': 'external-dns.alpha.kubernetes.io/',
};

/** Whether `reference` (the controller's annotation doc, verbatim) documents `name`. */
export function isDocumented(name: string, reader: AnnotationReader, reference: string): boolean {
  if (reader === 'external-dns') return new RegExp(`^## ${escape(name)}\\s*$`, 'm').test(reference);
  const short = name.slice(CHECKED_PREFIXES[reader].length);
  // The reference defines each annotation at an anchor: <a name="ssl-policy">`alb.ingress.kubernetes.io/ssl-policy`</a>.
  return new RegExp(`<a name="${escape(short)}">\`${escape(name)}\`</a>`).test(reference);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
