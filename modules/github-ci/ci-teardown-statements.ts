/**
 * What the deploy role needs beyond the plan reads to run `npx projen teardown` and the leak
 * report in lifecycle.yml's destroy (tools/teardown, tools/leak-report). Most of their calls are
 * already in the read statements (ec2:Describe*, elasticloadbalancing:Describe*, tag:GetResources,
 * logs:DescribeLogGroups, kms, eks:DescribeCluster, s3:ListAllMyBuckets, route53:ListResourceRecordSets);
 * these are the rest, each
 * as narrow as its API allows.
 */
import type { CiAccountScope, CiEnvironment } from './ci-resource-arns';
import { environmentArns } from './ci-resource-arns';
import type { PolicyStatement } from '../shared/policy-document';

export function teardownReadStatements(scope: Pick<CiAccountScope, 'namePrefix' | 'accountId'>, environment: CiEnvironment): PolicyStatement[] {
  const arns = environmentArns(scope, environment);
  const acct = scope.accountId;
  return [
    {
      Sid: 'LeakReportRepositories',
      Effect: 'Allow',
      // Listing repositories (no names given) is authorized on `repository/*`: names, URIs and
      // settings of the region's repositories, no image. Images only of the environment's own.
      Action: 'ecr:DescribeRepositories',
      Resource: `arn:aws:ecr:${environment.region}:${acct}:repository/*`,
    },
    { Sid: 'LeakReportImages', Effect: 'Allow', Action: 'ecr:DescribeImages', Resource: arns.ecrRepositories },
    // Object versions left in the environment's buckets (keys and sizes, no content).
    { Sid: 'LeakReportBucketVersions', Effect: 'Allow', Action: 's3:ListBucketVersions', Resource: arns.s3Buckets },
    // external-dns records: every hosted zone is listed (no resource-level permission); their record
    // sets are read with route53:ListResourceRecordSets of the entry reads (ci-entry-statements.ts).
    { Sid: 'LeakReportZones', Effect: 'Allow', Action: 'route53:ListHostedZones', Resource: '*' },
  ];
}
