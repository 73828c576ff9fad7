/** Violating and compliant snippets of the IAM and federated-trust rules. */
import { merge, policy, resource, stackOf, type RuleCase } from './fixtures';
import { LOAD_BALANCER_CONTROLLER_POLICY } from '../../../modules/identity/load-balancer-controller-identity';
import { githubOidcTrust, irsaTrust } from '../rules/federated-trust';
import {
  noBroadManagedPolicies,
  noIamUsers,
  noNotActionOrNotResource,
  noWildcardActions,
  policyInspectable,
  resourcePolicyNoPublicAllow,
  trustNoEveryone,
  wildcardResourceAllowListed,
} from '../rules/iam';

const BUCKET_ARN = '${aws_s3_bucket.site_1A2B.arn}';
/** A statement of the published AWS Load Balancer Controller policy that acts on Resource "*". */
const CONTROLLER_CREATE_LB = LOAD_BALANCER_CONTROLLER_POLICY.Statement.find(
  (st) => st.Resource === '*' && ([] as string[]).concat(st.Action).includes('elasticloadbalancing:CreateLoadBalancer'),
) as Record<string, unknown>;
const rolePolicy = (...statements: Array<Record<string, unknown>>) => resource('aws_iam_role_policy', 'app_policy_9F', { role: 'app', policy: policy(...statements) });
const role = (...statements: Array<Record<string, unknown>>) => resource('aws_iam_role', 'app_role_3C', { name: 'app', assume_role_policy: policy(...statements) });
const tlsOnlyDeny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };

const GITHUB = 'token.actions.githubusercontent.com';
const githubProvider = resource('aws_iam_openid_connect_provider', 'github_7E', { url: `https://${GITHUB}`, client_id_list: ['sts.amazonaws.com'] });
const githubTrust = (condition: Record<string, unknown>) =>
  merge(githubProvider, role({ Effect: 'Allow', Principal: { Federated: '${aws_iam_openid_connect_provider.github_7E.arn}' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }));

const ISSUER = '${replace(aws_eks_cluster.cluster_5D.identity[0].oidc[0].issuer, "https://", "")}';
const irsaTrustOf = (condition?: Record<string, unknown>) =>
  role({ Effect: 'Allow', Principal: { Federated: '${aws_iam_openid_connect_provider.eks_2B.arn}' }, Action: 'sts:AssumeRoleWithWebIdentity', ...(condition ? { Condition: condition } : {}) });

export const IAM_CASES: readonly RuleCase[] = [
  {
    rule: policyInspectable,
    violates: 'a policy rendered by data.aws_iam_policy_document',
    violating: stackOf(resource('aws_iam_role_policy', 'app_policy_9F', { role: 'app', policy: '${data.aws_iam_policy_document.app.json}' })),
    address: 'aws_iam_role_policy.app_policy_9F',
    complies: 'a literal JSON policy with interpolated ARNs',
    compliant: stackOf(rolePolicy({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: `${BUCKET_ARN}/*` })),
  },
  {
    rule: noWildcardActions,
    violates: 'an Allow of s3:* in an identity policy',
    violating: stackOf(rolePolicy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:*'], Resource: BUCKET_ARN })),
    address: 'aws_iam_role_policy.app_policy_9F',
    complies: 'named actions, and a TLS-only Deny of s3:* in a bucket policy',
    compliant: stackOf(
      merge(rolePolicy({ Effect: 'Allow', Action: 's3:Get*', Resource: BUCKET_ARN }), resource('aws_s3_bucket_policy', 'tls_4A', { bucket: '${aws_s3_bucket.site_1A2B.id}', policy: policy(tlsOnlyDeny) })),
    ),
  },
  {
    rule: noWildcardActions,
    violates: 'an Allow of "*" in a bucket policy',
    violating: stackOf(resource('aws_s3_bucket_policy', 'open_4A', { bucket: 'b', policy: policy({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: '*', Resource: BUCKET_ARN }) })),
    address: 'aws_s3_bucket_policy.open_4A',
    complies: 's3:GetObject for CloudFront',
    compliant: stackOf(resource('aws_s3_bucket_policy', 'open_4A', { bucket: 'b', policy: policy({ Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }) })),
  },
  {
    rule: wildcardResourceAllowListed,
    violates: 'an action that is not allow-listed on Resource "*"',
    violating: stackOf(rolePolicy({ Effect: 'Allow', Action: ['ec2:DescribeInstances', 's3:GetObject'], Resource: '*' })),
    address: 'aws_iam_role_policy.app_policy_9F',
    complies: 'allow-listed actions (including a Describe* family) on "*" and a KMS key policy on "*"',
    compliant: stackOf(
      merge(
        rolePolicy({ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'sts:GetCallerIdentity'], Resource: '*' }),
        resource('aws_kms_key', 'key_1', { enable_key_rotation: true, policy: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/admin' }, Action: 'kms:Decrypt', Resource: '*' }) }),
      ),
    ),
  },
  {
    rule: wildcardResourceAllowListed,
    violates: 'a published AWS Load Balancer Controller statement on "*" in another role',
    violating: stackOf(resource('aws_iam_role_policy', 'app_policy_9F', { name: 'qa-dev-chatbot-policy', role: 'app', policy: policy(CONTROLLER_CREATE_LB) })),
    address: 'aws_iam_role_policy.app_policy_9F',
    complies: 'the same published statement in the controller role\'s policy',
    compliant: stackOf(
      resource('aws_iam_role_policy', 'lbc_policy_1', { name: 'qa-dev-aws-load-balancer-controller-policy', role: 'lbc', policy: policy(CONTROLLER_CREATE_LB) }),
    ),
  },
  {
    rule: wildcardResourceAllowListed,
    violates: 'a published controller statement altered (condition dropped) in the controller role',
    violating: stackOf(
      resource('aws_iam_role_policy', 'lbc_policy_1', {
        name: 'qa-dev-aws-load-balancer-controller-policy',
        role: 'lbc',
        policy: policy({ ...CONTROLLER_CREATE_LB, Condition: undefined }),
      }),
    ),
    address: 'aws_iam_role_policy.lbc_policy_1',
    complies: 'the published statement unchanged',
    compliant: stackOf(
      resource('aws_iam_role_policy', 'lbc_policy_1', { name: 'qa-dev-aws-load-balancer-controller-policy', role: 'lbc', policy: policy(CONTROLLER_CREATE_LB) }),
    ),
  },
  {
    rule: noNotActionOrNotResource,
    violates: 'an Allow with NotAction',
    violating: stackOf(resource('aws_iam_policy', 'broad_8', { policy: policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: BUCKET_ARN }) })),
    address: 'aws_iam_policy.broad_8',
    complies: 'a Deny with NotResource',
    compliant: stackOf(resource('aws_iam_policy', 'broad_8', { policy: policy({ Effect: 'Deny', Action: 's3:DeleteObject', NotResource: BUCKET_ARN }) })),
  },
  {
    rule: trustNoEveryone,
    violates: 'a trust policy allowing AWS "*"',
    violating: stackOf(role({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] }, Action: 'sts:AssumeRole' })),
    address: 'aws_iam_role.app_role_3C',
    complies: 'a service principal',
    compliant: stackOf(role({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' })),
  },
  {
    rule: trustNoEveryone,
    violates: 'a trust policy with Principal "*"',
    violating: stackOf(role({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' })),
    address: 'aws_iam_role.app_role_3C',
    complies: 'the Pod Identity service principal',
    compliant: stackOf(role({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] })),
  },
  {
    rule: resourcePolicyNoPublicAllow,
    violates: 'a bucket policy allowing s3:GetObject to Principal "*"',
    violating: stackOf(resource('aws_s3_bucket_policy', 'site_4A', { bucket: 'b', policy: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }) })),
    address: 'aws_s3_bucket_policy.site_4A',
    complies: 'a TLS-only Deny to "*" and an Allow to CloudFront',
    compliant: stackOf(
      resource('aws_s3_bucket_policy', 'site_4A', {
        bucket: 'b',
        policy: policy(tlsOnlyDeny, { Effect: 'Allow', Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject', Resource: `${BUCKET_ARN}/*` }),
      }),
    ),
  },
  {
    rule: noIamUsers,
    violates: 'an IAM user with an access key',
    violating: stackOf(merge(resource('aws_iam_user', 'deployer_1', { name: 'deployer' }), resource('aws_iam_access_key', 'deployer_key_2', { user: '${aws_iam_user.deployer_1.name}' }))),
    address: 'aws_iam_access_key.deployer_key_2',
    complies: 'roles only',
    compliant: stackOf(role({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' })),
  },
  {
    rule: noBroadManagedPolicies,
    violates: 'AdministratorAccess attached to a role',
    violating: stackOf(resource('aws_iam_role_policy_attachment', 'admin_6', { role: 'app', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' })),
    address: 'aws_iam_role_policy_attachment.admin_6',
    complies: 'narrow AWS managed policies (EKS worker node, ReadOnlyAccess)',
    compliant: stackOf(
      merge(
        resource('aws_iam_role_policy_attachment', 'node_6', { role: 'node', policy_arn: 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy' }),
        resource('aws_iam_role_policy_attachment', 'plan_7', { role: 'plan', policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }),
      ),
    ),
  },
  {
    rule: githubOidcTrust,
    violates: 'a GitHub trust with a wildcard repository and no audience',
    violating: stackOf(githubTrust({ StringLike: { [`${GITHUB}:sub`]: 'repo:acme/*:ref:refs/heads/main' } }), { name: 'bootstrap', kind: 'bootstrap' }),
    address: 'aws_iam_role.app_role_3C',
    complies: 'aud = sts.amazonaws.com and subjects naming one repository',
    compliant: stackOf(
      githubTrust({
        StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' },
        StringLike: { [`${GITHUB}:sub`]: ['repo:acme/chatbot-platform:pull_request:*', 'repo:acme/chatbot-platform:environment:plan:*'] },
      }),
      { name: 'bootstrap', kind: 'bootstrap' },
    ),
  },
  {
    rule: githubOidcTrust,
    violates: 'a GitHub provider trusted with no condition at all',
    violating: stackOf(githubTrust({}), { name: 'bootstrap', kind: 'bootstrap' }),
    address: 'aws_iam_role.app_role_3C',
    complies: 'StringEquals on aud and sub',
    compliant: stackOf(
      githubTrust({ StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: 'repo:acme/chatbot-platform:environment:prod' } }),
      { name: 'bootstrap', kind: 'bootstrap' },
    ),
  },
  {
    rule: irsaTrust,
    violates: 'an IRSA trust matching every service account of a namespace with StringLike',
    violating: stackOf(irsaTrustOf({ StringLike: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:*', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } })),
    address: 'aws_iam_role.app_role_3C',
    complies: 'StringEquals on :sub (one service account) and :aud',
    compliant: stackOf(
      irsaTrustOf({ StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:kube-system:aws-load-balancer-controller', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } }),
    ),
  },
  {
    rule: irsaTrust,
    violates: 'a cluster OIDC provider trusted with no conditions',
    violating: stackOf(irsaTrustOf()),
    address: 'aws_iam_role.app_role_3C',
    complies: 'a Pod Identity trust (no web identity involved)',
    compliant: stackOf(role({ Effect: 'Allow', Principal: { Service: 'pods.eks.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] })),
  },
  {
    rule: irsaTrust,
    violates: 'an IRSA trust without the :aud condition',
    violating: stackOf(irsaTrustOf({ StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:external-secrets:external-secrets' } })),
    address: 'aws_iam_role.app_role_3C',
    complies: 'both conditions under StringEquals',
    compliant: stackOf(
      irsaTrustOf({ StringEquals: { [`${ISSUER}:sub`]: 'system:serviceaccount:external-secrets:external-secrets', [`${ISSUER}:aud`]: 'sts.amazonaws.com' } }),
    ),
  },
];
