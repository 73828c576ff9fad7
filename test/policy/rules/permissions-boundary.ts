/**
 * Permissions boundaries: whoever may write a role's permissions may do so only with the
 * boundary set; every role a platform stack makes carries its environment's boundary; and a
 * boundary is only ever a boundary (its service wildcards would be a grant if attached).
 */
import { permissionsBoundaryName } from '../../../modules/shared/naming';
import { globMatches } from '../glob';
import { actionsOf, conditionsOf, isAllow, policyDocuments, statementLabel } from '../iam-documents';
import { violation, type PolicyRule, type Violation } from '../policy-rule';
import { attachedPolicyArns, isBoundaryPolicyArn, isBoundaryPolicyName } from '../role-policies';
import { referencedIds, resources } from '../terraform-json';

/**
 * The IAM actions that give a principal permissions and that accept the `iam:PermissionsBoundary`
 * condition key: an Allow of any of them must require that key.
 */
export const BOUNDARY_KEYED_ACTIONS = [
  'iam:CreateRole',
  'iam:PutRolePolicy',
  'iam:AttachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:CreateUser',
  'iam:PutUserPolicy',
  'iam:AttachUserPolicy',
  'iam:PutUserPermissionsBoundary',
] as const;

/** Removing a boundary: never allowed. */
export const BOUNDARY_REMOVAL_ACTIONS = ['iam:DeleteRolePermissionsBoundary', 'iam:DeleteUserPermissionsBoundary'] as const;

/** The concrete actions of `list` an action pattern (`iam:Put*`, `iam:*`, `*`) covers. */
function covered(pattern: string, list: readonly string[]): string[] {
  return list.filter((action) => globMatches(pattern, action, true));
}

export const roleWritesNeedBoundary: PolicyRule = {
  id: 'iam-role-writes-need-boundary',
  description:
    'An Allow of a permission-granting IAM write (CreateRole, PutRolePolicy, AttachRolePolicy, PutRolePermissionsBoundary and their user forms) requires iam:PermissionsBoundary to equal one exact boundary ARN; no Allow removes a boundary',
  check: (stack) => {
    const found: Violation[] = [];
    for (const doc of policyDocuments(stack.json).filter((d) => d.kind === 'identity')) {
      (doc.statements ?? []).forEach((st, i) => {
        if (!isAllow(st)) return;
        const label = statementLabel(st, i);
        const writes = actionsOf(st).flatMap((a) => covered(a, BOUNDARY_KEYED_ACTIONS));
        const removals = actionsOf(st).flatMap((a) => covered(a, BOUNDARY_REMOVAL_ACTIONS));
        if (removals.length > 0) found.push(violation(roleWritesNeedBoundary.id, doc.address, `${doc.attribute} ${label} allows ${[...new Set(removals)].join(', ')}: a boundary, once set, must stay`));
        if (writes.length === 0) return;
        const boundary = conditionsOf(st).filter((c) => c.key.toLowerCase() === 'iam:permissionsboundary');
        const exact = boundary.length > 0 && boundary.every((c) => ['StringEquals', 'ArnEquals'].includes(c.operator) && c.values.length > 0 && c.values.every((v) => !/[*?]/.test(v)));
        if (!exact) {
          found.push(
            violation(
              roleWritesNeedBoundary.id,
              doc.address,
              `${doc.attribute} ${label} allows ${[...new Set(writes)].join(', ')} without requiring StringEquals iam:PermissionsBoundary = an exact boundary ARN, so it can mint a role with any permissions`,
            ),
          );
        }
      });
    }
    return found;
  },
};

/** The environment a non-bootstrap stack serves: `platform-dev` and `addons-dev` serve `dev`. */
function environmentOf(stackName: string): string | undefined {
  return /^[a-z]+-(.+)$/.exec(stackName)?.[1];
}

export const platformRolesHaveBoundary: PolicyRule = {
  id: 'iam-platform-roles-have-boundary',
  description: "Every aws_iam_role of an environment's stacks carries permissions_boundary = that environment's boundary (<prefix>-permissions-boundary-<env>, a literal ARN)",
  check: (stack) => {
    if (stack.kind === 'bootstrap') return [];
    const environment = environmentOf(stack.name);
    const expected = new RegExp(`^arn:aws[\\w-]*:iam::\\d{12}:policy/[a-z0-9-]+${permissionsBoundaryName('', environment ?? '(unknown)')}$`);
    return resources(stack.json, 'aws_iam_role').flatMap((role) => {
      const boundary: unknown = role.attrs.permissions_boundary;
      if (typeof boundary !== 'string' || boundary === '') {
        return [violation(platformRolesHaveBoundary.id, role.address, 'has no permissions_boundary; set permissionsBoundaryArn(prefix, account, env) so the role stays inside its environment')];
      }
      if (!expected.test(boundary)) {
        return [violation(platformRolesHaveBoundary.id, role.address, `permissions_boundary ${boundary} is not the literal ARN of the boundary of environment ${environment ?? '(unknown)'}`)];
      }
      return [];
    });
  },
};

export const boundaryNeverAttached: PolicyRule = {
  id: 'iam-boundary-never-a-permission-policy',
  description: 'No role, user or group gets a permissions boundary policy attached as a permission policy (its service wildcards are a ceiling, not a grant)',
  check: (stack) => {
    const boundaryIds = new Set(resources(stack.json, 'aws_iam_policy').filter((p) => isBoundaryPolicyName(p.attrs.name)).map((p) => p.logicalId));
    return attachedPolicyArns(stack.json)
      .filter(({ arn }) => isBoundaryPolicyArn(arn) || [...referencedIds(arn, 'aws_iam_policy')].some((id) => boundaryIds.has(id)))
      .map(({ address, arn }) => violation(boundaryNeverAttached.id, address, `attaches the permissions boundary ${arn} as a permission policy; set it as permissions_boundary instead`));
  },
};

export const PERMISSIONS_BOUNDARY_RULES: readonly PolicyRule[] = [roleWritesNeedBoundary, platformRolesHaveBoundary, boundaryNeverAttached];
