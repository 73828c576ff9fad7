import { expect } from 'chai';
import { bedrockModelArnsOf, bedrockModelGrants, inferenceProfilePrefix } from '../../../modules/identity/bedrock-model-arns';

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';

describe('modules/identity/bedrock-model-arns', () => {
  it('grants a plain model id its foundation model in the caller region only', () => {
    expect(bedrockModelArnsOf('anthropic.claude-3-haiku-20240307-v1:0', REGION, ACCOUNT)).to.deep.equal([
      'arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    ]);
  });

  it('grants an inference profile id the profile and its model in any region', () => {
    expect(bedrockModelArnsOf('eu.amazon.nova-micro-v1:0', REGION, ACCOUNT)).to.deep.equal([
      'arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-micro-v1:0',
      'arn:aws:bedrock:*::foundation-model/amazon.nova-micro-v1:0',
    ]);
  });

  it('recognises every geography and the global prefix, and us-gov before us', () => {
    expect(inferenceProfilePrefix('us-gov.anthropic.claude-3-haiku-20240307-v1:0')).to.equal('us-gov');
    expect(inferenceProfilePrefix('us.amazon.nova-lite-v1:0')).to.equal('us');
    expect(inferenceProfilePrefix('apac.amazon.nova-lite-v1:0')).to.equal('apac');
    expect(inferenceProfilePrefix('global.anthropic.claude-sonnet-4-20250514-v1:0')).to.equal('global');
    expect(inferenceProfilePrefix('amazon.nova-lite-v1:0')).to.equal(undefined);
    expect(bedrockModelArnsOf('us-gov.anthropic.claude-3-haiku-20240307-v1:0', 'us-gov-west-1', ACCOUNT)[1]).to.equal(
      'arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0',
    );
  });

  it('groups profiles, their routed models and plain models, without duplicates and never a bare "*"', () => {
    const grants = bedrockModelGrants({ region: REGION, accountId: ACCOUNT, modelIds: ['eu.amazon.nova-micro-v1:0', 'eu.amazon.nova-micro-v1:0', 'amazon.titan-text-lite-v1'] });
    expect(grants).to.deep.equal({
      inferenceProfileArns: ['arn:aws:bedrock:eu-west-1:111122223333:inference-profile/eu.amazon.nova-micro-v1:0'],
      routedFoundationModelArns: ['arn:aws:bedrock:*::foundation-model/amazon.nova-micro-v1:0'],
      foundationModelArns: ['arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-lite-v1'],
    });
    expect(Object.values(grants).flat()).not.to.include('*');
  });

  it('rejects an empty list and ids that could widen the ARN', () => {
    expect(() => bedrockModelGrants({ region: REGION, accountId: ACCOUNT, modelIds: [] })).to.throw(/at least one model id/);
    expect(() => bedrockModelArnsOf('*', REGION, ACCOUNT)).to.throw(/"\*" is not a Bedrock model/);
    expect(() => bedrockModelArnsOf('eu.amazon.*', REGION, ACCOUNT)).to.throw(/not a Bedrock model/);
    expect(() => bedrockModelArnsOf('', REGION, ACCOUNT)).to.throw(/not a Bedrock model/);
  });
});
