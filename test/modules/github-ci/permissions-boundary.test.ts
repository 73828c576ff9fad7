/**
 * The permissions boundary of an environment, evaluated as the ceiling of a role that has it: a
 * role the deploy role wrote `"Action": "*"` into must still be unable to leave its environment.
 */
import { expect } from 'chai';
import { ACCOUNT, deployScope, STATE, stateObject, tagsOf } from './ci-scopes';
import { decide, list, type IamRequest, type Statement } from './iam-analysis';
import { PermissionsBoundary, permissionsBoundaryStatements, WORKLOAD_SERVICES } from '../../../modules/github-ci/permissions-boundary';
import { LOAD_BALANCER_CONTROLLER_POLICY } from '../../../modules/identity/load-balancer-controller-identity';
import { permissionsBoundaryArn } from '../../../modules/shared/naming';
import { onlyResource, parsePolicy, synthConstructs } from '../../support/synth';

const boundary = permissionsBoundaryStatements(deployScope('dev')) as unknown as Statement[];
/** The boundary's decision for a request the role's own policy allows. */
const capped = (request: IamRequest) => decide(boundary, request);
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const DEV_BOUNDARY = { 'iam:PermissionsBoundary': permissionsBoundaryArn('qa', ACCOUNT, 'dev') };

describe('PermissionsBoundary', () => {
  it('is the managed policy <prefix>-permissions-boundary-<env>, attached to nothing', () => {
    const json = synthConstructs((stack) => new PermissionsBoundary(stack, 'boundary', { scope: deployScope('prod') }));
    const policy = onlyResource(json, 'aws_iam_policy');
    expect(policy.name).to.equal('qa-permissions-boundary-prod');
    expect(`arn:aws:iam::${ACCOUNT}:policy/${policy.name}`).to.equal(permissionsBoundaryArn('qa', ACCOUNT, 'prod'));
    expect(json.resource).not.to.have.property('aws_iam_role_policy_attachment');
    expect(parsePolicy(policy.policy).Statement.map((s) => s.Sid)).to.include('NoOtherEnvironments');
  });

  it('lets workloads do what their own policies ask of the services the platform uses', () => {
    for (const action of ['bedrock:InvokeModel', 'ec2:CreateNetworkInterface', 'ssm:GetParameter', 'kms:Decrypt', 'xray:PutTraceSegments', 'logs:PutLogEvents', 'eks-auth:AssumeRoleForPodIdentity']) {
      expect(capped({ action, resource: '*' }), action).to.equal('allow');
    }
    expect(capped({ action: 'iam:CreateServiceLinkedRole', resource: role('aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing') })).to.equal('allow');
  });

  it('covers every service of the load balancer controller\'s published policy', () => {
    const services = new Set(WORKLOAD_SERVICES.map((s) => s.service));
    const used = LOAD_BALANCER_CONTROLLER_POLICY.Statement.flatMap((st) => list(st.Action as string | string[]));
    const serviceLinkedRole = role('aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing');
    const uncovered = used.filter((a) => !services.has(a.split(':')[0]) && capped({ action: a, resource: a.startsWith('iam:') ? serviceLinkedRole : '*' }) !== 'allow');
    expect(uncovered).to.deep.equal([]);
  });

  it('allows no service the platform does not use (S3, Lambda, IAM users, STS role chaining)', () => {
    for (const action of ['s3:GetObject', 'lambda:CreateFunction', 'iam:CreateUser', 'iam:CreateAccessKey', 'sts:AssumeRole', 'organizations:LeaveOrganization']) {
      expect(capped({ action, resource: '*' }), action).not.to.equal('allow');
    }
  });

  it('denies IAM writes outside <prefix>-<env>-*, and roles without this very boundary', () => {
    expect(capped({ action: 'iam:CreateRole', resource: role('qa-prod-escape'), context: DEV_BOUNDARY })).to.equal('explicit-deny');
    expect(capped({ action: 'iam:CreateRole', resource: role('admin'), context: DEV_BOUNDARY })).to.equal('explicit-deny');
    expect(capped({ action: 'iam:CreateRole', resource: role('qa-dev-child') })).to.equal('explicit-deny');
    expect(capped({ action: 'iam:PutRolePermissionsBoundary', resource: role('qa-dev-child'), context: { 'iam:PermissionsBoundary': permissionsBoundaryArn('qa', ACCOUNT, 'prod') } })).to.equal('explicit-deny');
    expect(capped({ action: 'iam:DeleteRolePermissionsBoundary', resource: role('qa-dev-cluster') })).to.equal('explicit-deny');
    expect(capped({ action: 'iam:PassRole', resource: role('qa-prod-node') })).to.equal('explicit-deny');
  });

  it('denies any action on the CI roles, the boundaries, GitHub\'s OIDC provider, the state bucket and key', () => {
    const bootstrap = [
      role('qa-github-apply-prod'),
      role('qa-github-plan'),
      permissionsBoundaryArn('qa', ACCOUNT, 'dev'),
      `arn:aws:iam::${ACCOUNT}:policy/qa-github-apply-dev-guardrails`,
      `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      STATE.bucketArn,
      stateObject('platform-prod'),
      STATE.keyArn,
    ];
    for (const resource of bootstrap) {
      for (const action of ['sts:AssumeRole', 'iam:UpdateAssumeRolePolicy', 'iam:CreatePolicyVersion', 's3:GetObject', 'kms:Decrypt', 'kms:ScheduleKeyDeletion']) {
        expect(capped({ action, resource }), `${action} on ${resource}`).to.equal('explicit-deny');
      }
    }
  });

  it('denies any action on resources tagged for another environment or project', () => {
    const instance = `arn:aws:ec2:eu-central-1:${ACCOUNT}:instance/i-prod`;
    expect(capped({ action: 'ec2:TerminateInstances', resource: instance, context: tagsOf('prod') })).to.equal('explicit-deny');
    expect(capped({ action: 'ec2:TerminateInstances', resource: instance, context: tagsOf('dev', 'aws:ResourceTag', 'other-project') })).to.equal('explicit-deny');
    expect(capped({ action: 'ec2:TerminateInstances', resource: instance, context: tagsOf('dev') })).to.equal('allow');
    expect(capped({ action: 'ssm:GetParameter', resource: `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/qa/prod/x`, context: tagsOf('prod') })).to.equal('explicit-deny');
  });

  it('keeps "*" actions to its Allow of workload services and to Deny statements', () => {
    const wildcardAllows = boundary.filter((st) => st.Effect === 'Allow').flatMap((st) => list(st.Action)).filter((a) => a.endsWith(':*') || a === '*');
    expect(wildcardAllows).to.deep.equal(WORKLOAD_SERVICES.map((s) => `${s.service}:*`));
    expect(boundary.filter((st) => st.Effect === 'Allow')).to.have.length(1);
  });
});
