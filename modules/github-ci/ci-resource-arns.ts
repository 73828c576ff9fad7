import { GITHUB_OIDC_ISSUER_HOST } from './github-oidc-provider';
import { environmentResourceName, parameterPathPrefix, permissionsBoundaryName } from '../shared/naming';

/** The Terraform state every stack but bootstrap keeps in one bucket. */
export interface CiStateScope {
  /** ARN of the state bucket. */
  readonly bucketArn: string;
  /** ARN of the KMS key the bucket encrypts objects with (bucket keys on). */
  readonly keyArn: string;
  /** Region of the bucket: S3 uses the key through `s3.<region>.amazonaws.com`. */
  readonly region: string;
}

/** One environment, as the CI policies see it. */
export interface CiEnvironment {
  readonly name: string;
  readonly region: string;
}

/** What every CI policy is scoped to: the name prefix, the one account, the state. */
export interface CiAccountScope {
  /** Every resource of the platform is named `<namePrefix>-...` (or `/<namePrefix>/...`). */
  readonly namePrefix: string;
  /** The account the roles live and deploy in (config validation puts every environment there). */
  readonly accountId: string;
  readonly state: CiStateScope;
}

/**
 * ARN patterns of the resources a CI role reads or deploys. `projectArns` covers every environment
 * (the plan role plans them all); `environmentArns` one (a deploy role changes only its own).
 */
export interface ResourceArns {
  readonly iamRoles: string;
  readonly iamPolicies: string;
  /** EKS cluster issuers (`oidc.eks.<region>.amazonaws.com/id/<id>`): never GitHub's provider. */
  readonly iamEksOidcProviders: string;
  readonly eks: readonly string[];
  readonly ecrRepositories: string;
  /** Bucket ARNs. The pattern also matches object ARNs: grant only bucket-level actions on it. */
  readonly s3Buckets: string;
  readonly s3Objects: string;
  /** Distributions: random ids, so tag conditions scope them (see ci-deploy-statements.ts). */
  readonly cloudfrontDistributions: string;
  /** Origin access controls and response headers policies: random ids and no tags at all. */
  readonly cloudfrontUntaggable: readonly string[];
  readonly wafWebAcls: string;
  /** Key ARNs are random UUIDs: only tag conditions tell an environment's keys apart. */
  readonly kmsKeys: string;
  readonly kmsAliases: string;
  readonly logGroups: readonly string[];
  readonly ssmParameters: string;
  readonly alarms: string;
  /** The alarm topics (`<prefix>-<env>-alarms-*`) and their subscriptions (`<topic ARN>:<id>`). */
  readonly snsTopics: string;
  /** Dashboards are global (no region in the ARN); names `<prefix>-<env>-*` tell environments apart. */
  readonly dashboards: string;
  readonly acmCertificates: string;
  /** EC2 ids are random and EC2 has no name-based ARNs: only tag conditions scope it. */
  readonly ec2: string;
}

/** ARNs of the account, the same for every CI role. */
export function accountArns(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>) {
  const { namePrefix: p, accountId: acct } = scope;
  return {
    awsManagedPolicies: 'arn:aws:iam::aws:policy/*',
    iamServiceLinkedRoles: `arn:aws:iam::${acct}:role/aws-service-role/*`,
    /** Any OIDC provider (read only: plans refresh the EKS issuers, bootstrap plans GitHub's). */
    iamOidcProviders: `arn:aws:iam::${acct}:oidc-provider/*`,
    githubOidcProvider: `arn:aws:iam::${acct}:oidc-provider/${GITHUB_OIDC_ISSUER_HOST}`,
    /** The bootstrap's own roles and their policies, which nothing deployed may change. */
    ciRoles: `arn:aws:iam::${acct}:role/${p}-github-*`,
    ciPolicies: `arn:aws:iam::${acct}:policy/${p}-github-*`,
    /** Every environment's permissions boundary. */
    boundaryPolicies: `arn:aws:iam::${acct}:policy/${permissionsBoundaryName(p, '*')}`,
    // CloudFront-scoped web ACLs reference AWS managed rule groups, which live in us-east-1.
    wafManagedRuleSets: `arn:aws:wafv2:us-east-1:${acct}:global/managedruleset/*/*`,
  };
}

/** Every environment's resources (`<prefix>-*`, any region): what the plan role reads. */
export function projectArns(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>): ResourceArns {
  const { namePrefix: p, accountId: acct } = scope;
  const eks = (type: string, suffix = '') => `arn:aws:eks:*:${acct}:${type}/${p}-*${suffix}`;
  const logGroup = (name: string) => `arn:aws:logs:*:${acct}:log-group:${name}`;
  return {
    iamRoles: `arn:aws:iam::${acct}:role/${p}-*`,
    iamPolicies: `arn:aws:iam::${acct}:policy/${p}-*`,
    iamEksOidcProviders: `arn:aws:iam::${acct}:oidc-provider/oidc.eks.*`,
    eks: [eks('cluster'), eks('nodegroup', '/*'), eks('addon', '/*'), eks('access-entry', '/*'), eks('podidentityassociation', '/*')],
    ecrRepositories: `arn:aws:ecr:*:${acct}:repository/${p}-*`,
    s3Buckets: `arn:aws:s3:::${p}-*`,
    s3Objects: `arn:aws:s3:::${p}-*/*`,
    cloudfrontDistributions: `arn:aws:cloudfront::${acct}:distribution/*`,
    cloudfrontUntaggable: [`arn:aws:cloudfront::${acct}:origin-access-control/*`, `arn:aws:cloudfront::${acct}:response-headers-policy/*`],
    wafWebAcls: `arn:aws:wafv2:us-east-1:${acct}:global/webacl/${p}-*/*`,
    kmsKeys: `arn:aws:kms:*:${acct}:key/*`,
    kmsAliases: `arn:aws:kms:*:${acct}:alias/${p}-*`,
    logGroups: [logGroup(`${p}-*`), logGroup(`/${p}/*`), logGroup(`/aws/eks/${p}-*`), logGroup(`/aws/vpc/${p}-*`), logGroup(`/aws/containerinsights/${p}-*`)],
    ssmParameters: `arn:aws:ssm:*:${acct}:parameter/${p}/*`,
    alarms: `arn:aws:cloudwatch:*:${acct}:alarm:${p}-*`,
    snsTopics: `arn:aws:sns:*:${acct}:${p}-*`,
    dashboards: `arn:aws:cloudwatch::${acct}:dashboard/${p}-*`,
    acmCertificates: `arn:aws:acm:*:${acct}:certificate/*`,
    ec2: `arn:aws:ec2:*:${acct}:*`,
  };
}

/**
 * One environment's resources: names `<prefix>-<env>-*` (the cluster is `<prefix>-<env>`, the
 * repository `<prefix>-<env>/chatbot`, parameters and log groups sit under `/<prefix>/<env>/`),
 * in the environment's region (us-east-1 for the CloudFront-scoped WAF ACL).
 */
export function environmentArns(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>, environment: CiEnvironment): ResourceArns {
  const { accountId: acct } = scope;
  const name = environmentResourceName(scope.namePrefix, environment.name);
  const path = parameterPathPrefix(scope.namePrefix, environment.name);
  const region = environment.region;
  const eks = (type: string) => `arn:aws:eks:${region}:${acct}:${type}/${name}/*`;
  const logGroup = (group: string) => `arn:aws:logs:${region}:${acct}:log-group:${group}`;
  return {
    iamRoles: `arn:aws:iam::${acct}:role/${name}-*`,
    iamPolicies: `arn:aws:iam::${acct}:policy/${name}-*`,
    iamEksOidcProviders: `arn:aws:iam::${acct}:oidc-provider/oidc.eks.${region}.amazonaws.com/id/*`,
    eks: [`arn:aws:eks:${region}:${acct}:cluster/${name}`, eks('nodegroup'), eks('addon'), eks('access-entry'), eks('podidentityassociation')],
    ecrRepositories: `arn:aws:ecr:${region}:${acct}:repository/${name}/*`,
    s3Buckets: `arn:aws:s3:::${name}-*`,
    s3Objects: `arn:aws:s3:::${name}-*/*`,
    cloudfrontDistributions: `arn:aws:cloudfront::${acct}:distribution/*`,
    cloudfrontUntaggable: [`arn:aws:cloudfront::${acct}:origin-access-control/*`, `arn:aws:cloudfront::${acct}:response-headers-policy/*`],
    wafWebAcls: `arn:aws:wafv2:us-east-1:${acct}:global/webacl/${name}-*/*`,
    kmsKeys: `arn:aws:kms:${region}:${acct}:key/*`,
    kmsAliases: `arn:aws:kms:${region}:${acct}:alias/${name}-*`,
    logGroups: [logGroup(`${name}-*`), logGroup(`${path}/*`), logGroup(`/aws/eks/${name}/*`), logGroup(`/aws/vpc/${name}/*`), logGroup(`/aws/containerinsights/${name}/*`)],
    ssmParameters: `arn:aws:ssm:${region}:${acct}:parameter${path}/*`,
    alarms: `arn:aws:cloudwatch:${region}:${acct}:alarm:${name}-*`,
    snsTopics: `arn:aws:sns:${region}:${acct}:${name}-*`,
    dashboards: `arn:aws:cloudwatch::${acct}:dashboard/${name}-*`,
    acmCertificates: `arn:aws:acm:*:${acct}:certificate/*`,
    ec2: `arn:aws:ec2:${region}:${acct}:*`,
  };
}
