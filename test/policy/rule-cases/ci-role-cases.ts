/** Violating and compliant snippets of the permissions-boundary, tag-scoping and CI-role rules. */
import { merge, policy, resource, stackOf, type RuleCase } from './fixtures';
import type { TerraformJson } from '../../support/synth';
import { environmentRolesTrustOwnEnvironment, planRoleDecryptsStateOnly, planRoleReadsStateObjectsOnly } from '../rules/ci-roles';
import { githubTrustNoRefSubject } from '../rules/federated-trust';
import { noWildcardActions, wildcardResourceAllowListed } from '../rules/iam';
import { noManagedSecureStrings } from '../rules/parameters';
import { boundaryNeverAttached, platformRolesHaveBoundary, roleWritesNeedBoundary } from '../rules/permissions-boundary';
import { kmsEc2MutationsScoped } from '../rules/tag-scoped-mutations';

const ACCOUNT = '111122223333';
const BOUNDARY_DEV = `arn:aws:iam::${ACCOUNT}:policy/qa-permissions-boundary-dev`;
const BOOTSTRAP = { name: 'bootstrap', kind: 'bootstrap' } as const;
const GITHUB = 'token.actions.githubusercontent.com';
const STATE_BUCKET = '${aws_s3_bucket.state-bucket_1.arn}';
const STATE_KEY = '${aws_kms_key.state-key_2.arn}';

const managedPolicy = (name: string, ...statements: Array<Record<string, unknown>>) => resource('aws_iam_policy', 'deploy_policy_4', { name, policy: policy(...statements) });
const TAGGED = (source: string) => ({ StringEquals: { [`${source}/Project`]: 'ai-chatbot', [`${source}/Environment`]: 'dev' } });
const role = (name: string, attrs: Record<string, unknown> = {}) =>
  resource('aws_iam_role', 'app_role_3C', { name, assume_role_policy: policy({ Effect: 'Allow', Principal: { Service: 'eks.amazonaws.com' }, Action: 'sts:AssumeRole' }), ...attrs });

/** The bootstrap's GitHub provider and one role it trusts with `condition`, named `name`. */
function githubRole(name: string, condition: Record<string, unknown>): TerraformJson {
  return merge(
    resource('aws_iam_openid_connect_provider', 'github_7E', { url: `https://${GITHUB}`, client_id_list: ['sts.amazonaws.com'] }),
    resource('aws_iam_role', 'ci_role_5', {
      name,
      assume_role_policy: policy({ Effect: 'Allow', Principal: { Federated: '${aws_iam_openid_connect_provider.github_7E.arn}' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: condition }),
    }),
  );
}
const subject = (context: string, file = 'apply.yml') => `repo:acme/chatbot-platform:${context}:job_workflow_ref:acme/chatbot-platform/.github/workflows/${file}@refs/heads/main`;
const trustOf = (subjects: string[], operator = 'StringEquals') =>
  operator === 'StringEquals'
    ? { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com', [`${GITHUB}:sub`]: subjects } }
    : { StringEquals: { [`${GITHUB}:aud`]: 'sts.amazonaws.com' }, [operator]: { [`${GITHUB}:sub`]: subjects } };

/** The plan role with one attached managed policy of `statements`. */
function planRoleWith(...statements: Array<Record<string, unknown>>): TerraformJson {
  return merge(
    githubRole('qa-github-plan', trustOf(['repo:acme/chatbot-platform:pull_request:*'], 'StringLike')),
    resource('aws_iam_policy', 'plan_state_6', { name: 'qa-github-plan-state', policy: policy(...statements) }),
    resource('aws_iam_role_policy_attachment', 'plan_attach_7', { role: '${aws_iam_role.ci_role_5.name}', policy_arn: '${aws_iam_policy.plan_state_6.arn}' }),
  );
}
const DECRYPT_STATE = {
  Effect: 'Allow',
  Action: 'kms:Decrypt',
  Resource: STATE_KEY,
  Condition: { StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': STATE_BUCKET } },
};

const BOUNDARY_POLICY = resource('aws_iam_policy', 'boundary_8', { name: 'qa-permissions-boundary-dev', policy: policy({ Effect: 'Allow', Action: ['ec2:*', 'bedrock:*'], Resource: '*' }) });

export const CI_ROLE_CASES: readonly RuleCase[] = [
  {
    rule: roleWritesNeedBoundary,
    violates: 'iam:CreateRole and iam:PutRolePolicy on the environment\'s roles with no boundary condition',
    violating: stackOf(managedPolicy('qa-github-apply-dev-deploy-cluster', { Effect: 'Allow', Action: ['iam:CreateRole', 'iam:PutRolePolicy'], Resource: `arn:aws:iam::${ACCOUNT}:role/qa-dev-*` }), BOOTSTRAP),
    address: 'aws_iam_policy.deploy_policy_4',
    complies: 'the same actions requiring StringEquals iam:PermissionsBoundary = the dev boundary',
    compliant: stackOf(
      managedPolicy('qa-github-apply-dev-deploy-cluster', {
        Effect: 'Allow',
        Action: ['iam:CreateRole', 'iam:PutRolePolicy'],
        Resource: `arn:aws:iam::${ACCOUNT}:role/qa-dev-*`,
        Condition: { StringEquals: { 'iam:PermissionsBoundary': BOUNDARY_DEV } },
      }),
      BOOTSTRAP,
    ),
  },
  {
    rule: roleWritesNeedBoundary,
    violates: 'iam:* (which includes DeleteRolePermissionsBoundary) even under a boundary condition, and a wildcard boundary',
    violating: stackOf(
      managedPolicy('admin', { Effect: 'Allow', Action: 'iam:*', Resource: '*', Condition: { StringLike: { 'iam:PermissionsBoundary': 'arn:aws:iam::*:policy/*' } } }),
      BOOTSTRAP,
    ),
    address: 'aws_iam_policy.deploy_policy_4',
    complies: 'role changes that accept no boundary key (trust, tags, delete)',
    compliant: stackOf(managedPolicy('ok', { Effect: 'Allow', Action: ['iam:UpdateAssumeRolePolicy', 'iam:TagRole', 'iam:DeleteRole'], Resource: `arn:aws:iam::${ACCOUNT}:role/qa-dev-*` }), BOOTSTRAP),
  },
  {
    rule: platformRolesHaveBoundary,
    violates: 'a role of platform-dev without permissions_boundary',
    violating: stackOf(role('qa-dev-node')),
    address: 'aws_iam_role.app_role_3C',
    complies: 'the role with the dev boundary',
    compliant: stackOf(role('qa-dev-node', { permissions_boundary: BOUNDARY_DEV })),
  },
  {
    rule: platformRolesHaveBoundary,
    violates: 'a role of platform-dev with prod\'s boundary',
    violating: stackOf(role('qa-dev-node', { permissions_boundary: `arn:aws:iam::${ACCOUNT}:policy/qa-permissions-boundary-prod` })),
    address: 'aws_iam_role.app_role_3C',
    complies: 'bootstrap\'s CI roles, which are no environment\'s',
    compliant: stackOf(role('qa-github-plan'), BOOTSTRAP),
  },
  {
    rule: boundaryNeverAttached,
    violates: 'a role attaching the dev boundary as a permission policy',
    violating: stackOf(resource('aws_iam_role_policy_attachment', 'node_boundary_9', { role: 'qa-dev-node', policy_arn: BOUNDARY_DEV })),
    address: 'aws_iam_role_policy_attachment.node_boundary_9',
    complies: 'the boundary set as permissions_boundary',
    compliant: stackOf(role('qa-dev-node', { permissions_boundary: BOUNDARY_DEV })),
  },
  {
    rule: noWildcardActions,
    violates: 'a boundary-named policy with service wildcards that is attached (so it grants)',
    violating: stackOf(merge(BOUNDARY_POLICY, resource('aws_iam_role_policy_attachment', 'attach_9', { role: 'x', policy_arn: '${aws_iam_policy.boundary_8.arn}' })), BOOTSTRAP),
    address: 'aws_iam_policy.boundary_8',
    complies: 'the same boundary attached to nothing (a ceiling, not a grant)',
    compliant: stackOf(BOUNDARY_POLICY, BOOTSTRAP),
  },
  {
    rule: wildcardResourceAllowListed,
    violates: 'service wildcards on "*" in an ordinary policy',
    violating: stackOf(managedPolicy('qa-github-apply-dev-deploy-network', { Effect: 'Allow', Action: ['bedrock:InvokeModel'], Resource: '*' }), BOOTSTRAP),
    address: 'aws_iam_policy.deploy_policy_4',
    complies: 'a boundary with service wildcards on "*"',
    compliant: stackOf(BOUNDARY_POLICY, BOOTSTRAP),
  },
  {
    rule: kmsEc2MutationsScoped,
    violates: 'kms:ScheduleKeyDeletion on every key of the account',
    violating: stackOf(managedPolicy('deploy', { Effect: 'Allow', Action: ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy'], Resource: `arn:aws:kms:*:${ACCOUNT}:key/*` }), BOOTSTRAP),
    address: 'aws_iam_policy.deploy_policy_4',
    complies: 'the same on keys tagged for the environment, key use on a named key, and reads',
    compliant: stackOf(
      managedPolicy(
        'deploy',
        { Effect: 'Allow', Action: ['kms:ScheduleKeyDeletion'], Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`, Condition: TAGGED('aws:ResourceTag') },
        { Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:CreateGrant'], Resource: '${aws_kms_key.secrets_1.arn}' },
        { Effect: 'Allow', Action: ['kms:Describe*', 'ec2:Describe*'], Resource: '*' },
      ),
      BOOTSTRAP,
    ),
  },
  {
    rule: kmsEc2MutationsScoped,
    violates: 'EC2 creates and deletes on every EC2 resource, and CreateKey without request tags',
    violating: stackOf(
      managedPolicy('deploy', { Effect: 'Allow', Action: ['ec2:Create*', 'ec2:Delete*'], Resource: `arn:aws:ec2:*:${ACCOUNT}:*` }, { Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' }),
      BOOTSTRAP,
    ),
    address: 'aws_iam_policy.deploy_policy_4',
    complies: 'creates with aws:RequestTag, changes with aws:ResourceTag, endpoints to AWS-owned services',
    compliant: stackOf(
      managedPolicy(
        'deploy',
        { Effect: 'Allow', Action: 'ec2:CreateVpc', Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:vpc/*`, Condition: TAGGED('aws:RequestTag') },
        { Effect: 'Allow', Action: ['ec2:Delete*'], Resource: `arn:aws:ec2:eu-west-1:${ACCOUNT}:*`, Condition: TAGGED('aws:ResourceTag') },
        { Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*', Condition: TAGGED('aws:RequestTag') },
        { Effect: 'Allow', Action: 'ec2:CreateVpcEndpoint', Resource: 'arn:aws:ec2:eu-west-1:*:vpc-endpoint-service/*', Condition: { StringEquals: { 'ec2:VpceServiceOwner': 'amazon' } } },
      ),
      BOOTSTRAP,
    ),
  },
  {
    rule: planRoleDecryptsStateOnly,
    violates: 'the plan role decrypting SecureString parameters through SSM',
    violating: stackOf(
      planRoleWith(DECRYPT_STATE, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`, Condition: { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } } }),
      BOOTSTRAP,
    ),
    address: 'aws_iam_policy.plan_state_6',
    complies: 'only the state key, through S3, for the state bucket',
    compliant: stackOf(planRoleWith(DECRYPT_STATE), BOOTSTRAP),
  },
  {
    rule: planRoleReadsStateObjectsOnly,
    violates: 'the plan role reading every object of the bucket, and their old versions',
    violating: stackOf(planRoleWith({ Effect: 'Allow', Action: ['s3:GetObject', 's3:GetObjectVersion'], Resource: `${STATE_BUCKET}/*` }), BOOTSTRAP),
    address: 'aws_iam_policy.plan_state_6',
    complies: 'GetObject of named state objects, and bucket-level reads',
    compliant: stackOf(
      planRoleWith(
        { Effect: 'Allow', Action: 's3:GetObject', Resource: [`${STATE_BUCKET}/platform-dev/terraform.tfstate`, `${STATE_BUCKET}/addons-dev/terraform.tfstate`] },
        { Effect: 'Allow', Action: ['s3:ListBucket', 's3:GetBucket*'], Resource: 'arn:aws:s3:::qa-*' },
      ),
      BOOTSTRAP,
    ),
  },
  {
    rule: planRoleReadsStateObjectsOnly,
    violates: 'the plan role with s3:Get* on the project\'s buckets (which matches every object too)',
    violating: stackOf(planRoleWith({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::qa-*' }), BOOTSTRAP),
    address: 'aws_iam_policy.plan_state_6',
    complies: 'a deploy role reading objects (the rule is about the plan role)',
    compliant: stackOf(merge(githubRole('qa-github-apply-dev', trustOf([subject('environment:dev')])), managedPolicy('x', { Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::qa-*' })), BOOTSTRAP),
  },
  {
    rule: githubTrustNoRefSubject,
    violates: 'a role trusting the default branch (what /plan ran as)',
    violating: stackOf(githubRole('qa-github-apply-dev', trustOf(['repo:acme/chatbot-platform:environment:dev', 'repo:acme/chatbot-platform:ref:refs/heads/main'])), BOOTSTRAP),
    address: 'aws_iam_role.ci_role_5',
    complies: 'pull_request and environment subjects (whose workflow ref is a branch)',
    compliant: stackOf(githubRole('qa-github-plan', trustOf(['repo:acme/chatbot-platform:pull_request:*', subject('environment:plan', 'plan.yml')], 'StringLike')), BOOTSTRAP),
  },
  {
    rule: githubTrustNoRefSubject,
    violates: 'a subject pattern whose context is a wildcard (it matches ref:... too)',
    violating: stackOf(githubRole('qa-github-plan', trustOf(['repo:acme/chatbot-platform:*'], 'StringLike')), BOOTSTRAP),
    address: 'aws_iam_role.ci_role_5',
    complies: 'an exact environment subject',
    compliant: stackOf(githubRole('qa-github-apply-dev', trustOf([subject('environment:dev')])), BOOTSTRAP),
  },
  {
    rule: environmentRolesTrustOwnEnvironment,
    violates: 'the dev deploy role trusting prod\'s environment and a pull request',
    violating: stackOf(githubRole('qa-github-apply-dev', trustOf([subject('environment:dev'), subject('environment:prod'), 'repo:acme/chatbot-platform:pull_request'])), BOOTSTRAP),
    address: 'aws_iam_role.ci_role_5',
    complies: 'apply.yml and lifecycle.yml of main in environment dev',
    compliant: stackOf(githubRole('qa-github-apply-dev', trustOf([subject('environment:dev'), subject('environment:dev', 'lifecycle.yml')])), BOOTSTRAP),
  },
  {
    rule: environmentRolesTrustOwnEnvironment,
    violates: 'the prod image role matching its environment with StringLike, from any ref',
    violating: stackOf(githubRole('qa-github-image-prod', trustOf(['repo:acme/chatbot-platform:environment:prod:*'], 'StringLike')), BOOTSTRAP),
    address: 'aws_iam_role.ci_role_5',
    complies: 'its exact environment subject of the default branch',
    compliant: stackOf(githubRole('qa-github-image-prod', trustOf([subject('environment:prod', 'chatbot-image.yml')])), BOOTSTRAP),
  },
  {
    rule: noManagedSecureStrings,
    violates: 'a SecureString parameter managed by the stack',
    violating: stackOf(resource('aws_ssm_parameter', 'params_api_key_6', { name: '/qa/dev/chatbot/api-key', type: 'SecureString', value: 'x' })),
    address: 'aws_ssm_parameter.params_api_key_6',
    complies: 'plain String configuration',
    compliant: stackOf(resource('aws_ssm_parameter', 'params_region_6', { name: '/qa/dev/chatbot/aws-region', type: 'String', value: 'eu-west-1' })),
  },
];
