import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE, STATE, stateObject, THROUGH_S3 } from './ci-scopes';
import { decide, isReadAction, list, statementsOf, type IamRequest, type Statement } from './iam-analysis';
import type { CiDeployScope } from '../../../modules/github-ci/ci-deploy-scope';
import { deployPolicies, imagePolicies, MANAGED_POLICY_MAX_CHARS, planPolicies, type CiPlanScope } from '../../../modules/github-ci/ci-policies';
import { permissionsBoundaryArn } from '../../../modules/shared/naming';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';
import { PLATFORM_PARAMETER_NAMES } from '../../../stacks/bootstrap-stack';

const REPOSITORY = (env: string, region: string) => `arn:aws:ecr:${region}:${ACCOUNT}:repository/qa-${env}/chatbot`;
const plan = statementsOf(planPolicies(PLAN_SCOPE));
const dev = statementsOf(deployPolicies(deployScope('dev')));
const image = statementsOf(imagePolicies(REPOSITORY('dev', 'eu-west-1')));
const allows = (statements: Statement[]) => statements.filter((st) => st.Effect === 'Allow');
const allowed = (statements: Statement[], request: IamRequest) => decide(statements, request) === 'allow';
const parameter = (env: string, region: string, name: string) => `arn:aws:ssm:${region}:${ACCOUNT}:parameter/qa/${env}/${name}`;

describe('CI policies', () => {
  for (const [role, statements] of [['plan', plan], ['deploy (dev)', dev], ['image (dev)', image]] as const) {
    describe(`${role} role: least privilege`, () => {
      it('grants no "*" or "<service>:*" action', () => {
        const wild = allows(statements).flatMap((st) => list(st.Action)).filter((a) => a === '*' || /^[^:]+:\*$/.test(a));
        expect(wild).to.deep.equal([]);
      });

      it('uses Resource "*" only for allow-listed actions', () => {
        const onStar = allows(statements).filter((st) => list(st.Resource).includes('*')).flatMap((st) => list(st.Action));
        expect(onStar).not.to.be.empty;
        expect(onStar.filter((a) => !isWildcardResourceAllowed(a))).to.deep.equal([]);
      });

      it('names a Resource in every statement', () => {
        expect(statements.filter((st) => list(st.Resource).length === 0)).to.deep.equal([]);
      });
    });
  }

  describe('plan role', () => {
    it('writes nothing: every action is a read, except decrypting state through S3', () => {
      const writes = allows(plan).filter((st) => list(st.Action).some((a) => !isReadAction(a)));
      expect(writes.map((st) => st.Sid)).to.deep.equal(['DecryptStateThroughS3']);
      expect(list(writes[0].Action)).to.deep.equal(['kms:Decrypt']);
      expect(writes[0].Resource).to.equal(STATE.keyArn);
    });

    it('reads the current state of the stacks it plans, and no other object, version or lock', () => {
      for (const stack of PLAN_SCOPE.stackNames) expect(allowed(plan, { action: 's3:GetObject', resource: stateObject(stack) }), stack).to.equal(true);
      expect(allowed(plan, { action: 's3:ListBucket', resource: STATE.bucketArn })).to.equal(true);
      expect(allowed(plan, { action: 's3:GetObject', resource: stateObject('bootstrap') }), 'bootstrap state while it is local').to.equal(false);
      expect(allowed(plan, { action: 's3:GetObject', resource: stateObject('platform-dev', '.tflock') })).to.equal(false);
      expect(allowed(plan, { action: 's3:GetObjectVersion', resource: stateObject('platform-dev') })).to.equal(false);
      expect(allowed(plan, { action: 's3:PutObject', resource: stateObject('platform-dev', '.tflock') }), 'plans run -lock=false').to.equal(false);
      expect(allowed(plan, { action: 's3:GetObject', resource: `${STATE.bucketArn}/notes.txt` })).to.equal(false);
      expect(allowed(plan, { action: 's3:GetObject', resource: `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}/index.html` })).to.equal(false);
    });

    it('decrypts with the state key only through S3 for the state bucket, and with no other key', () => {
      expect(allowed(plan, { action: 'kms:Decrypt', resource: STATE.keyArn, context: THROUGH_S3 })).to.equal(true);
      expect(allowed(plan, { action: 'kms:Decrypt', resource: STATE.keyArn }), 'directly').to.equal(false);
      expect(allowed(plan, { action: 'kms:Decrypt', resource: STATE.keyArn, context: { ...THROUGH_S3, 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::other' } })).to.equal(false);
      const parametersKey = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
      expect(allowed(plan, { action: 'kms:Decrypt', resource: parametersKey, context: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } })).to.equal(false);
    });

    it('reads exactly the managed SSM parameters of each environment, in its region', () => {
      for (const [env, region] of [['dev', 'eu-west-1'], ['prod', 'eu-central-1']] as const) {
        for (const name of PLAN_SCOPE.parameterNames) expect(allowed(plan, { action: 'ssm:GetParameter', resource: parameter(env, region, name) }), name).to.equal(true);
        expect(allowed(plan, { action: 'ssm:GetParameter', resource: parameter(env, region, 'chatbot/api-key') })).to.equal(false);
      }
      expect(allowed(plan, { action: 'ssm:GetParameter', resource: parameter('dev', 'eu-central-1', 'chatbot/aws-region') }), 'wrong region').to.equal(false);
      expect(allowed(plan, { action: 'ssm:GetParametersByPath', resource: `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/qa/dev` })).to.equal(false);
    });

    it('reads repositories but pulls no image', () => {
      const repository = REPOSITORY('dev', 'eu-west-1');
      expect(allowed(plan, { action: 'ecr:DescribeRepositories', resource: repository })).to.equal(true);
      for (const action of ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:PutImage']) expect(allowed(plan, { action, resource: repository }), action).to.equal(false);
    });

    it('scopes IAM, EKS and S3 bucket reads to the name prefix', () => {
      expect(allowed(plan, { action: 'iam:GetRole', resource: `arn:aws:iam::${ACCOUNT}:role/qa-dev-cluster` })).to.equal(true);
      expect(allowed(plan, { action: 'iam:GetRole', resource: `arn:aws:iam::${ACCOUNT}:role/other-team` })).to.equal(false);
      expect(allowed(plan, { action: 'eks:DescribeCluster', resource: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/qa-dev` })).to.equal(true);
      expect(allowed(plan, { action: 's3:GetBucketPolicy', resource: `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}` })).to.equal(true);
      expect(allowed(plan, { action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::other-bucket' })).to.equal(false);
    });
  });

  describe('image role', () => {
    it('pushes to its environment\'s repository and nothing else', () => {
      const own = REPOSITORY('dev', 'eu-west-1');
      for (const action of ['ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage', 'ecr:DescribeImages']) {
        expect(allowed(image, { action, resource: own }), action).to.equal(true);
        expect(allowed(image, { action, resource: REPOSITORY('prod', 'eu-west-1') }), `${action} on prod`).to.equal(false);
      }
      expect(allowed(image, { action: 'ecr:GetAuthorizationToken', resource: '*' })).to.equal(true);
      expect(allowed(image, { action: 'ecr:DeleteRepository', resource: own })).to.equal(false);
      expect(allowed(image, { action: 's3:GetObject', resource: stateObject('platform-dev') })).to.equal(false);
      expect(list(image.map((st) => st.Action).flat()).every((a) => a.startsWith('ecr:'))).to.equal(true);
    });
  });

  describe('deploy role: state', () => {
    it('reads and writes the state and lock of its own stacks, and deletes only locks', () => {
      for (const stack of ['platform-dev', 'addons-dev']) {
        for (const action of ['s3:GetObject', 's3:PutObject']) {
          expect(allowed(dev, { action, resource: stateObject(stack) }), `${action} ${stack}`).to.equal(true);
          expect(allowed(dev, { action, resource: stateObject(stack, '.tflock') }), `${action} ${stack} lock`).to.equal(true);
        }
        expect(allowed(dev, { action: 's3:DeleteObject', resource: stateObject(stack, '.tflock') })).to.equal(true);
        expect(decide(dev, { action: 's3:DeleteObject', resource: stateObject(stack) })).to.equal('explicit-deny');
        expect(decide(dev, { action: 's3:DeleteObjectVersion', resource: stateObject(stack) })).to.equal('explicit-deny');
      }
    });

    it('cannot read or write another environment\'s or the bootstrap\'s state', () => {
      for (const stack of ['platform-prod', 'addons-prod', 'bootstrap']) {
        for (const action of ['s3:GetObject', 's3:PutObject']) expect(allowed(dev, { action, resource: stateObject(stack) }), `${action} ${stack}`).to.equal(false);
      }
    });

    it('uses the state key only through S3 for the state bucket, and cannot administer it', () => {
      for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']) {
        expect(allowed(dev, { action, resource: STATE.keyArn, context: THROUGH_S3 }), action).to.equal(true);
        expect(allowed(dev, { action, resource: STATE.keyArn }), `${action} directly`).to.equal(false);
      }
      // Even if the state key carried the environment's tags, the guardrails win.
      const tagged = { 'aws:ResourceTag/Project': 'ai-chatbot', 'aws:ResourceTag/Environment': 'dev' };
      for (const action of ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:CreateGrant']) {
        expect(decide(dev, { action, resource: STATE.keyArn, context: tagged }), action).to.equal('explicit-deny');
      }
    });
  });

  describe('size', () => {
    // Worst case: the longest prefix config allows, six environments in six regions, long tag values.
    const regions = ['ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'eu-central-1', 'us-east-1', 'ca-central-1'];
    const prefix = 'abcdefghijklmnop';
    const state = {
      bucketArn: `arn:aws:s3:::${prefix}-tfstate-${ACCOUNT}-ap-southeast-2`,
      keyArn: `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`,
      region: 'ap-southeast-2',
    };
    const environments = regions.map((region, i) => ({ name: `environmt${i}`, region }));
    const large: CiPlanScope = {
      namePrefix: prefix,
      accountId: ACCOUNT,
      state,
      environments,
      stackNames: ['bootstrap', ...environments.flatMap((e) => [`platform-${e.name}`, `addons-${e.name}`])],
      parameterNames: PLATFORM_PARAMETER_NAMES,
    };
    const largeDeploy: CiDeployScope = {
      ...deployScope('dev'),
      namePrefix: prefix,
      state,
      environment: environments[0],
      tags: { project: 'p'.repeat(64), environment: environments[0].name },
      permissionsBoundaryArn: permissionsBoundaryArn(prefix, ACCOUNT, environments[0].name),
      // The longest chat host ACM takes (64 characters) in a zone named by id.
      chatEntry: { domain: `${'c'.repeat(51)}.example.com`, route53: true, hostedZoneId: 'Z0123456789ABCDEFGHIJKLMNOPQRS' },
    };

    for (const [role, docs] of [['plan', planPolicies(large)], ['deploy', deployPolicies(largeDeploy)]] as const) {
      it(`keeps every ${role} policy under IAM's ${MANAGED_POLICY_MAX_CHARS}-character managed-policy limit, at most 10 per role`, () => {
        for (const { name, document } of docs) {
          expect(document).not.to.match(/\s/);
          expect(document.length, name).to.be.at.most(MANAGED_POLICY_MAX_CHARS);
        }
        expect(docs.length).to.be.at.most(10);
        expect(new Set(docs.map((d) => d.name)).size).to.equal(docs.length);
      });
    }

    it('packs the plan role\'s parameter reads into as many policies as they need', () => {
      const names = planPolicies(large).map((d) => d.name);
      expect(names.filter((n) => n.startsWith('parameters'))).to.have.length.greaterThan(1);
      expect(planPolicies(PLAN_SCOPE).map((d) => d.name)).to.deep.equal(['read', 'state', 'parameters']);
    });
  });
});
