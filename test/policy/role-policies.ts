/**
 * Which policy documents of a stack give a role its permissions: its inline policies, its
 * `aws_iam_role_policy` resources and the `aws_iam_policy` resources attached to it. Also tells a
 * permissions boundary (a managed policy that is never attached) from a permission policy.
 */
import { policyDocuments, type PolicyDocumentEntry } from './iam-documents';
import type { StackUnderTest } from './policy-rule';
import { refersTo, resources, strings, type ResourceEntry } from './terraform-json';
import { permissionsBoundaryName } from '../../modules/shared/naming';
import type { TerraformJson } from '../support/synth';

/** Attachment resources and the attribute naming the policy they attach. */
const ATTACHMENT_TYPES = ['aws_iam_role_policy_attachment', 'aws_iam_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment'];

/** `<anything>-permissions-boundary-<env>`: the name modules/shared/naming.ts gives boundaries. */
const BOUNDARY_NAME = new RegExp(`${permissionsBoundaryName('', '[a-z0-9]+')}$`);

export function isBoundaryPolicyName(name: unknown): boolean {
  return typeof name === 'string' && BOUNDARY_NAME.test(name);
}

/** A literal policy ARN that names a boundary policy. */
export function isBoundaryPolicyArn(arn: string): boolean {
  const name = /:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  return name !== undefined && isBoundaryPolicyName(name);
}

/** Every policy ARN the stack attaches as a permission policy, with the address attaching it. */
export function attachedPolicyArns(json: TerraformJson): Array<{ address: string; arn: string }> {
  const arnsOf = (r: ResourceEntry, attribute: string) => strings(r.attrs[attribute]).map((arn) => ({ address: r.address, arn }));
  const attached = ATTACHMENT_TYPES.flatMap((type) => resources(json, type).flatMap((r) => arnsOf(r, 'policy_arn')));
  const managed = resources(json, 'aws_iam_role').flatMap((r) => arnsOf(r, 'managed_policy_arns'));
  return [...attached, ...managed];
}

/** Whether any attachment of the stack attaches `policy` (by reference or by its literal name). */
export function isAttached(json: TerraformJson, policy: ResourceEntry): boolean {
  return attachedPolicyArns(json).some(({ arn }) => refersTo(arn, policy) || (typeof policy.attrs.name === 'string' && arn.endsWith(`:policy/${policy.attrs.name}`)));
}

/**
 * A permissions boundary of the stack: an `aws_iam_policy` named like one and attached to nothing.
 * Its Allow grants nothing by itself (permissions are the intersection with a role's own policies),
 * which is why the "no `*` action" rules exempt it; `iam-boundary-never-a-permission-policy`
 * keeps the exemption from becoming a loophole.
 */
export function isPermissionsBoundaryDocument(stack: StackUnderTest, doc: PolicyDocumentEntry): boolean {
  if (doc.resourceType !== 'aws_iam_policy') return false;
  const policy = resources(stack.json, 'aws_iam_policy').find((p) => p.address === doc.address);
  return policy !== undefined && isBoundaryPolicyName(policy.attrs.name) && !isAttached(stack.json, policy);
}

/** The policy documents that give `role` its permissions. */
export function policiesOfRole(json: TerraformJson, role: ResourceEntry): PolicyDocumentEntry[] {
  const attachedPolicies = resources(json, 'aws_iam_role_policy_attachment')
    .filter((a) => refersTo(a.attrs.role, role, 'name'))
    .flatMap((a) => resources(json, 'aws_iam_policy').filter((p) => refersTo(a.attrs.policy_arn, p)))
    .map((p) => p.address);
  const inlineResources = resources(json, 'aws_iam_role_policy')
    .filter((p) => refersTo(p.attrs.role, role, 'name'))
    .map((p) => p.address);
  return policyDocuments(json).filter(
    (d) =>
      (d.kind === 'identity' && (attachedPolicies.includes(d.address) || inlineResources.includes(d.address))) ||
      (d.address === role.address && d.attribute === 'inline_policy'),
  );
}

/** Roles of the stack whose name matches `pattern`. */
export function rolesNamed(json: TerraformJson, pattern: RegExp): ResourceEntry[] {
  return resources(json, 'aws_iam_role').filter((r) => typeof r.attrs.name === 'string' && pattern.test(r.attrs.name));
}
