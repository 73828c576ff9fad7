import { expect } from 'chai';
import { effectiveActionsOn, globMatches, isReadAction, list, statementsOf, type Statement } from './iam-analysis';
import { PASSED_TO_SERVICES } from '../../../modules/github-ci/ci-deploy-statements';
import { applyPolicies, MANAGED_POLICY_MAX_CHARS, planPolicies, type CiPolicyScope } from '../../../modules/github-ci/ci-policies';
import { isWildcardResourceAllowed } from '../../../modules/shared/wildcard-resource-actions';

const ACCOUNT = '111122223333';
const STATE_BUCKET_ARN = `arn:aws:s3:::qa-tfstate-${ACCOUNT}-eu-west-1`;
const STATE_KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`;

const scope: CiPolicyScope = {
  namePrefix: 'qa',
  accountId: ACCOUNT,
  environments: [
    { name: 'dev', region: 'eu-west-1' },
    { name: 'prod', region: 'eu-central-1' },
  ],
  stateBucketArn: STATE_BUCKET_ARN,
  stateKeyArn: STATE_KEY_ARN,
};

const plan = statementsOf(planPolicies(scope));
const apply = statementsOf(applyPolicies(scope));
const allows = (statements: Statement[]) => statements.filter((st) => st.Effect === 'Allow');
const bySid = (statements: Statement[], sid: string): Statement => {
  const found = statements.find((st) => st.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
};
/** Creates a new key: acts on no existing resource, but is granted on "*". */
const CREATE_ONLY = ['kms:CreateKey'];

describe('CI policies', () => {
  for (const [role, statements] of [['plan', plan], ['apply', apply]] as const) {
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
    it('writes nothing but the lock file and the state key', () => {
      const writes = allows(plan).flatMap((st) =>
        list(st.Action)
          .filter((a) => !isReadAction(a))
          .map((action) => ({ action, resources: list(st.Resource) })),
      );
      // kms:Decrypt twice: the state key, and parameter keys through SSM.
      expect(writes.map((w) => w.action).sort()).to.deep.equal(['kms:Decrypt', 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 's3:DeleteObject', 's3:PutObject']);
      for (const w of writes.filter((x) => x.action.startsWith('s3:'))) expect(w.resources).to.deep.equal([`${STATE_BUCKET_ARN}/*.tflock`]);
      for (const w of writes.filter((x) => x.action === 'kms:Encrypt' || x.action === 'kms:GenerateDataKey')) expect(w.resources).to.deep.equal([STATE_KEY_ARN]);
    });

    it('only reads state objects, and may write and delete only *.tflock', () => {
      const state = `${STATE_BUCKET_ARN}/platform-dev/terraform.tfstate`;
      expect(effectiveActionsOn(plan, state).filter((a) => !isReadAction(a) && !CREATE_ONLY.includes(a))).to.deep.equal([]);
      expect(effectiveActionsOn(plan, state)).to.include('s3:GetObject');
      expect(effectiveActionsOn(plan, `${state}.tflock`).filter((a) => !isReadAction(a) && !CREATE_ONLY.includes(a))).to.have.members(['s3:PutObject', 's3:DeleteObject']);
      expect(effectiveActionsOn(plan, STATE_BUCKET_ARN)).to.include('s3:ListBucket');
    });

    it('decrypts and encrypts with the state key', () => {
      expect(list(bySid(plan, 'UseStateKey').Action)).to.have.members(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
    });

    it('reads only the environments\' SSM paths (and AWS public parameters)', () => {
      expect(list(bySid(plan, 'ReadParameters').Resource)).to.deep.equal([
        `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/qa/dev/*`,
        `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/qa/prod/*`,
        'arn:aws:ssm:*::parameter/aws/service/*',
      ]);
    });

    it('decrypts parameters only through SSM in the environments\' regions', () => {
      const decrypt = bySid(plan, 'DecryptParameters');
      expect(list(decrypt.Resource)).to.have.members([`arn:aws:kms:eu-west-1:${ACCOUNT}:key/*`, `arn:aws:kms:eu-central-1:${ACCOUNT}:key/*`]);
      expect(decrypt.Condition).to.deep.equal({ StringEquals: { 'kms:ViaService': ['ssm.eu-central-1.amazonaws.com', 'ssm.eu-west-1.amazonaws.com'] } });
    });

    it('scopes IAM, EKS and S3 reads to the name prefix', () => {
      expect(list(bySid(plan, 'ReadIam').Resource)).to.include(`arn:aws:iam::${ACCOUNT}:role/qa-*`);
      expect(list(bySid(plan, 'ReadEks').Resource)).to.include(`arn:aws:eks:*:${ACCOUNT}:cluster/qa-*`);
      expect(list(bySid(plan, 'ReadS3Buckets').Resource)).to.deep.equal(['arn:aws:s3:::qa-*']);
    });
  });

  describe('apply role', () => {
    const iamResources = [`arn:aws:iam::${ACCOUNT}:role/qa-*`, `arn:aws:iam::${ACCOUNT}:policy/qa-*`, `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.*`, `arn:aws:iam::${ACCOUNT}:role/aws-service-role/*`];

    it('changes IAM only under the name prefix (and EKS issuers and service-linked roles)', () => {
      const iamWrites = allows(apply).filter((st) => list(st.Action).some((a) => a.startsWith('iam:') && !isReadAction(a)));
      expect(iamWrites).not.to.be.empty;
      for (const st of iamWrites) expect(list(st.Resource).filter((r) => !iamResources.includes(r)), st.Sid).to.deep.equal([]);
    });

    it('passes roles only to the platform\'s services', () => {
      const passRole = allows(apply).filter((st) => list(st.Action).includes('iam:PassRole'));
      expect(passRole).to.have.length(1);
      expect(list(passRole[0].Resource)).to.deep.equal([`arn:aws:iam::${ACCOUNT}:role/qa-*`]);
      expect(passRole[0].Condition).to.deep.equal({ StringEquals: { 'iam:PassedToService': [...PASSED_TO_SERVICES] } });
      expect(PASSED_TO_SERVICES).to.have.members(['eks.amazonaws.com', 'ec2.amazonaws.com', 'vpc-flow-logs.amazonaws.com', 'pods.eks.amazonaws.com']);
    });

    it('attaches only the project\'s own and known AWS managed policies', () => {
      const patterns = list(bySid(apply, 'AttachKnownPolicies').Condition?.ArnLike?.['iam:PolicyARN'] as string[]);
      const attachable = (arn: string) => patterns.some((p) => globMatches(p, arn));
      expect(attachable('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy')).to.equal(true);
      expect(attachable('arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy')).to.equal(true);
      expect(attachable(`arn:aws:iam::${ACCOUNT}:policy/qa-dev-external-secrets`)).to.equal(true);
      expect(attachable('arn:aws:iam::aws:policy/AdministratorAccess')).to.equal(false);
      expect(attachable(`arn:aws:iam::${ACCOUNT}:policy/other-team-admin`)).to.equal(false);
    });

    it('cannot change its own roles, their policies or the GitHub OIDC provider', () => {
      for (const arn of [
        `arn:aws:iam::${ACCOUNT}:role/qa-github-apply`,
        `arn:aws:iam::${ACCOUNT}:role/qa-github-plan`,
        `arn:aws:iam::${ACCOUNT}:policy/qa-github-apply-deploy-cluster`,
        `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
      ]) {
        expect(effectiveActionsOn(apply, arn).filter((a) => !isReadAction(a) && !CREATE_ONLY.includes(a)), arn).to.deep.equal([]);
      }
      // ...while the platform's roles stay manageable, so the check above is not vacuous.
      expect(effectiveActionsOn(apply, `arn:aws:iam::${ACCOUNT}:role/qa-dev-cluster`)).to.include.members(['iam:CreateRole', 'iam:PassRole']);
    });

    it('writes state but cannot delete it or reconfigure the state bucket', () => {
      const write = (arn: string) => effectiveActionsOn(apply, arn).filter((a) => !isReadAction(a) && !CREATE_ONLY.includes(a));
      expect(write(STATE_BUCKET_ARN)).to.deep.equal([]);
      expect(write(`${STATE_BUCKET_ARN}/platform-dev/terraform.tfstate`)).to.deep.equal(['s3:PutObject']);
      expect(write(`${STATE_BUCKET_ARN}/platform-dev/terraform.tfstate.tflock`)).to.have.members(['s3:PutObject', 's3:DeleteObject']);
      expect(write('arn:aws:s3:::qa-dev-chatbot-ui-111122223333')).to.include('s3:PutBucket*');
    });

    it('cannot delete, disable or re-policy the state key', () => {
      const effective = effectiveActionsOn(apply, STATE_KEY_ARN);
      for (const dangerous of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:CreateGrant', 'kms:DisableKeyRotation']) {
        expect(effective.filter((a) => globMatches(a, dangerous, true)), dangerous).to.deep.equal([]);
      }
      expect(effectiveActionsOn(apply, `arn:aws:kms:eu-west-1:${ACCOUNT}:key/another`)).to.include('kms:ScheduleKeyDeletion');
    });

    it('scopes EKS, ECR, SSM and log groups to the name prefix', () => {
      expect(list(bySid(apply, 'DeployEks').Resource)).to.deep.equal([
        `arn:aws:eks:*:${ACCOUNT}:cluster/qa-*`,
        `arn:aws:eks:*:${ACCOUNT}:nodegroup/qa-*/*`,
        `arn:aws:eks:*:${ACCOUNT}:addon/qa-*/*`,
        `arn:aws:eks:*:${ACCOUNT}:access-entry/qa-*/*`,
        `arn:aws:eks:*:${ACCOUNT}:podidentityassociation/qa-*/*`,
      ]);
      expect(list(bySid(apply, 'DeployEcr').Resource)).to.deep.equal([`arn:aws:ecr:*:${ACCOUNT}:repository/qa-*`]);
      expect(list(bySid(apply, 'DeployParameters').Resource)).to.deep.equal([`arn:aws:ssm:*:${ACCOUNT}:parameter/qa/*`]);
      const logGroups = list(bySid(apply, 'DeployLogGroups').Resource);
      expect(logGroups.some((r) => globMatches(r, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/eks/qa-dev/cluster:*`))).to.equal(true);
      expect(logGroups.some((r) => globMatches(r, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/vpc/qa-dev/flow-logs:*`))).to.equal(true);
      expect(logGroups.some((r) => globMatches(r, `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/other`))).to.equal(false);
    });
  });

  describe('size', () => {
    // Worst case: the longest prefix config allows, six environments in six regions.
    const regions = ['ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'eu-central-1', 'us-east-1', 'ca-central-1'];
    const large: CiPolicyScope = {
      namePrefix: 'abcdefghijklmnop',
      accountId: ACCOUNT,
      environments: regions.map((region, i) => ({ name: `environmt${i}`, region })),
      stateBucketArn: `arn:aws:s3:::abcdefghijklmnop-tfstate-${ACCOUNT}-ap-southeast-2`,
      stateKeyArn: `arn:aws:kms:ap-southeast-2:${ACCOUNT}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`,
    };

    for (const [role, docs] of [['plan', planPolicies(large)], ['apply', applyPolicies(large)]] as const) {
      it(`keeps every ${role} policy under IAM's ${MANAGED_POLICY_MAX_CHARS}-character managed-policy limit`, () => {
        for (const { name, document } of docs) {
          expect(document).not.to.match(/\s/);
          expect(document.length, name).to.be.at.most(MANAGED_POLICY_MAX_CHARS);
        }
      });
    }

    it('gives each policy a unique name', () => {
      const names = applyPolicies(scope).map((p) => p.name);
      expect(new Set(names).size).to.equal(names.length);
    });
  });
});
