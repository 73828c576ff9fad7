import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { Construct } from 'constructs';
import { boundaryKeepingStatements, SCOPE_TAG_KEYS, taggedOtherThan, type CiDeployScope } from './ci-deploy-scope';
import { accountArns, environmentArns } from './ci-resource-arns';
import { karpenterInstanceProfilePath } from '../shared/karpenter-names';
import { environmentResourceName, permissionsBoundaryName } from '../shared/naming';
import { policyJson, type PolicyStatement } from '../shared/policy-document';

/**
 * Services the platform's workload roles call, each granted whole (`<service>:*`) in the boundary
 * only. A boundary grants nothing by itself: a role may do what its own policies AND its boundary
 * allow, and the policy suite holds the roles' own policies to named actions. Adding a workload
 * that calls another service means adding the service here.
 */
export const WORKLOAD_SERVICES: ReadonlyArray<{ readonly service: string; readonly usedBy: string }> = [
  { service: 'ec2', usedBy: 'cluster role, nodes, VPC CNI, EBS CSI driver, load balancer controller, Karpenter' },
  { service: 'elasticloadbalancing', usedBy: 'cluster role, load balancer controller' },
  { service: 'autoscaling', usedBy: 'cluster role (AmazonEKSClusterPolicy)' },
  { service: 'eks', usedBy: 'nodes (DescribeCluster)' },
  { service: 'eks-auth', usedBy: 'nodes (Pod Identity agent)' },
  { service: 'ecr', usedBy: 'nodes (image pulls)' },
  { service: 'ssm', usedBy: 'nodes (Session Manager), External Secrets (parameters)' },
  { service: 'ssmmessages', usedBy: 'nodes (Session Manager)' },
  { service: 'ec2messages', usedBy: 'nodes (Session Manager)' },
  { service: 'kms', usedBy: 'cluster role (secrets key), External Secrets (SecureString)' },
  { service: 'logs', usedBy: 'VPC flow logs, ADOT collector' },
  { service: 'cloudwatch', usedBy: 'ADOT collector (PutMetricData), AWS Chatbot alarm channels (DescribeAlarms, metric charts)' },
  { service: 'xray', usedBy: 'ADOT collector' },
  { service: 'bedrock', usedBy: 'chatbot' },
  { service: 'dynamodb', usedBy: 'chatbot (daily token counter)' },
  { service: 'acm', usedBy: 'load balancer controller' },
  { service: 'wafv2', usedBy: 'load balancer controller' },
  { service: 'waf-regional', usedBy: 'load balancer controller' },
  { service: 'shield', usedBy: 'load balancer controller' },
  { service: 'cognito-idp', usedBy: 'load balancer controller' },
  { service: 'sqs', usedBy: 'Karpenter (interruption queue)' },
  { service: 'pricing', usedBy: 'Karpenter (instance prices)' },
];

/** The IAM calls workloads make (service-linked roles for ELB/EKS, server certificates for the controller). */
export const WORKLOAD_IAM_ACTIONS = [
  'iam:CreateServiceLinkedRole',
  'iam:ListServerCertificates',
  'iam:GetServerCertificate',
  // Karpenter: passes its node role to EC2 and keeps an instance profile per EC2NodeClass
  // (modules/identity/karpenter-controller-policy.ts). Writes stay inside the environment's names
  // and Karpenter's instance-profile path (NoIamWritesOutsideEnvironment below).
  'iam:PassRole',
  'iam:GetInstanceProfile',
  'iam:ListInstanceProfiles',
  'iam:CreateInstanceProfile',
  'iam:TagInstanceProfile',
  'iam:AddRoleToInstanceProfile',
  'iam:RemoveRoleFromInstanceProfile',
  'iam:DeleteInstanceProfile',
] as const;

/**
 * A statement that may deny everything except some resources (`NotResource`, fine in a Deny; the
 * policy suite forbids it in an Allow). modules/shared/policy-document.ts has no such field yet.
 */
export type BoundaryStatement = PolicyStatement & { readonly NotResource?: readonly string[] };

/** IAM verbs that write: denied outside the environment's names. */
const IAM_WRITE_VERBS = ['Create', 'Delete', 'Put', 'Attach', 'Detach', 'Update', 'Tag', 'Untag', 'Add', 'Remove', 'Set', 'Upload', 'Change', 'Enable', 'Deactivate', 'Reset', 'Resync'];

/**
 * The boundary of one environment. Allows the workload services (above); denies IAM writes
 * outside `<prefix>-<env>-*` (service-linked roles excepted), any action on the bootstrap (CI
 * roles and policies, every boundary, GitHub's OIDC provider, the state bucket and key), removing
 * or swapping a boundary, and any action on a resource tagged for another environment or
 * project. The last one matters because a deploy role can write any policy into a role of its
 * environment: the boundary, not that policy, is what keeps such a role out of other
 * environments. (No S3 is allowed at all: no workload uses it. A workload that does needs its
 * buckets scoped here by name, since S3 object actions see no bucket tags.)
 */
export function permissionsBoundaryStatements(scope: CiDeployScope): BoundaryStatement[] {
  const account = accountArns(scope);
  const own = environmentArns(scope, scope.environment);
  const name = environmentResourceName(scope.namePrefix, scope.environment.name);
  return [
    {
      Sid: 'WorkloadServices',
      Effect: 'Allow',
      Action: [...WORKLOAD_SERVICES.map(({ service }) => `${service}:*`), ...WORKLOAD_IAM_ACTIONS],
      Resource: '*',
    },
    {
      Sid: 'NoIamWritesOutsideEnvironment',
      Effect: 'Deny',
      Action: [...IAM_WRITE_VERBS.map((verb) => `iam:${verb}*`), 'iam:PassRole'],
      NotResource: [
        own.iamRoles,
        own.iamPolicies,
        `arn:aws:iam::${scope.accountId}:instance-profile/${name}-*`,
        // The instance profiles Karpenter makes for the environment's cluster (named by Karpenter).
        `arn:aws:iam::${scope.accountId}:instance-profile${karpenterInstanceProfilePath(scope.environment.region, name)}*`,
        account.iamServiceLinkedRoles,
      ],
    },
    {
      Sid: 'NoBootstrapAccess',
      Effect: 'Deny',
      Action: '*',
      Resource: [account.ciRoles, account.ciPolicies, account.boundaryPolicies, account.githubOidcProvider, scope.state.bucketArn, `${scope.state.bucketArn}/*`, scope.state.keyArn],
    },
    ...boundaryKeepingStatements(scope.permissionsBoundaryArn),
    { Sid: 'NoOtherEnvironments', Effect: 'Deny', Action: '*', Resource: '*', Condition: taggedOtherThan(SCOPE_TAG_KEYS.environment, scope.tags.environment) },
    { Sid: 'NoOtherProjects', Effect: 'Deny', Action: '*', Resource: '*', Condition: taggedOtherThan(SCOPE_TAG_KEYS.project, scope.tags.project) },
  ];
}

export interface PermissionsBoundaryProps {
  readonly scope: CiDeployScope;
}

/**
 * An environment's permissions boundary: the managed policy `<prefix>-permissions-boundary-<env>`
 * that every role of the environment carries (platform stacks set it by name, through
 * `permissionsBoundaryArn()`), and that the environment's deploy role must set on any role it
 * creates. It is never attached as a permission policy.
 */
export class PermissionsBoundary extends Construct {
  readonly policy: IamPolicy;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: PermissionsBoundaryProps) {
    super(scope, id);
    const { namePrefix, environment } = props.scope;
    this.policy = new IamPolicy(this, 'policy', {
      name: permissionsBoundaryName(namePrefix, environment.name),
      description: `Permissions boundary of every role of ${environmentResourceName(namePrefix, environment.name)}`,
      policy: policyJson(...permissionsBoundaryStatements(props.scope)),
    });
    this.arn = this.policy.arn;
  }
}
