/**
 * The CI roles against what the generated workflows actually do with them (.github/workflows,
 * projenrc/workflows): every AWS call a step makes is allowed on the exact resource it touches,
 * with the request's tags, and the same calls on another environment's resources are not.
 */
import { expect } from 'chai';
import { ACCOUNT, deployScope, PLAN_SCOPE, STATE, stateObject, tagsOf, THROUGH_S3 } from './ci-scopes';
import { decide, statementsOf, type Statement } from './iam-analysis';
import { deployPolicies, imagePolicies, planPolicies } from '../../../modules/github-ci/ci-policies';

const plan = statementsOf(planPolicies(PLAN_SCOPE));
const deploy = { dev: statementsOf(deployPolicies(deployScope('dev'))), prod: statementsOf(deployPolicies(deployScope('prod'))) };
const REPOSITORY = { dev: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/qa-dev/chatbot`, prod: `arn:aws:ecr:eu-central-1:${ACCOUNT}:repository/qa-prod/chatbot` };
const image = { dev: statementsOf(imagePolicies(REPOSITORY.dev)), prod: statementsOf(imagePolicies(REPOSITORY.prod)) };

type Call = [action: string, resource: string, context?: Record<string, string>];
const allowed = (statements: Statement[], [action, resource, context]: Call) => decide(statements, { action, resource, context }) === 'allow';
const label = ([action, resource]: Call) => `${action} on ${resource.replace(`:${ACCOUNT}:`, ':<account>:')}`;

/** lifecycle.yml `artifact` in dev: read two parameters, sync the UI, invalidate CloudFront. */
const ARTIFACT_CALLS: Call[] = [
  ['ssm:GetParameter', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/qa/dev/static-site/bucket`],
  ['ssm:GetParameter', `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/qa/dev/static-site/distribution-id`],
  ['s3:ListBucket', `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}`],
  ['s3:PutObject', `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}/index.html`],
  ['s3:DeleteObject', `arn:aws:s3:::qa-dev-chatbot-ui-${ACCOUNT}/old.js`],
  ['cloudfront:CreateInvalidation', `arn:aws:cloudfront::${ACCOUNT}:distribution/E2EXAMPLE`, tagsOf('dev')],
];

/** chatbot-image.yml / lifecycle.yml `deploy` in dev: log in, check the tag, push layers and the manifest. */
const IMAGE_CALLS: Call[] = [
  ['ecr:GetAuthorizationToken', '*'],
  ['ecr:DescribeImages', REPOSITORY.dev],
  ['ecr:BatchCheckLayerAvailability', REPOSITORY.dev],
  ['ecr:InitiateLayerUpload', REPOSITORY.dev],
  ['ecr:UploadLayerPart', REPOSITORY.dev],
  ['ecr:CompleteLayerUpload', REPOSITORY.dev],
  ['ecr:PutImage', REPOSITORY.dev],
  ['ecr:BatchGetImage', REPOSITORY.dev],
];

/** Every terraform run of dev's stacks: who am I, read state (SSE-KMS through S3). */
const STATE_READS: Call[] = [
  ['sts:GetCallerIdentity', '*'],
  ['s3:ListBucket', STATE.bucketArn],
  ['s3:GetObject', stateObject('platform-dev')],
  ['s3:GetObject', stateObject('addons-dev')],
  ['kms:Decrypt', STATE.keyArn, THROUGH_S3],
];

/** terraform apply/destroy of dev (apply.yml, lifecycle.yml up/destroy): state, lock, unlock. */
const STATE_WRITES: Call[] = [
  ['s3:PutObject', stateObject('platform-dev')],
  ['s3:PutObject', stateObject('addons-dev', '.tflock')],
  ['s3:DeleteObject', stateObject('addons-dev', '.tflock')],
  ['kms:GenerateDataKey', STATE.keyArn, THROUGH_S3],
];

describe('CI roles: what the generated workflows do with them', () => {
  describe('deploy role (dev)', () => {
    for (const call of [...ARTIFACT_CALLS, ...STATE_READS, ...STATE_WRITES]) {
      it(`allows ${label(call)}`, () => expect(allowed(deploy.dev, call)).to.equal(true));
    }

    it("cannot do the same to prod's bucket, distribution, parameters or state", () => {
      expect(allowed(deploy.dev, ['s3:PutObject', `arn:aws:s3:::qa-prod-chatbot-ui-${ACCOUNT}/index.html`])).to.equal(false);
      expect(allowed(deploy.dev, ['cloudfront:CreateInvalidation', `arn:aws:cloudfront::${ACCOUNT}:distribution/E2PROD`, tagsOf('prod')])).to.equal(false);
      expect(allowed(deploy.dev, ['ssm:GetParameter', `arn:aws:ssm:eu-central-1:${ACCOUNT}:parameter/qa/prod/static-site/bucket`])).to.equal(false);
      expect(allowed(deploy.dev, ['s3:PutObject', stateObject('platform-prod')])).to.equal(false);
    });

    it('pushes no image (the image role does)', () => {
      for (const call of IMAGE_CALLS.filter(([action]) => ['ecr:PutImage', 'ecr:UploadLayerPart'].includes(action))) expect(allowed(deploy.dev, call), label(call)).to.equal(false);
    });
  });

  describe('image role (dev)', () => {
    for (const call of IMAGE_CALLS) {
      it(`allows ${label(call)}`, () => expect(allowed(image.dev, call)).to.equal(true));
    }

    it("cannot push to prod's repository, and prod's image role cannot push to dev's", () => {
      expect(allowed(image.dev, ['ecr:PutImage', REPOSITORY.prod])).to.equal(false);
      expect(allowed(image.prod, ['ecr:PutImage', REPOSITORY.dev])).to.equal(false);
    });

    it('reaches no state, bucket or distribution', () => {
      for (const call of [...ARTIFACT_CALLS, ...STATE_READS.slice(1), ...STATE_WRITES]) expect(allowed(image.dev, call), label(call)).to.equal(false);
    });
  });

  describe('plan role', () => {
    for (const call of [...STATE_READS, ['s3:GetObject', stateObject('platform-prod')] as Call]) {
      it(`allows ${label(call)}`, () => expect(allowed(plan, call)).to.equal(true));
    }

    it('can neither write state, upload the web UI, invalidate CloudFront, nor push an image', () => {
      const writes = [...STATE_WRITES, ...ARTIFACT_CALLS, ...IMAGE_CALLS].filter(([action]) => !/:(Get|Describe|List|BatchGet|BatchCheck)/.test(action));
      for (const call of writes) expect(allowed(plan, call), label(call)).to.equal(false);
    });
  });
});
