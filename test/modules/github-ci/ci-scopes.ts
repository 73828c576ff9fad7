/** Policy scopes for the CI policy tests: project `qa`, account 111122223333, dev and prod. */
import type { CiDeployScope } from '../../../modules/github-ci/ci-deploy-scope';
import type { CiPlanScope } from '../../../modules/github-ci/ci-policies';
import type { CiStateScope } from '../../../modules/github-ci/ci-resource-arns';
import { permissionsBoundaryArn } from '../../../modules/shared/naming';

export const ACCOUNT = '111122223333';
export const PROJECT_TAG = 'ai-chatbot';
export const STATE: CiStateScope = {
  bucketArn: `arn:aws:s3:::qa-tfstate-${ACCOUNT}-eu-west-1`,
  keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9`,
  region: 'eu-west-1',
};
export const REGIONS = { dev: 'eu-west-1', prod: 'eu-central-1' } as const;

export function deployScope(name: 'dev' | 'prod'): CiDeployScope {
  return {
    namePrefix: 'qa',
    accountId: ACCOUNT,
    state: STATE,
    environment: { name, region: REGIONS[name] },
    tags: { project: PROJECT_TAG, environment: name },
    permissionsBoundaryArn: permissionsBoundaryArn('qa', ACCOUNT, name),
  };
}

export const PLAN_SCOPE: CiPlanScope = {
  namePrefix: 'qa',
  accountId: ACCOUNT,
  state: STATE,
  environments: [
    { name: 'dev', region: REGIONS.dev },
    { name: 'prod', region: REGIONS.prod },
  ],
  stackNames: ['platform-dev', 'addons-dev', 'platform-prod', 'addons-prod'],
  parameterNames: ['chatbot/aws-region', 'static-site/bucket', 'static-site/distribution-id'],
};

/** `aws:ResourceTag/...` (existing resource) or `aws:RequestTag/...` (tags a request sets) of an environment. */
export function tagsOf(environment: string, source: 'aws:ResourceTag' | 'aws:RequestTag' = 'aws:ResourceTag', project = PROJECT_TAG): Record<string, string> {
  return { [`${source}/Project`]: project, [`${source}/Environment`]: environment, [`${source}/ManagedBy`]: 'cdktf' };
}

/** The state key used by S3 for the state bucket (bucket keys: the bucket ARN is the context). */
export const THROUGH_S3 = { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'kms:EncryptionContext:aws:s3:arn': STATE.bucketArn };

export const stateObject = (stack: string, suffix = '') => `${STATE.bucketArn}/${stack}/terraform.tfstate${suffix}`;
