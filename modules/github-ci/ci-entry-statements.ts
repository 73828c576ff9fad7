/**
 * What the CI roles need for the chatbot's public entry (modules/edge): the certificate and its
 * Route 53 validation record, the regional WAF web ACL and its logging, the Cognito user pool, the
 * token counter table and the Bedrock budget. Named resources are scoped by name
 * (`<prefix>-<env>-*`), resources with random ids (certificates, user pools) by the Project and
 * Environment tags, Route 53 changes by zone, record name and type.
 */
import { taggedFor, type CiDeployScope } from './ci-deploy-scope';

export type { CiChatEntry } from './ci-deploy-scope';
import type { CiAccountScope, CiEnvironment } from './ci-resource-arns';
import { environmentResourceName } from '../shared/naming';
import type { PolicyStatement } from '../shared/policy-document';

/** ARN patterns of the public-entry resources: one environment's, or (environment absent) every environment's of the project. */
export function entryArns(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>, environment?: CiEnvironment) {
  const acct = scope.accountId;
  const name = environment ? environmentResourceName(scope.namePrefix, environment.name) : `${scope.namePrefix}-*`;
  const region = environment?.region ?? '*';
  return {
    wafRegionalWebAcls: `arn:aws:wafv2:${region}:${acct}:regional/webacl/${name}-*/*`,
    /** A web ACL that references AWS managed rule groups is authorized on those too. */
    wafRegionalManagedRuleSets: `arn:aws:wafv2:${region}:${acct}:regional/managedruleset/*/*`,
    wafLogGroup: `arn:aws:logs:${region}:${acct}:log-group:aws-waf-logs-${name}-*`,
    /** Random ids: tag conditions scope them. */
    certificates: `arn:aws:acm:${region}:${acct}:certificate/*`,
    /** Random ids: tag conditions scope them. */
    userPools: `arn:aws:cognito-idp:${region}:${acct}:userpool/*`,
    tables: `arn:aws:dynamodb:${region}:${acct}:table/${name}-*`,
    /** Budgets are global: no region in the ARN. */
    budgets: `arn:aws:budgets::${acct}:budget/${name}-*`,
    hostedZones: 'arn:aws:route53:::hostedzone/*',
    route53Changes: 'arn:aws:route53:::change/*',
  };
}

/**
 * Reads `terraform plan` makes to refresh the public-entry resources (plan role: every
 * environment; deploy role: its own). None returns a secret, except that refreshing the ALB's
 * Cognito app client returns its generated secret, as the state holds it (docs/edge.md).
 */
export function entryReadStatements(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>, environment?: CiEnvironment): PolicyStatement[] {
  const arns = entryArns(scope, environment);
  return [
    { Sid: 'ReadEntryWaf', Effect: 'Allow', Action: ['wafv2:Get*', 'wafv2:List*'], Resource: [arns.wafRegionalWebAcls, arns.wafRegionalManagedRuleSets] },
    { Sid: 'ReadEntryLogs', Effect: 'Allow', Action: ['logs:Describe*', 'logs:List*'], Resource: arns.wafLogGroup },
    {
      Sid: 'ReadEntryUserPools',
      Effect: 'Allow',
      Action: ['cognito-idp:DescribeUserPool', 'cognito-idp:GetUserPoolMfaConfig', 'cognito-idp:DescribeUserPoolClient', 'cognito-idp:ListTagsForResource'],
      Resource: arns.userPools,
    },
    { Sid: 'ReadEntryTables', Effect: 'Allow', Action: ['dynamodb:Describe*', 'dynamodb:ListTagsOfResource'], Resource: arns.tables },
    { Sid: 'ReadEntryBudgets', Effect: 'Allow', Action: ['budgets:ViewBudget', 'budgets:ListTagsForResource'], Resource: arns.budgets },
    { Sid: 'ReadEntryDns', Effect: 'Allow', Action: ['route53:GetHostedZone', 'route53:ListResourceRecordSets', 'route53:ListTagsForResource', 'route53:GetChange'], Resource: [arns.hostedZones, arns.route53Changes] },
  ];
}

/**
 * The deploy role's create/update/delete permissions for its environment's public entry. The
 * Route 53 statement exists only with `route53` DNS: it writes CNAME records named `_*.<host>`
 * (ACM's validation records) in the configured zone, and nothing else in any zone.
 */
export function entryDeployStatements(scope: CiDeployScope): PolicyStatement[] {
  const arns = entryArns(scope, scope.environment);
  const entry = scope.chatEntry;
  const statements: PolicyStatement[] = [
    {
      Sid: 'DeployEntryWaf',
      Effect: 'Allow',
      Action: ['wafv2:Create*', 'wafv2:Update*', 'wafv2:Delete*', 'wafv2:PutLoggingConfiguration', 'wafv2:TagResource', 'wafv2:UntagResource'],
      Resource: [arns.wafRegionalWebAcls, arns.wafRegionalManagedRuleSets],
    },
    {
      Sid: 'DeployEntryWafLogGroup',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:DeleteLogGroup', 'logs:PutRetentionPolicy', 'logs:TagResource', 'logs:UntagResource'],
      Resource: arns.wafLogGroup,
    },
    {
      // WAF log delivery: account-level log deliveries and resource policies, which have no ARN.
      Sid: 'DeployEntryWafLogDelivery',
      Effect: 'Allow',
      Action: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:UpdateLogDelivery', 'logs:PutResourcePolicy', 'logs:DeleteResourcePolicy', 'logs:DescribeResourcePolicies'],
      Resource: '*',
    },
    {
      // Tags in the request are authorized as acm:AddTagsToCertificate too.
      Sid: 'CreateTaggedCertificates',
      Effect: 'Allow',
      Action: ['acm:RequestCertificate', 'acm:AddTagsToCertificate'],
      Resource: arns.certificates,
      Condition: taggedFor(scope.tags, 'aws:RequestTag'),
    },
    {
      Sid: 'ChangeTaggedCertificates',
      Effect: 'Allow',
      Action: ['acm:DeleteCertificate', 'acm:UpdateCertificateOptions', 'acm:AddTagsToCertificate', 'acm:RemoveTagsFromCertificate'],
      Resource: arns.certificates,
      Condition: taggedFor(scope.tags, 'aws:ResourceTag'),
    },
    {
      // CreateUserPool has no resource-level permission: the pool's tags are its only scope.
      Sid: 'CreateTaggedUserPools',
      Effect: 'Allow',
      Action: 'cognito-idp:CreateUserPool',
      Resource: '*',
      Condition: taggedFor(scope.tags, 'aws:RequestTag'),
    },
    {
      Sid: 'ChangeTaggedUserPools',
      Effect: 'Allow',
      Action: [
        'cognito-idp:UpdateUserPool',
        'cognito-idp:DeleteUserPool',
        'cognito-idp:SetUserPoolMfaConfig',
        'cognito-idp:CreateUserPoolClient',
        'cognito-idp:UpdateUserPoolClient',
        'cognito-idp:DeleteUserPoolClient',
        'cognito-idp:CreateUserPoolDomain',
        'cognito-idp:UpdateUserPoolDomain',
        'cognito-idp:DeleteUserPoolDomain',
        'cognito-idp:TagResource',
        'cognito-idp:UntagResource',
      ],
      Resource: arns.userPools,
      Condition: taggedFor(scope.tags, 'aws:ResourceTag'),
    },
    {
      Sid: 'DeployEntryTables',
      Effect: 'Allow',
      Action: ['dynamodb:CreateTable', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:UpdateTimeToLive', 'dynamodb:UpdateContinuousBackups', 'dynamodb:TagResource', 'dynamodb:UntagResource'],
      Resource: arns.tables,
    },
    // CreateBudget, notifications and subscribers are all authorized as budgets:ModifyBudget.
    { Sid: 'DeployEntryBudgets', Effect: 'Allow', Action: ['budgets:ModifyBudget', 'budgets:TagResource', 'budgets:UntagResource'], Resource: arns.budgets },
  ];
  if (entry?.route53) {
    statements.push({
      Sid: 'WriteCertificateValidationRecords',
      Effect: 'Allow',
      Action: 'route53:ChangeResourceRecordSets',
      Resource: entry.hostedZoneId ? `arn:aws:route53:::hostedzone/${entry.hostedZoneId}` : arns.hostedZones,
      Condition: {
        'ForAllValues:StringLike': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': [`_*.${entry.domain}`] },
        'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME'] },
        // ForAllValues holds for a request without the key: require it.
        'Null': { 'route53:ChangeResourceRecordSetsNormalizedRecordNames': 'false' },
      },
    });
  }
  return statements;
}
