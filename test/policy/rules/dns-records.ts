/**
 * DNS records from inside the cluster (external-dns): a role a Kubernetes workload can assume
 * (IRSA or EKS Pod Identity) may change records in one Route 53 hosted zone at most, named by its
 * ARN, and may do nothing else to Route 53 but read. A wildcard zone (`hostedzone/*`, the policy
 * external-dns documents) would let a compromised pod repoint any name of any zone in the account.
 */
import { actionsOf, conditionsOf, isAllow, principalsOf, statementLabel, type Statement } from '../iam-documents';
import { violation, type PolicyRule, type StackUnderTest } from '../policy-rule';
import { policiesOfRole } from '../role-policies';
import { blocks, resources, strings, type ResourceEntry } from '../terraform-json';

/** One hosted zone: a literal id or a single Terraform reference, nothing wild. */
const ONE_ZONE = /^arn:aws:route53:::hostedzone\/(Z[A-Z0-9]+|\$\{[^*?}]+\})$/;

/** Whether a trust policy lets a Kubernetes service account (IRSA) or a pod (Pod Identity) assume the role. */
function trustedByWorkload(role: ResourceEntry): boolean {
  let trust: { Statement?: unknown };
  try {
    trust = JSON.parse(String(role.attrs.assume_role_policy));
  } catch {
    return false;
  }
  return blocks(trust.Statement).some((st) =>
    principalsOf(st, 'Service').includes('pods.eks.amazonaws.com')
    || conditionsOf(st).some((c) => c.key.endsWith(':sub') && c.values.some((v) => v.startsWith('system:serviceaccount:'))),
  );
}

/** `route53:*`, `*` and every Route 53 action that is not a read. */
function route53Writes(st: Statement): string[] {
  return actionsOf(st).filter((a) => {
    const lower = a.toLowerCase();
    if (lower === '*') return true;
    if (!lower.startsWith('route53:')) return false;
    const verb = lower.slice('route53:'.length);
    return !(verb.startsWith('list') || verb.startsWith('get')) || verb.includes('*');
  });
}

export const workloadDnsOneZone: PolicyRule = {
  id: 'dns-workload-one-zone',
  description:
    'A role a cluster workload can assume (external-dns) changes Route 53 records in at most one hosted zone, named by its ARN, and no other Route 53 write',
  check: (stack: StackUnderTest) =>
    resources(stack.json, 'aws_iam_role')
      .filter(trustedByWorkload)
      .flatMap((role) => {
        const problems: string[] = [];
        const zones = new Set<string>();
        for (const doc of policiesOfRole(stack.json, role)) {
          (doc.statements ?? []).forEach((st, i) => {
            if (!isAllow(st)) return;
            const writes = route53Writes(st);
            if (writes.length === 0) return;
            const label = `${doc.address} ${statementLabel(st, i)}`;
            const others = writes.filter((a) => a.toLowerCase() !== 'route53:changeresourcerecordsets');
            if (others.length > 0) problems.push(`${label} allows ${others.join(', ')}; a workload may only change record sets (route53:ChangeResourceRecordSets)`);
            for (const resource of strings(st.Resource)) {
              if (!ONE_ZONE.test(resource)) problems.push(`${label} changes records on ${resource}; name the one hosted zone (arn:aws:route53:::hostedzone/<id>)`);
              else zones.add(resource);
            }
            if (st.NotResource !== undefined) problems.push(`${label} uses NotResource; name the one hosted zone instead`);
          });
        }
        if (zones.size > 1) problems.push(`may change records in ${zones.size} hosted zones (${[...zones].join(', ')}); one role per zone`);
        return problems.map((p) => violation(workloadDnsOneZone.id, role.address, p));
      }),
};

export const DNS_RULES: readonly PolicyRule[] = [workloadDnsOneZone];
