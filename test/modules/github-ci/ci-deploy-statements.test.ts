/**
 * What the dev deploy role may do, evaluated request by request (tags and boundary included):
 * everything it needs in dev, nothing in prod, nothing to the bootstrap.
 */
import { expect } from 'chai';
import { ACCOUNT, deployScope, tagsOf } from './ci-scopes';
import { decide, globMatches, list, statementsOf, type IamRequest } from './iam-analysis';
import { ATTACHABLE_AWS_MANAGED_POLICIES, PASSED_TO_SERVICES } from '../../../modules/github-ci/ci-iam-statements';
import { deployPolicies } from '../../../modules/github-ci/ci-policies';
import { permissionsBoundaryArn } from '../../../modules/shared/naming';

const dev = statementsOf(deployPolicies(deployScope('dev')));
const allowed = (request: IamRequest) => decide(dev, request) === 'allow';
const ec2 = (type: string, id = '*', region = 'eu-west-1') => `arn:aws:ec2:${region}:${ACCOUNT}:${type}/${id}`;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const DEV_BOUNDARY = { 'iam:PermissionsBoundary': permissionsBoundaryArn('qa', ACCOUNT, 'dev') };
const PROD_BOUNDARY = { 'iam:PermissionsBoundary': permissionsBoundaryArn('qa', ACCOUNT, 'prod') };
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0a1b2c3d-0000-4000-8000-000000000000`;
const DISTRIBUTION = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2EXAMPLE`;

describe('deploy role of an environment (dev)', () => {
  describe('IAM: roles only with the environment\'s permissions boundary', () => {
    it('creates and changes roles named <prefix>-dev-* with the dev boundary', () => {
      for (const action of ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePolicy']) {
        expect(allowed({ action, resource: role('qa-dev-cluster'), context: DEV_BOUNDARY }), action).to.equal(true);
        expect(allowed({ action, resource: role('qa-dev-cluster') }), `${action} without a boundary`).to.equal(false);
        expect(allowed({ action, resource: role('qa-dev-cluster'), context: PROD_BOUNDARY }), `${action} with prod's boundary`).to.equal(false);
        expect(allowed({ action, resource: role('qa-prod-cluster'), context: PROD_BOUNDARY }), `${action} on a prod role`).to.equal(false);
      }
    });

    it('attaches only known AWS managed policies and its own, to bounded roles', () => {
      const attach = (policy: string, context: Record<string, string> = DEV_BOUNDARY) =>
        allowed({ action: 'iam:AttachRolePolicy', resource: role('qa-dev-node'), context: { ...context, 'iam:PolicyARN': policy } });
      expect(attach('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy')).to.equal(true);
      expect(attach(`arn:aws:iam::${ACCOUNT}:policy/qa-dev-external-secrets`)).to.equal(true);
      expect(attach('arn:aws:iam::aws:policy/AdministratorAccess')).to.equal(false);
      expect(attach(`arn:aws:iam::${ACCOUNT}:policy/qa-prod-anything`)).to.equal(false);
      expect(attach('arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy', {})).to.equal(false);
      expect(ATTACHABLE_AWS_MANAGED_POLICIES.join()).not.to.match(/Administrator|PowerUser|FullAccess/);
    });

    it('can never remove a boundary, nor create a role under another one', () => {
      expect(decide(dev, { action: 'iam:DeleteRolePermissionsBoundary', resource: role('qa-dev-cluster') })).to.equal('explicit-deny');
      expect(decide(dev, { action: 'iam:CreateRole', resource: role('qa-dev-x') })).to.equal('explicit-deny');
      expect(decide(dev, { action: 'iam:PutRolePermissionsBoundary', resource: role('qa-dev-x'), context: PROD_BOUNDARY })).to.equal('explicit-deny');
    });

    it('cannot touch the CI roles, their policies, the boundaries or GitHub\'s OIDC provider', () => {
      const protectedArns = [
        role('qa-github-plan'),
        role('qa-github-apply-dev'),
        role('qa-github-image-prod'),
        `arn:aws:iam::${ACCOUNT}:policy/qa-github-apply-dev-deploy-cluster`,
        permissionsBoundaryArn('qa', ACCOUNT, 'dev'),
        permissionsBoundaryArn('qa', ACCOUNT, 'prod'),
        `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      ];
      for (const resource of protectedArns) {
        for (const action of ['iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:CreatePolicyVersion', 'iam:DeleteRole', 'iam:PassRole', 'iam:DeleteOpenIDConnectProvider']) {
          expect(allowed({ action, resource, context: DEV_BOUNDARY }), `${action} on ${resource}`).to.equal(false);
        }
      }
      expect(decide(dev, { action: 'iam:CreatePolicyVersion', resource: permissionsBoundaryArn('qa', ACCOUNT, 'dev') })).to.equal('explicit-deny');
    });

    it('passes its own roles to the platform\'s services only, and assumes no role', () => {
      expect(allowed({ action: 'iam:PassRole', resource: role('qa-dev-cluster'), context: { 'iam:PassedToService': 'eks.amazonaws.com' } })).to.equal(true);
      expect(allowed({ action: 'iam:PassRole', resource: role('qa-dev-cluster'), context: { 'iam:PassedToService': 'lambda.amazonaws.com' } })).to.equal(false);
      expect(allowed({ action: 'iam:PassRole', resource: role('qa-prod-cluster'), context: { 'iam:PassedToService': 'eks.amazonaws.com' } })).to.equal(false);
      expect(PASSED_TO_SERVICES).to.have.members(['eks.amazonaws.com', 'ec2.amazonaws.com', 'vpc-flow-logs.amazonaws.com', 'pods.eks.amazonaws.com']);
      expect(decide(dev, { action: 'sts:AssumeRole', resource: role('qa-dev-node') })).to.equal('explicit-deny');
    });

    it('manages only its own tagged cluster OIDC provider', () => {
      const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE`;
      expect(allowed({ action: 'iam:CreateOpenIDConnectProvider', resource: provider, context: tagsOf('dev', 'aws:RequestTag') })).to.equal(true);
      expect(allowed({ action: 'iam:DeleteOpenIDConnectProvider', resource: provider, context: tagsOf('dev') })).to.equal(true);
      expect(allowed({ action: 'iam:DeleteOpenIDConnectProvider', resource: provider, context: tagsOf('prod') })).to.equal(false);
      expect(decide(dev, { action: 'iam:TagOpenIDConnectProvider', resource: provider, context: { ...tagsOf('prod'), ...tagsOf('dev', 'aws:RequestTag') } })).to.equal('explicit-deny');
    });
  });

  describe('EC2: created with its tags, changed only while tagged for it', () => {
    it('creates VPCs and their children only when tagging them for dev', () => {
      expect(allowed({ action: 'ec2:CreateVpc', resource: ec2('vpc'), context: tagsOf('dev', 'aws:RequestTag') })).to.equal(true);
      expect(allowed({ action: 'ec2:CreateVpc', resource: ec2('vpc'), context: tagsOf('prod', 'aws:RequestTag') })).to.equal(false);
      expect(allowed({ action: 'ec2:CreateVpc', resource: ec2('vpc') }), 'untagged').to.equal(false);
      expect(allowed({ action: 'ec2:CreateVpc', resource: ec2('vpc', '*', 'us-east-1'), context: tagsOf('dev', 'aws:RequestTag') }), 'other region').to.equal(false);
      expect(allowed({ action: 'ec2:CreateTags', resource: ec2('vpc', 'vpc-new'), context: { ...tagsOf('dev', 'aws:RequestTag'), 'ec2:CreateAction': 'CreateVpc' } })).to.equal(true);
    });

    it('adds nothing to another environment\'s VPC or security group, whatever it tags the new resource with', () => {
      const newSubnet = { action: 'ec2:CreateSubnet', resource: ec2('subnet'), context: tagsOf('dev', 'aws:RequestTag') };
      expect(allowed(newSubnet)).to.equal(true);
      expect(allowed({ ...newSubnet, resource: ec2('vpc', 'vpc-dev'), context: { ...tagsOf('dev'), ...tagsOf('dev', 'aws:RequestTag') } }), 'parent dev VPC').to.equal(true);
      expect(allowed({ ...newSubnet, resource: ec2('vpc', 'vpc-prod'), context: { ...tagsOf('prod'), ...tagsOf('dev', 'aws:RequestTag') } }), 'parent prod VPC').to.equal(false);
      const openProd = { action: 'ec2:AuthorizeSecurityGroupIngress', resource: ec2('security-group', 'sg-prod'), context: { ...tagsOf('prod'), ...tagsOf('dev', 'aws:RequestTag') } };
      expect(allowed(openProd)).to.equal(false);
      expect(allowed({ ...openProd, resource: ec2('security-group-rule') })).to.equal(true);
    });

    it('changes and deletes only resources tagged for dev (and of its project)', () => {
      for (const action of ['ec2:DeleteSubnet', 'ec2:ModifyVpcAttribute', 'ec2:RevokeSecurityGroupEgress', 'ec2:ReleaseAddress', 'ec2:CreateRoute']) {
        expect(allowed({ action, resource: ec2('subnet', 'subnet-1'), context: tagsOf('dev') }), action).to.equal(true);
        expect(allowed({ action, resource: ec2('subnet', 'subnet-1'), context: tagsOf('prod') }), `${action} prod`).to.equal(false);
        expect(allowed({ action, resource: ec2('subnet', 'subnet-1'), context: tagsOf('dev', 'aws:ResourceTag', 'other-project') }), `${action} other project`).to.equal(false);
        expect(allowed({ action, resource: ec2('subnet', 'subnet-1') }), `${action} untagged`).to.equal(false);
      }
      expect(allowed({ action: 'ec2:TerminateInstances', resource: ec2('instance', 'i-1'), context: tagsOf('dev') })).to.equal(false);
    });

    it('may claim an untagged security group (the VPC\'s default group), never re-tag another environment\'s resource', () => {
      const claim = { action: 'ec2:CreateTags', resource: ec2('security-group', 'sg-default'), context: tagsOf('dev', 'aws:RequestTag') };
      expect(allowed(claim)).to.equal(true);
      expect(decide(dev, { ...claim, context: { ...claim.context, ...tagsOf('prod') } })).to.equal('explicit-deny');
      expect(allowed({ ...claim, resource: ec2('vpc', 'vpc-untagged') }), 'only security groups').to.equal(false);
    });
  });

  describe('KMS: keys created with its tags, administered only while tagged for it', () => {
    it('creates keys only tagged for dev', () => {
      expect(allowed({ action: 'kms:CreateKey', resource: '*', context: tagsOf('dev', 'aws:RequestTag') })).to.equal(true);
      expect(allowed({ action: 'kms:CreateKey', resource: '*', context: tagsOf('prod', 'aws:RequestTag') })).to.equal(false);
      expect(allowed({ action: 'kms:CreateKey', resource: '*' })).to.equal(false);
      expect(decide(dev, { action: 'kms:CreateKey', resource: '*', context: { ...tagsOf('dev', 'aws:RequestTag'), 'kms:BypassPolicyLockoutSafetyCheck': true } })).to.equal('explicit-deny');
    });

    it('schedules deletion of, re-policies and grants only its own keys', () => {
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:EnableKeyRotation']) {
        expect(allowed({ action, resource: KEY, context: tagsOf('dev') }), action).to.equal(true);
        expect(allowed({ action, resource: KEY, context: tagsOf('prod') }), `${action} prod`).to.equal(false);
        expect(allowed({ action, resource: KEY }), `${action} untagged`).to.equal(false);
      }
      expect(allowed({ action: 'kms:CreateGrant', resource: KEY, context: { ...tagsOf('dev'), 'kms:GrantIsForAWSResource': true } })).to.equal(true);
      expect(allowed({ action: 'kms:CreateGrant', resource: KEY, context: tagsOf('dev') }), 'grant for a principal').to.equal(false);
    });

    it('cannot take over another environment\'s key by re-tagging it', () => {
      expect(decide(dev, { action: 'kms:TagResource', resource: KEY, context: { ...tagsOf('prod'), ...tagsOf('dev', 'aws:RequestTag') } })).to.equal('explicit-deny');
      expect(decide(dev, { action: 'kms:UntagResource', resource: KEY, context: tagsOf('dev', 'aws:ResourceTag', 'other-project') })).to.equal('explicit-deny');
    });

    it('manages aliases under its own name', () => {
      expect(allowed({ action: 'kms:CreateAlias', resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/qa-dev-params` })).to.equal(true);
      expect(allowed({ action: 'kms:CreateAlias', resource: `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/qa-prod-params` })).to.equal(false);
    });
  });

  describe('named resources: its own environment only', () => {
    const cases: Array<[string, string, string]> = [
      ['eks:DeleteCluster', `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/qa-dev`, `arn:aws:eks:eu-central-1:${ACCOUNT}:cluster/qa-prod`],
      ['eks:CreateAccessEntry', `arn:aws:eks:eu-west-1:${ACCOUNT}:access-entry/qa-dev/role/x`, `arn:aws:eks:eu-central-1:${ACCOUNT}:access-entry/qa-prod/role/x`],
      ['ecr:DeleteRepository', `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/qa-dev/chatbot`, `arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/qa-prod/chatbot`],
      ['s3:PutObject', `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}/index.html`, `arn:aws:s3:::qa-prod-chatbot-ui-${ACCOUNT}/index.html`],
      ['s3:PutBucketPolicy', `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}`, `arn:aws:s3:::qa-prod-chatbot-ui-${ACCOUNT}`],
      ['ssm:PutParameter', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/qa/dev/chatbot/aws-region`, `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/qa/prod/chatbot/aws-region`],
      ['ssm:GetParameter', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/qa/dev/static-site/bucket`, `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/qa/prod/static-site/bucket`],
      ['logs:DeleteLogGroup', `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/eks/qa-dev/cluster`, `arn:aws:logs:eu-central-1:${ACCOUNT}:log-group:/aws/eks/qa-prod/cluster`],
      ['wafv2:DeleteWebACL', `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/qa-dev-site/1`, `arn:aws:wafv2:us-east-1:${ACCOUNT}:global/webacl/qa-prod-site/1`],
    ];
    for (const [action, own, other] of cases) {
      it(`${action}: dev yes, prod no`, () => {
        expect(allowed({ action, resource: own })).to.equal(true);
        expect(allowed({ action, resource: other })).to.equal(false);
      });
    }

    it('changes and invalidates only CloudFront distributions tagged for dev', () => {
      expect(allowed({ action: 'cloudfront:CreateDistribution', resource: `arn:aws:cloudfront::${ACCOUNT}:distribution/*`, context: tagsOf('dev', 'aws:RequestTag') })).to.equal(true);
      for (const action of ['cloudfront:UpdateDistribution', 'cloudfront:DeleteDistribution', 'cloudfront:CreateInvalidation']) {
        expect(allowed({ action, resource: DISTRIBUTION, context: tagsOf('dev') }), action).to.equal(true);
        expect(allowed({ action, resource: DISTRIBUTION, context: tagsOf('prod') }), `${action} prod`).to.equal(false);
      }
      expect(decide(dev, { action: 'cloudfront:TagResource', resource: DISTRIBUTION, context: { ...tagsOf('prod'), ...tagsOf('dev', 'aws:RequestTag') } })).to.equal('explicit-deny');
    });

    it('does not push images (the image role does)', () => {
      expect(allowed({ action: 'ecr:PutImage', resource: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/qa-dev/chatbot` })).to.equal(false);
    });
  });

  it('scopes every IAM write to the environment\'s names, the cluster issuers of its region and service-linked roles', () => {
    const iamWrites = dev.filter((st) => st.Effect === 'Allow' && list(st.Action).some((a) => a.startsWith('iam:') && !/^iam:(Get|List)/.test(a)));
    const within = [`arn:aws:iam::${ACCOUNT}:role/qa-dev-*`, `arn:aws:iam::${ACCOUNT}:policy/qa-dev-*`, `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/*`, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`];
    expect(iamWrites).not.to.be.empty;
    // A resource is one of the patterns or a name inside one (the alarm chat role: qa-dev-alarm-chat).
    for (const st of iamWrites) expect(list(st.Resource).filter((r) => !within.some((pattern) => globMatches(pattern, r))), st.Sid).to.deep.equal([]);
    expect(within.some((pattern) => globMatches(pattern, role('qa-github-apply-dev')))).to.equal(false);
  });
});
