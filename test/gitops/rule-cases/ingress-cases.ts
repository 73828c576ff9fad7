/** Cases for the production ALB Ingress rule: a compliant prod Ingress, broken once per case. */
import { compliantEnvironment, type GitopsRuleCase } from './compliant-environment';
import type { RenderedObject } from '../render';
import { productionAlbIngressEdge } from '../rules/ingress-rules';

const A = 'alb.ingress.kubernetes.io/';
const PROD_DIR = 'gitops/apps/chatbot/overlays/prod';
const FILE = 'gitops/apps/chatbot/base/ingress.yaml';
export const PROD_INGRESS = `${FILE}: Ingress chatbot/chatbot`;

/** An Ingress of the prod overlay that the rule accepts. */
export function productionIngress(): Record<string, any> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'chatbot',
      namespace: 'chatbot',
      annotations: {
        [`${A}scheme`]: 'internet-facing',
        [`${A}listen-ports`]: '[{"HTTP": 80}, {"HTTPS": 443}]',
        [`${A}ssl-redirect`]: '443',
        [`${A}ssl-policy`]: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        [`${A}certificate-arn`]: 'arn:aws:acm:eu-west-1:111122223333:certificate/3f0e2a1b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
        [`${A}wafv2-acl-arn`]: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/qa-prod-chat/3f0e2a1b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
      },
    },
    spec: { ingressClassName: 'alb', rules: [{ host: 'chat.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'chatbot', port: { name: 'http' } } } }] } }] },
  };
}

function withIngress(mutate: (o: any) => void, directory = PROD_DIR): RenderedObject[] {
  const ingress = productionIngress();
  mutate(ingress);
  return [...compliantEnvironment(), { directory, file: FILE, object: ingress }];
}

const annotate = (name: string, value: string | undefined) => (o: any) => {
  if (value === undefined) delete o.metadata.annotations[`${A}${name}`];
  else o.metadata.annotations[`${A}${name}`] = value;
};

const edgeCase = (violates: string, says: string, mutate: (o: any) => void): GitopsRuleCase => ({
  rule: productionAlbIngressEdge,
  violates,
  objects: withIngress(mutate),
  names: PROD_INGRESS,
  says,
});

export const INGRESS_CASES: readonly GitopsRuleCase[] = [
  edgeCase('an HTTP-only listener', 'has no HTTPS:443 listener', annotate('listen-ports', '[{"HTTP": 80}]')),
  edgeCase('the default listeners (HTTP only without a certificate-arn)', 'has no HTTPS:443 listener', annotate('listen-ports', undefined)),
  edgeCase('HTTP kept open without a redirect', 'serves HTTP without ssl-redirect', annotate('ssl-redirect', undefined)),
  edgeCase('no SSL policy', 'has no ssl-policy', annotate('ssl-policy', undefined)),
  edgeCase('a policy accepting TLS 1.0', 'ssl-policy ELBSecurityPolicy-2016-08 is not a TLS 1.2+ policy', annotate('ssl-policy', 'ELBSecurityPolicy-2016-08')),
  edgeCase('no WAF web ACL', 'has no WAF web ACL', annotate('wafv2-acl-arn', undefined)),
  edgeCase('WAF switched off', 'has no WAF web ACL', annotate('wafv2-acl-arn', 'none')),
  edgeCase('a CloudFront (global) web ACL', 'is not a regional WAFv2 web ACL ARN', annotate('wafv2-acl-arn', 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/site/3f0e2a1b-5c6d-4e7f-8a9b-0c1d2e3f4a5b')),
  edgeCase('no certificate and no host to discover one for', 'has no certificate', (o) => {
    annotate('certificate-arn', undefined)(o);
    delete o.spec.rules[0].host;
  }),
  edgeCase('listen-ports that are not JSON', 'is not the controller\'s JSON list', annotate('listen-ports', 'HTTPS:443')),
];
