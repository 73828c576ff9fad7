/**
 * The CI roles against what the generated workflows actually do with them (.github/workflows,
 * projenrc/workflows): every AWS call a step makes is allowed on the exact resource it touches,
 * and the same calls on another project's resources are not.
 */
import { expect } from 'chai';
import { effectiveActionsOn, globMatches, statementsOf, type Statement } from './iam-analysis';
import { applyPolicies, planPolicies, type CiPolicyScope } from '../../../modules/github-ci/ci-policies';

const ACCOUNT = '111122223333';
const STATE_BUCKET_ARN = `arn:aws:s3:::qa-tfstate-${ACCOUNT}-eu-west-1`;
const scope: CiPolicyScope = {
  namePrefix: 'qa',
  accountId: ACCOUNT,
  environments: [{ name: 'dev', region: 'eu-west-1' }, { name: 'prod', region: 'eu-west-1' }],
  stateBucketArn: STATE_BUCKET_ARN,
  stateKeyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`,
};
const plan = statementsOf(planPolicies(scope));
const apply = statementsOf(applyPolicies(scope));

function allowed(statements: Statement[], action: string, arn: string): boolean {
  return effectiveActionsOn(statements, arn).some((pattern) => globMatches(pattern, action, true));
}

/** Resources as the platform stack names them (`<prefix>-<env>-chatbot-ui-<account>`, `<prefix>-<env>/chatbot`). */
const SITE_BUCKET = `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}`;
const REPOSITORY = `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/qa-dev/chatbot`;
const DISTRIBUTION = `arn:aws:cloudfront::${ACCOUNT}:distribution/E2EXAMPLE`;
const parameter = (name: string) => `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/qa/dev/${name}`;

/** lifecycle.yml `artifact`: read two parameters, sync the UI, invalidate CloudFront. */
const ARTIFACT_CALLS: Array<[string, string]> = [
  ['ssm:GetParameter', parameter('static-site/bucket')],
  ['ssm:GetParameter', parameter('static-site/distribution-id')],
  ['s3:ListBucket', SITE_BUCKET],
  ['s3:PutObject', `${SITE_BUCKET}/index.html`],
  ['s3:DeleteObject', `${SITE_BUCKET}/old.js`],
  ['cloudfront:CreateInvalidation', DISTRIBUTION],
];

/** chatbot-image.yml / lifecycle.yml `deploy`: log in, check the tag, push layers and the manifest. */
const IMAGE_CALLS: Array<[string, string]> = [
  ['ecr:GetAuthorizationToken', '*'],
  ['ecr:DescribeImages', REPOSITORY],
  ['ecr:BatchCheckLayerAvailability', REPOSITORY],
  ['ecr:InitiateLayerUpload', REPOSITORY],
  ['ecr:UploadLayerPart', REPOSITORY],
  ['ecr:CompleteLayerUpload', REPOSITORY],
  ['ecr:PutImage', REPOSITORY],
  ['ecr:BatchGetImage', REPOSITORY],
];

/** Every terraform run: who am I, read state, lock it (plan.yml and drift.yml use -lock=false). */
const STATE_READS: Array<[string, string]> = [
  ['sts:GetCallerIdentity', '*'],
  ['s3:ListBucket', STATE_BUCKET_ARN],
  ['s3:GetObject', `${STATE_BUCKET_ARN}/platform-dev/terraform.tfstate`],
];

describe('CI roles: what the generated workflows do with them', () => {
  describe('apply role', () => {
    for (const [action, arn] of [...ARTIFACT_CALLS, ...IMAGE_CALLS, ...STATE_READS]) {
      it(`allows ${action} on ${arn.replace(`:${ACCOUNT}:`, ':<account>:')}`, () => expect(allowed(apply, action, arn)).to.equal(true));
    }

    it('writes state and its lock file (apply, up, destroy)', () => {
      expect(allowed(apply, 's3:PutObject', `${STATE_BUCKET_ARN}/platform-dev/terraform.tfstate`)).to.equal(true);
      expect(allowed(apply, 's3:DeleteObject', `${STATE_BUCKET_ARN}/platform-dev/terraform.tfstate.tflock`)).to.equal(true);
      expect(allowed(apply, 's3:DeleteObject', `${STATE_BUCKET_ARN}/platform-dev/terraform.tfstate`)).to.equal(false);
    });

    it("cannot do the same to another project's bucket, repository or parameters", () => {
      expect(allowed(apply, 's3:PutObject', 'arn:aws:s3:::other-dev-chatbot-ui/index.html')).to.equal(false);
      expect(allowed(apply, 'ecr:PutImage', `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/other/chatbot`)).to.equal(false);
      expect(allowed(apply, 'ssm:GetParameter', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/other/dev/static-site/bucket`)).to.equal(false);
    });
  });

  describe('plan role', () => {
    for (const [action, arn] of STATE_READS) {
      it(`allows ${action} on ${arn.replace(`:${ACCOUNT}:`, ':<account>:')}`, () => expect(allowed(plan, action, arn)).to.equal(true));
    }

    it('can neither upload the web UI, invalidate CloudFront, nor push an image', () => {
      for (const [action, arn] of [...ARTIFACT_CALLS, ...IMAGE_CALLS].filter(([a]) => !/:(Get|Describe|List|BatchGet|BatchCheck)/.test(a))) {
        expect(allowed(plan, action, arn), `${action} on ${arn}`).to.equal(false);
      }
    });
  });
});
