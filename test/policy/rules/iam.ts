/** IAM rules: least privilege in every policy document, and no long-lived credentials. */
import { isDeepStrictEqual } from 'node:util';
import { LOAD_BALANCER_CONTROLLER_POLICY } from '../../../modules/identity/load-balancer-controller-identity';
import { SERVICE_ACCOUNTS } from '../../../modules/shared/service-accounts';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';
import { actionsOf, hasEveryonePrincipal, isAllow, policyDocuments, statementLabel, type PolicyDocumentEntry, type Statement } from '../iam-documents';
import { violation, type PolicyRule, type StackUnderTest, type Violation } from '../policy-rule';
import { isPermissionsBoundaryDocument } from '../role-policies';
import { blocks, resources, strings } from '../terraform-json';

/** Run `check` on every Allow statement of the documents `select` picks; a returned string is a violation of `rule`. */
function eachAllowStatement(
  stack: StackUnderTest,
  select: (doc: PolicyDocumentEntry) => boolean,
  check: (st: Statement, label: string, doc: PolicyDocumentEntry) => string | undefined,
  rule: string,
): Violation[] {
  const found: Violation[] = [];
  for (const doc of policyDocuments(stack.json).filter(select)) {
    (doc.statements ?? []).forEach((st, i) => {
      if (!isAllow(st)) return;
      const problem = check(st, statementLabel(st, i), doc);
      if (problem !== undefined) found.push(violation(rule, doc.address, `${doc.attribute} ${problem}`));
    });
  }
  return found;
}

/** `*`, `*:*` or `<service>:*`: every action of a service. */
function isServiceWildcard(action: string): boolean {
  return action === '*' || /^[^:]*:\*$/.test(action);
}

export const policyInspectable: PolicyRule = {
  id: 'iam-policy-inspectable',
  description: 'Every policy document is literal JSON (not a data.aws_iam_policy_document or jsonencode token), so the other IAM rules can read it',
  check: (stack) =>
    policyDocuments(stack.json)
      .filter((d) => d.error !== undefined)
      .map((d) => violation(policyInspectable.id, d.address, `${d.error}; render policies with policyJson() so they can be checked`)),
};

/**
 * Permissions boundaries (role-policies.ts: a `*-permissions-boundary-<env>` policy attached to
 * nothing) are exempt from the two wildcard rules: a boundary grants nothing by itself, it caps
 * what a role's own policies (which these rules do hold to named actions) can reach, and
 * `iam-boundary-never-a-permission-policy` fails any stack that attaches one as a grant.
 */
export const noWildcardActions: PolicyRule = {
  id: 'iam-no-wildcard-actions',
  description: 'No Allow statement grants the action "*" or "<service>:*" (identity and resource policies; a permissions boundary, which grants nothing by itself, excepted)',
  check: (stack) =>
    eachAllowStatement(
      stack,
      (d) => d.kind !== 'trust' && !isPermissionsBoundaryDocument(stack, d),
      (st, label) => {
        const wild = actionsOf(st).filter(isServiceWildcard);
        return wild.length > 0 ? `${label} allows every action of a service (${wild.join(', ')}); list the actions needed` : undefined;
      },
      'iam-no-wildcard-actions',
    ),
};

/**
 * A statement of the AWS Load Balancer Controller's published policy, exactly as published, in the
 * controller role's own policy. Its "*" actions are accepted there and nowhere else (they are
 * deliberately not on the project-wide allow-list).
 */
export function isPublishedControllerStatement(stack: StackUnderTest, doc: PolicyDocumentEntry, st: Statement): boolean {
  const [type, id] = doc.address.split('.');
  const name: unknown = stack.json.resource?.[type]?.[id]?.name;
  const controllerPolicyName = `-${SERVICE_ACCOUNTS.loadBalancerController.name}-policy`;
  return (
    type === 'aws_iam_role_policy' &&
    typeof name === 'string' &&
    name.endsWith(controllerPolicyName) &&
    LOAD_BALANCER_CONTROLLER_POLICY.Statement.some((published) => isDeepStrictEqual(published, st))
  );
}

export const wildcardResourceAllowListed: PolicyRule = {
  id: 'iam-wildcard-resource-allow-listed',
  description: 'Resource "*" appears in an Allow only when every action is on the allow-list of modules/shared/wildcard-resource-actions.ts',
  check: (stack) =>
    eachAllowStatement(
      stack,
      // In a KMS key policy "*" means "this key", not every resource.
      (d) => d.kind !== 'trust' && d.resourceType !== 'aws_kms_key' && !isPermissionsBoundaryDocument(stack, d),
      (st, label, doc) => {
        if (!strings(st.Resource).includes('*')) return undefined;
        if (isPublishedControllerStatement(stack, doc, st)) return undefined;
        const notAllowed = actionsOf(st).filter((a) => !isWildcardResourceAllowed(a));
        return notAllowed.length > 0
          ? `${label} grants ${notAllowed.join(', ')} on Resource "*"; scope them to ARNs or add them to the allow-list with a reason`
          : undefined;
      },
      'iam-wildcard-resource-allow-listed',
    ),
};

export const noNotActionOrNotResource: PolicyRule = {
  id: 'iam-no-not-action-or-not-resource',
  description: 'No Allow statement uses NotAction, NotResource or NotPrincipal (they grant everything not listed)',
  check: (stack) =>
    eachAllowStatement(
      stack,
      () => true,
      (st, label) => {
        const used = ['NotAction', 'NotResource', 'NotPrincipal'].filter((k) => st[k] !== undefined);
        return used.length > 0 ? `${label} is an Allow with ${used.join(' and ')}, which grants everything not listed` : undefined;
      },
      'iam-no-not-action-or-not-resource',
    ),
};

export const trustNoEveryone: PolicyRule = {
  id: 'iam-trust-no-everyone',
  description: 'No role trust policy allows Principal "*" or AWS "*" to assume the role',
  check: (stack) =>
    eachAllowStatement(
      stack,
      (d) => d.kind === 'trust',
      (st, label) => (hasEveryonePrincipal(st) ? `${label} lets any AWS principal ("*") assume the role` : undefined),
      'iam-trust-no-everyone',
    ),
};

export const resourcePolicyNoPublicAllow: PolicyRule = {
  id: 'resource-policy-no-public-allow',
  description: 'No resource policy (bucket, repository, key...) allows Principal "*"; a Deny to "*" (TLS-only) is fine',
  check: (stack) =>
    eachAllowStatement(
      stack,
      (d) => d.kind === 'resource',
      (st, label) => (hasEveryonePrincipal(st) ? `${label} allows everyone (Principal "*"); name the principal or service` : undefined),
      'resource-policy-no-public-allow',
    ),
};

const LONG_LIVED_CREDENTIALS = ['aws_iam_user', 'aws_iam_access_key', 'aws_iam_user_login_profile'];

export const noIamUsers: PolicyRule = {
  id: 'iam-no-users-or-access-keys',
  description: 'No IAM users or access keys (long-lived credentials); CI uses GitHub OIDC, pods use IRSA or Pod Identity',
  check: (stack) =>
    LONG_LIVED_CREDENTIALS.flatMap((type) =>
      resources(stack.json, type).map((r) => violation(noIamUsers.id, r.address, `${type} creates long-lived credentials; use a role assumed through OIDC instead`)),
    ),
};

/** AWS managed policies that grant (nearly) everything in the account or a service. */
function isBroadManagedPolicy(arn: string): boolean {
  const name = /^arn:aws[\w-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  return name !== undefined && (name === 'AdministratorAccess' || name === 'PowerUserAccess' || name.endsWith('FullAccess'));
}

export const noBroadManagedPolicies: PolicyRule = {
  id: 'iam-no-broad-managed-policies',
  description: 'No role gets AdministratorAccess, PowerUserAccess or a *FullAccess AWS managed policy',
  check: (stack) => {
    const found: Violation[] = [];
    for (const type of ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_group_policy_attachment']) {
      for (const r of resources(stack.json, type)) {
        if (typeof r.attrs.policy_arn === 'string' && isBroadManagedPolicy(r.attrs.policy_arn)) {
          found.push(violation(noBroadManagedPolicies.id, r.address, `attaches ${r.attrs.policy_arn}, which grants far more than any workload needs`));
        }
      }
    }
    for (const role of resources(stack.json, 'aws_iam_role')) {
      const arns = [...strings(role.attrs.managed_policy_arns), ...blocks(role.attrs.managed_policy_arns).flatMap((b) => strings(b.policy_arn))];
      for (const arn of arns.filter(isBroadManagedPolicy)) {
        found.push(violation(noBroadManagedPolicies.id, role.address, `managed_policy_arns includes ${arn}, which grants far more than any workload needs`));
      }
    }
    return found;
  },
};

export const IAM_RULES: readonly PolicyRule[] = [
  policyInspectable,
  noWildcardActions,
  wildcardResourceAllowListed,
  noNotActionOrNotResource,
  trustNoEveryone,
  resourcePolicyNoPublicAllow,
  noIamUsers,
  noBroadManagedPolicies,
];
