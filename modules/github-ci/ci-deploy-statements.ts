import type { CiPolicyScope } from './ci-resource-arns';
import { ciResourceArns } from './ci-resource-arns';
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

/** Service-linked roles AWS creates on the first cluster / node group / Spot node of an account. */
const SERVICE_LINKED_ROLE_SERVICES = ['eks.amazonaws.com', 'eks-nodegroup.amazonaws.com', 'autoscaling.amazonaws.com', 'spot.amazonaws.com'];

/** IAM writes on roles, policies and OIDC providers; also what the guardrails deny on CI's own. */
export const IAM_ROLE_WRITE_ACTIONS = [
  'iam:CreateRole',
  'iam:DeleteRole',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
  'iam:UpdateAssumeRolePolicy',
  'iam:TagRole',
  'iam:UntagRole',
  'iam:PutRolePolicy',
  'iam:DeleteRolePolicy',
];
export const IAM_ATTACH_ACTIONS = ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'];
export const IAM_POLICY_WRITE_ACTIONS = [
  'iam:CreatePolicy',
  'iam:DeletePolicy',
  'iam:CreatePolicyVersion',
  'iam:DeletePolicyVersion',
  'iam:SetDefaultPolicyVersion',
  'iam:TagPolicy',
  'iam:UntagPolicy',
];
export const IAM_OIDC_WRITE_ACTIONS = [
  'iam:CreateOpenIDConnectProvider',
  'iam:DeleteOpenIDConnectProvider',
  'iam:UpdateOpenIDConnectProviderThumbprint',
  'iam:AddClientIDToOpenIDConnectProvider',
  'iam:RemoveClientIDFromOpenIDConnectProvider',
  'iam:TagOpenIDConnectProvider',
  'iam:UntagOpenIDConnectProvider',
];

/** The deploy policies of the apply role, one group of statements per managed policy. */
export interface DeployStatementGroups {
  readonly network: PolicyStatement[];
  readonly cluster: PolicyStatement[];
  readonly edge: PolicyStatement[];
  readonly operations: PolicyStatement[];
}

/**
 * Create/update/delete permissions for the platform stacks, as verb-prefix patterns per service,
 * each on the resources named with the project's prefix (or the account, where names are random).
 */
export function deployStatements(scope: CiPolicyScope): DeployStatementGroups {
  const arns = ciResourceArns(scope);
  const network: PolicyStatement[] = [
    {
      Sid: 'DeployEc2',
      Effect: 'Allow',
      Action: [
        'ec2:Create*',
        'ec2:Delete*',
        'ec2:Modify*',
        'ec2:Associate*',
        'ec2:Disassociate*',
        'ec2:Attach*',
        'ec2:Detach*',
        'ec2:Authorize*',
        'ec2:Revoke*',
        'ec2:Allocate*',
        'ec2:Release*',
        'ec2:Replace*',
        'ec2:UpdateSecurityGroupRuleDescriptions*',
      ],
      Resource: arns.ec2,
    },
  ];
  const cluster: PolicyStatement[] = [
    {
      Sid: 'DeployEks',
      Effect: 'Allow',
      Action: ['eks:Create*', 'eks:Delete*', 'eks:Update*', 'eks:Associate*', 'eks:Disassociate*', 'eks:TagResource', 'eks:UntagResource'],
      Resource: arns.eks,
    },
    { Sid: 'DeployIamRoles', Effect: 'Allow', Action: IAM_ROLE_WRITE_ACTIONS, Resource: arns.iamRoles },
    {
      // Without this condition the role could attach AdministratorAccess to a role it creates.
      Sid: 'AttachKnownPolicies',
      Effect: 'Allow',
      Action: IAM_ATTACH_ACTIONS,
      Resource: arns.iamRoles,
      Condition: { ArnLike: { 'iam:PolicyARN': [arns.iamPolicies, ...ATTACHABLE_AWS_MANAGED_POLICIES] } },
    },
    { Sid: 'DeployIamPolicies', Effect: 'Allow', Action: IAM_POLICY_WRITE_ACTIONS, Resource: arns.iamPolicies },
    { Sid: 'DeployClusterOidcProviders', Effect: 'Allow', Action: IAM_OIDC_WRITE_ACTIONS, Resource: arns.iamEksOidcProviders },
    {
      Sid: 'PassPlatformRoles',
      Effect: 'Allow',
      Action: 'iam:PassRole',
      Resource: arns.iamRoles,
      Condition: { StringEquals: { 'iam:PassedToService': [...PASSED_TO_SERVICES] } },
    },
    {
      Sid: 'CreateServiceLinkedRoles',
      Effect: 'Allow',
      Action: 'iam:CreateServiceLinkedRole',
      Resource: arns.iamServiceLinkedRoles,
      Condition: { StringEquals: { 'iam:AWSServiceName': SERVICE_LINKED_ROLE_SERVICES } },
    },
  ];
  const edge: PolicyStatement[] = [
    {
      Sid: 'DeployS3Buckets',
      Effect: 'Allow',
      Action: ['s3:CreateBucket', 's3:DeleteBucket', 's3:PutBucket*', 's3:DeleteBucket*', 's3:PutEncryptionConfiguration', 's3:PutLifecycleConfiguration'],
      Resource: arns.s3Buckets,
    },
    {
      // Static assets are uploaded, and a bucket is emptied (all versions) before it is destroyed.
      Sid: 'DeployS3Objects',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: arns.s3Objects,
    },
    {
      Sid: 'DeployCloudFront',
      Effect: 'Allow',
      Action: ['cloudfront:Create*', 'cloudfront:Update*', 'cloudfront:Delete*', 'cloudfront:Publish*', 'cloudfront:TagResource', 'cloudfront:UntagResource'],
      Resource: arns.cloudfront,
    },
    {
      Sid: 'DeployWaf',
      Effect: 'Allow',
      Action: ['wafv2:Create*', 'wafv2:Update*', 'wafv2:Delete*', 'wafv2:TagResource', 'wafv2:UntagResource'],
      Resource: [arns.wafWebAcls, arns.wafManagedRuleSets],
    },
    {
      Sid: 'DeployEcr',
      Effect: 'Allow',
      Action: [
        'ecr:CreateRepository',
        'ecr:DeleteRepository',
        'ecr:PutLifecyclePolicy',
        'ecr:DeleteLifecyclePolicy',
        'ecr:PutImageScanningConfiguration',
        'ecr:PutImageTagMutability',
        'ecr:SetRepositoryPolicy',
        'ecr:DeleteRepositoryPolicy',
        'ecr:TagResource',
        'ecr:UntagResource',
        // The image build on the default branch pushes with this role.
        'ecr:BatchCheckLayerAvailability',
        'ecr:InitiateLayerUpload',
        'ecr:UploadLayerPart',
        'ecr:CompleteLayerUpload',
        'ecr:PutImage',
        'ecr:BatchGetImage',
      ],
      Resource: arns.ecrRepositories,
    },
    { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
  ];
  const operations: PolicyStatement[] = [
    { Sid: 'CreateKmsKeys', Effect: 'Allow', Action: 'kms:CreateKey', Resource: '*' },
    {
      // Key ARNs are random UUIDs: keys cannot be scoped by name, only to the account. The state
      // key is protected by the guardrails policy.
      Sid: 'ManageKmsKeys',
      Effect: 'Allow',
      Action: [
        'kms:EnableKeyRotation',
        'kms:PutKeyPolicy',
        'kms:UpdateKeyDescription',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:CreateAlias',
        'kms:UpdateAlias',
        'kms:DeleteAlias',
      ],
      Resource: [arns.kmsKeys, arns.kmsAliases],
    },
    {
      // EKS secrets encryption takes a grant on the key in the caller's name.
      Sid: 'GrantKeysToServices',
      Effect: 'Allow',
      Action: 'kms:CreateGrant',
      Resource: arns.kmsKeys,
      Condition: { Bool: { 'kms:GrantIsForAWSResource': true } },
    },
    {
      Sid: 'EncryptParameters',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
      Resource: arns.regions.map(arns.kmsKeysIn),
      Condition: { StringEquals: { 'kms:ViaService': arns.ssmViaServices } },
    },
    {
      Sid: 'DeployLogGroups',
      Effect: 'Allow',
      Action: [
        'logs:CreateLogGroup',
        'logs:DeleteLogGroup',
        'logs:PutRetentionPolicy',
        'logs:DeleteRetentionPolicy',
        'logs:AssociateKmsKey',
        'logs:DisassociateKmsKey',
        'logs:TagResource',
        'logs:UntagResource',
        'logs:TagLogGroup',
        'logs:UntagLogGroup',
      ],
      Resource: arns.logGroups,
    },
    {
      Sid: 'DeployParameters',
      Effect: 'Allow',
      Action: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:DeleteParameters', 'ssm:AddTagsToResource', 'ssm:RemoveTagsFromResource'],
      Resource: arns.ssmParameters,
    },
    {
      Sid: 'DeployAlarms',
      Effect: 'Allow',
      Action: ['cloudwatch:PutMetricAlarm', 'cloudwatch:DeleteAlarms', 'cloudwatch:TagResource', 'cloudwatch:UntagResource'],
      Resource: arns.alarms,
    },
  ];
  return { network, cluster, edge, operations };
}
