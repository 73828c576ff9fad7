/** Violating and compliant snippets of the DNS rule (external-dns's role limited to one zone). */
import { merge, policy, resource, stackOf, type RuleCase } from './fixtures';
import { workloadDnsOneZone } from '../rules/dns-records';

const ZONE = 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ';
const OTHER_ZONE = 'arn:aws:route53:::hostedzone/Z9876543210ZYXWVUTSRQ';
const ISSUER = 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE';

const irsaRole = resource('aws_iam_role', 'external-dns_irsa_role_1', {
  name: 'qa-prod-external-dns',
  assume_role_policy: policy({
    Effect: 'Allow',
    Principal: { Federated: '${aws_iam_openid_connect_provider.cluster_oidc_2.arn}' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:external-dns:external-dns', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
  }),
});
const podIdentityRole = resource('aws_iam_role', 'dns_pod_role_3', {
  name: 'qa-prod-dns-pods',
  assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
});
const githubRole = resource('aws_iam_role', 'ci_apply_role_4', {
  name: 'qa-github-apply-prod',
  assume_role_policy: policy({
    Effect: 'Allow',
    Principal: { Federated: '${aws_iam_openid_connect_provider.github_5.arn}' },
    Action: 'sts:AssumeRoleWithWebIdentity',
    Condition: { StringEquals: { 'token.actions.githubusercontent.com:sub': 'repo:acme/chatbot:environment:prod' } },
  }),
});
const inline = (role: string, id: string, ...statements: Array<Record<string, unknown>>) =>
  resource('aws_iam_role_policy', id, { name: `${role}-policy`, role: `\${aws_iam_role.${role}.name}`, policy: policy(...statements) });
const change = (...zones: string[]) => ({ Sid: 'Change', Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: zones.length === 1 ? zones[0] : zones });
const read = (zone = ZONE) => ({ Sid: 'Read', Effect: 'Allow', Action: 'route53:ListResourceRecordSets', Resource: zone });
const listZones = { Sid: 'FindTheZone', Effect: 'Allow', Action: 'route53:ListHostedZones', Resource: '*' };
const PROD = { name: 'platform-prod', production: true } as const;

export const DNS_CASES: readonly RuleCase[] = [
  {
    rule: workloadDnsOneZone,
    violates: 'external-dns allowed to change records in every hosted zone (hostedzone/*, as its tutorial has it)',
    violating: stackOf(merge(irsaRole, inline('external-dns_irsa_role_1', 'external-dns_irsa_policy_6', change('arn:aws:route53:::hostedzone/*'), listZones)), PROD),
    address: 'aws_iam_role.external-dns_irsa_role_1',
    complies: 'changes on the one zone by ARN (a literal id or a data source reference), reads, and ListHostedZones on "*"',
    compliant: stackOf(
      merge(
        irsaRole,
        inline('external-dns_irsa_role_1', 'external-dns_irsa_policy_6', change(ZONE), read(), listZones),
        podIdentityRole,
        inline('dns_pod_role_3', 'dns_pod_policy_7', change('arn:aws:route53:::hostedzone/${data.aws_route53_zone.edge_zone_8.zone_id}')),
      ),
      PROD,
    ),
  },
  {
    rule: workloadDnsOneZone,
    violates: 'a workload role changing records in two zones, through two statements',
    violating: stackOf(merge(irsaRole, inline('external-dns_irsa_role_1', 'external-dns_irsa_policy_6', change(ZONE), { ...change(OTHER_ZONE), Sid: 'Other' })), PROD),
    address: 'aws_iam_role.external-dns_irsa_role_1',
    complies: 'a CI role (trusted by GitHub, not by a workload) writing validation records in any zone: out of scope',
    compliant: stackOf(merge(githubRole, inline('ci_apply_role_4', 'ci_apply_policy_9', change('arn:aws:route53:::hostedzone/*'))), PROD),
  },
  {
    rule: workloadDnsOneZone,
    violates: 'a Pod Identity role allowed route53:* on its zone, and one on Resource "*"',
    violating: stackOf(merge(podIdentityRole, inline('dns_pod_role_3', 'dns_pod_policy_7', { Effect: 'Allow', Action: 'route53:*', Resource: ZONE }, change('*'))), PROD),
    address: 'aws_iam_role.dns_pod_role_3',
    complies: 'a workload role with Route 53 reads only',
    compliant: stackOf(merge(podIdentityRole, inline('dns_pod_role_3', 'dns_pod_policy_7', read(), listZones, { Effect: 'Allow', Action: 'route53:GetChange', Resource: 'arn:aws:route53:::change/*' })), PROD),
  },
];
