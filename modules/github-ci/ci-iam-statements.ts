import { taggedFor, type CiDeployScope } from './ci-deploy-scope';
import { accountArns, environmentArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

/** Services the platform's roles are passed to (EKS control plane, nodes, flow logs, Pod Identity). */
export const PASSED_TO_SERVICES = ['eks.amazonaws.com', 'ec2.amazonaws.com', 'vpc-flow-logs.amazonaws.com', 'pods.eks.amazonaws.com'] as const;

/** AWS managed policies the platform attaches to its roles (node group, add-on IRSA roles, cluster). */
export const ATTACHABLE_AWS_MANAGED_POLICIES = [
  'arn:aws:iam::aws:policy/AmazonEKS*',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly',
  'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
  'arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy',
] as const;

/**
 * Service-linked roles AWS creates on the first cluster / node group / Spot node / AWS Chatbot
 * channel configuration of an account (AWS Chatbot's, AWSServiceRoleForAWSChatbot, is the one that
 * subscribes it to the alarm topics; its service name is management.chatbot, not the channel roles' chatbot).
 */
const SERVICE_LINKED_ROLE_SERVICES = ['eks.amazonaws.com', 'eks-nodegroup.amazonaws.com', 'autoscaling.amazonaws.com', 'spot.amazonaws.com', 'management.chatbot.amazonaws.com'];

/**
 * The IAM actions that give a role permissions and accept the `iam:PermissionsBoundary` condition
 * key (IAM evaluates it against the boundary the request sets, or the role already has). A deploy
 * role gets them only with that key equal to its environment's boundary.
 */
export const BOUNDED_ROLE_WRITE_ACTIONS = ['iam:CreateRole', 'iam:PutRolePermissionsBoundary', 'iam:PutRolePolicy', 'iam:DeleteRolePolicy'] as const;
export const BOUNDED_ATTACH_ACTIONS = ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'] as const;

/**
 * Role changes that do not accept `iam:PermissionsBoundary` (IAM has no such key for them).
 * Granted on the environment's role names only, every one of which carries the boundary (the role
 * can create none without it and may not remove it), so a rewritten trust policy still leads to
 * permissions inside the boundary.
 */
export const UNBOUNDED_ROLE_WRITE_ACTIONS = ['iam:DeleteRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription', 'iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:UntagRole'] as const;

export const IAM_POLICY_WRITE_ACTIONS = [
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
] as const;

const OIDC_CHANGE_ACTIONS = [
  'iam:DeleteOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
];

/**
 * IAM for one environment: roles and policies named `<prefix>-<env>-*`, every role with the
 * environment's permissions boundary, and the cluster's OIDC provider (tagged, its id is random).
 */
export function iamStatements(scope: CiDeployScope): PolicyStatement[] {
  const arns = environmentArns(scope, scope.environment);
  const withBoundary = { 'iam:PermissionsBoundary': scope.permissionsBoundaryArn };
  return [
    { Sid: 'WriteRolesWithBoundary', Effect: 'Allow', Action: [...BOUNDED_ROLE_WRITE_ACTIONS], Resource: arns.iamRoles, Condition: { StringEquals: withBoundary } },
    {
      // Without the policy condition the role could attach AdministratorAccess (still capped by
      // the boundary, but the boundary is the last line, not the only one).
      Sid: 'AttachKnownPoliciesWithBoundary',
      Effect: 'Allow',
      Action: [...BOUNDED_ATTACH_ACTIONS],
      Resource: arns.iamRoles,
      Condition: { StringEquals: withBoundary, ArnLike: { 'iam:PolicyARN': [arns.iamPolicies, ...ATTACHABLE_AWS_MANAGED_POLICIES] } },
    },
    { Sid: 'ChangeBoundedRoles', Effect: 'Allow', Action: [...UNBOUNDED_ROLE_WRITE_ACTIONS], Resource: arns.iamRoles },
    { Sid: 'WritePolicies', Effect: 'Allow', Action: [...IAM_POLICY_WRITE_ACTIONS], Resource: arns.iamPolicies },
    {
      Sid: 'CreateTaggedClusterOidcProviders',
      Effect: 'Allow',
      Action: ['iam:CreateOpenIDConnectProvider', 'iam:TagOpenIDConnectProvider'],
      Resource: arns.iamEksOidcProviders,
      Condition: taggedFor(scope.tags, 'aws:RequestTag'),
    },
    {
      Sid: 'ChangeTaggedClusterOidcProviders',
      Effect: 'Allow',
      Action: OIDC_CHANGE_ACTIONS,
      Resource: arns.iamEksOidcProviders,
      Condition: taggedFor(scope.tags, 'aws:ResourceTag'),
    },
    {
      Sid: 'PassOwnRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: arns.iamRoles,
      Condition: { StringEquals: { 'iam:PassedToService': [...PASSED_TO_SERVICES] } },
    },
    {
      Sid: 'CreateServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: accountArns(scope).iamServiceLinkedRoles,
      Condition: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLE_SERVICES } },
    },
  ];
}
