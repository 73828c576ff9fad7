import { parameterPathPrefix } from '../shared/naming';

/** What the CI policies are scoped to: the project's name prefix, account and environments. */
export interface CiPolicyScope {
  /** Every resource of the platform is named `<namePrefix>-...` (or `/<namePrefix>/...`). */
  readonly namePrefix: string;
  /** The account the roles live and deploy in (config validation puts every environment there). */
  readonly accountId: string;
  /** Environments the roles deploy: name (SSM path) and region (KMS `ViaService`). */
  readonly environments: ReadonlyArray<{ readonly name: string; readonly region: string }>;
  /** ARN of the Terraform state bucket. */
  readonly stateBucketArn: string;
  /** ARN of the KMS key encrypting the state. */
  readonly stateKeyArn: string;
}

/**
 * ARN patterns of the platform's resources, derived from the naming convention. Regions are `*`
 * where environments may live in several; the account is always fixed.
 */
export function ciResourceArns(scope: CiPolicyScope) {
  const { namePrefix: p, accountId: acct } = scope;
  const regions = [...new Set(scope.environments.map((e) => e.region))].sort();
  const eks = (type: string, suffix = '') => `arn:aws:eks:*:${acct}:${type}/${p}-*${suffix}`;
  const logGroup = (name: string) => `arn:aws:logs:*:${acct}:log-group:${name}`;
  return {
    regions,
    iamRoles: `arn:aws:iam::${acct}:role/${p}-*`,
    iamPolicies: `arn:aws:iam::${acct}:policy/${p}-*`,
    /** Any OIDC provider (read only). */
    iamOidcProviders: `arn:aws:iam::${acct}:oidc-provider/*`,
    /** Only EKS cluster issuers (`oidc.eks.<region>.amazonaws.com/id/<id>`): never GitHub's provider. */
    iamEksOidcProviders: `arn:aws:iam::${acct}:oidc-provider/oidc.eks.*`,
    iamServiceLinkedRoles: `arn:aws:iam::${acct}:role/aws-service-role/*`,
    awsManagedPolicies: 'arn:aws:iam::aws:policy/*',
    /** The bootstrap's own roles and their policies, which CI must never change. */
    ciRoles: `arn:aws:iam::${acct}:role/${p}-github-*`,
    ciPolicies: `arn:aws:iam::${acct}:policy/${p}-github-*`,
    githubOidcProvider: `arn:aws:iam::${acct}:oidc-provider/token.actions.githubusercontent.com`,
    eks: [eks('cluster'), eks('nodegroup', '/*'), eks('addon', '/*'), eks('access-entry', '/*'), eks('podidentityassociation', '/*')],
    ecrRepositories: `arn:aws:ecr:*:${acct}:repository/${p}-*`,
    s3Buckets: `arn:aws:s3:::${p}-*`,
    s3Objects: `arn:aws:s3:::${p}-*/*`,
    // CloudFront ids are random and CloudFront has no name-based ARNs: the account is the scope.
    cloudfront: `arn:aws:cloudfront::${acct}:*`,
    // CloudFront-scoped web ACLs live in us-east-1 under `global/`.
    wafWebAcls: `arn:aws:wafv2:us-east-1:${acct}:global/webacl/${p}-*/*`,
    wafManagedRuleSets: `arn:aws:wafv2:us-east-1:${acct}:global/managedruleset/*/*`,
    // Key ARNs carry a random UUID, so keys cannot be scoped by name; aliases can.
    kmsKeys: `arn:aws:kms:*:${acct}:key/*`,
    kmsKeysIn: (region: string) => `arn:aws:kms:${region}:${acct}:key/*`,
    kmsAliases: `arn:aws:kms:*:${acct}:alias/${p}-*`,
    logGroups: [logGroup(`${p}-*`), logGroup(`/${p}/*`), logGroup(`/aws/eks/${p}-*`), logGroup(`/aws/vpc/${p}-*`), logGroup(`/aws/containerinsights/${p}-*`)],
    ssmParameters: `arn:aws:ssm:*:${acct}:parameter/${p}/*`,
    ssmEnvironmentParameters: scope.environments.map((e) => `arn:aws:ssm:${e.region}:${acct}:parameter${parameterPathPrefix(p, e.name)}/*`),
    /** AWS public parameters (EKS-optimised AMI ids and the like). */
    ssmPublicParameters: 'arn:aws:ssm:*::parameter/aws/service/*',
    acmCertificates: `arn:aws:acm:*:${acct}:certificate/*`,
    alarms: `arn:aws:cloudwatch:*:${acct}:alarm:${p}-*`,
    // EC2 ids are random and EC2 has no name-based ARNs: the account is the narrowest scope.
    ec2: `arn:aws:ec2:*:${acct}:*`,
    ssmViaServices: regions.map((r) => `ssm.${r}.amazonaws.com`),
  };
}

export type CiResourceArns = ReturnType<typeof ciResourceArns>;
