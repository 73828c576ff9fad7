/**
 * lifecycle.yml's destroy runs the teardown and the leak report with the environment's deploy role:
 * every call they make (the leak report's checks list theirs; the teardown's own are below) must be
 * allowed on the environment's resources, and the scoped ones refused on another environment's.
 * The hourly ttl check reads each cluster with the plan role.
 */
import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE, REGIONS } from './ci-scopes';
import { decide, statementsOf, type Statement } from './iam-analysis';
import { deployPolicies, planPolicies } from '../../../modules/github-ci/ci-policies';
import { ec2Check } from '../../../tools/leak-report/src/checks/ec2';
import { ecrCheck } from '../../../tools/leak-report/src/checks/ecr';
import { kmsCheck } from '../../../tools/leak-report/src/checks/kms';
import { loadBalancersCheck } from '../../../tools/leak-report/src/checks/load-balancers';
import { logGroupsCheck } from '../../../tools/leak-report/src/checks/log-groups';
import { route53Check } from '../../../tools/leak-report/src/checks/route53';
import { s3Check } from '../../../tools/leak-report/src/checks/s3';
import { taggedResourcesCheck } from '../../../tools/leak-report/src/checks/tagged-resources';

const deploy = { dev: statementsOf(deployPolicies(deployScope('dev'))), prod: statementsOf(deployPolicies(deployScope('prod'))) };
const plan = statementsOf(planPolicies(PLAN_SCOPE));
const allowed = (statements: Statement[], action: string, resource: string) => decide(statements, { action, resource }) === 'allow';

/** The resource each call is authorized on, for `env`'s resources ('*' for calls without resource-level permission). */
function resourceOf(action: string, env: 'dev' | 'prod'): string {
  const region = REGIONS[env];
  const resources: Record<string, string> = {
    'ecr:DescribeRepositories': `arn:aws:ecr:${region}:${ACCOUNT}:repository/*`,
    'ecr:DescribeImages': `arn:aws:ecr:${region}:${ACCOUNT}:repository/qa-${env}/chatbot`,
    's3:ListBucketVersions': `arn:aws:s3:::qa-${env}-chatbot-ui-${ACCOUNT}`,
    'kms:DescribeKey': `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    'kms:ListResourceTags': `arn:aws:kms:${region}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    'route53:ListResourceRecordSets': 'arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ',
    'eks:DescribeCluster': `arn:aws:eks:${region}:${ACCOUNT}:cluster/qa-${env}`,
  };
  return resources[action] ?? '*';
}

/** Every call of the leak report (from its checks) and of the teardown's drain. */
const LEAK_REPORT_CALLS = [taggedResourcesCheck('eu-west-1', () => undefined), ec2Check, loadBalancersCheck, logGroupsCheck, ecrCheck, s3Check, kmsCheck, route53Check]
  .flatMap((c) => c.calls)
  .concat('sts:GetCallerIdentity');
const TEARDOWN_CALLS = ['eks:DescribeCluster', 'ec2:DescribeSecurityGroups', 'ec2:DescribeInstances', 'elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTags', 'route53:ListHostedZones', 'route53:ListResourceRecordSets'];

/** IAM names ListObjectVersions `s3:ListBucketVersions`, ListBuckets `s3:ListAllMyBuckets`: the checks list IAM names already. */
const calls = [...new Set([...LEAK_REPORT_CALLS, ...TEARDOWN_CALLS])].sort();

describe('CI roles: the teardown and the leak report in lifecycle.yml destroy', () => {
  it('lists the calls to check (the leak report names its own)', () => {
    expect(calls).to.include.members(['tag:GetResources', 'ecr:DescribeImages', 's3:ListBucketVersions', 'route53:ListHostedZones', 'kms:ListResourceTags']);
  });

  for (const env of ['dev', 'prod'] as const) {
    it(`the ${env} deploy role may make every call on ${env}'s resources`, () => {
      const refused = calls.filter((action) => !allowed(deploy[env], action, resourceOf(action, env)));
      expect(refused).to.deep.equal([]);
    });
  }

  it("dev's deploy role reads no image, bucket content or cluster of prod through these grants", () => {
    for (const action of ['ecr:DescribeImages', 's3:ListBucketVersions', 'eks:DescribeCluster']) {
      expect(allowed(deploy.dev, action, resourceOf(action, 'prod')), action).to.equal(false);
    }
  });

  it('the repository listing is the one grant on a whole region of one service, and on no other region', () => {
    expect(allowed(deploy.dev, 'ecr:DescribeRepositories', `arn:aws:ecr:${REGIONS.prod}:${ACCOUNT}:repository/*`)).to.equal(false);
    expect(allowed(deploy.dev, 'ecr:BatchGetImage', resourceOf('ecr:DescribeRepositories', 'dev'))).to.equal(false);
  });

  it("the plan role reads every environment's cluster (the hourly ttl check)", () => {
    for (const env of ['dev', 'prod'] as const) expect(allowed(plan, 'eks:DescribeCluster', resourceOf('eks:DescribeCluster', env)), env).to.equal(true);
    expect(allowed(plan, 'eks:TagResource', resourceOf('eks:DescribeCluster', 'dev'))).to.equal(false);
  });

  it("the deploy role may stamp its own cluster's ttl tag after an up, not prod's", () => {
    expect(allowed(deploy.dev, 'eks:TagResource', resourceOf('eks:DescribeCluster', 'dev'))).to.equal(true);
    expect(allowed(deploy.dev, 'eks:TagResource', resourceOf('eks:DescribeCluster', 'prod'))).to.equal(false);
  });
});
