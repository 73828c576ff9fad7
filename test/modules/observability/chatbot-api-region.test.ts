import { expect } from 'chai';
import { CHATBOT_API_REGIONS, chatbotApiRegion } from '../../../modules/observability/chatbot-api-region';
import { AWS_REGIONS } from '../../../stacks/aws-regions';

describe('modules/observability/chatbot-api-region', () => {
  it('keeps an environment in a region with the AWS Chatbot API there', () => {
    for (const region of CHATBOT_API_REGIONS) expect(chatbotApiRegion(region)).to.equal(region);
  });

  it('sends every other region the config accepts to the API region of its part of the world', () => {
    const cases: Record<string, string> = {
      'us-east-1': 'us-east-2',
      'us-west-1': 'us-west-2',
      'ca-central-1': 'us-east-2',
      'sa-east-1': 'us-east-2',
      'eu-central-1': 'eu-west-1',
      'eu-north-1': 'eu-west-1',
      'me-central-1': 'eu-west-1',
      'il-central-1': 'eu-west-1',
      'af-south-1': 'eu-west-1',
      'ap-northeast-1': 'ap-southeast-1',
      'ap-south-2': 'ap-southeast-1',
    };
    for (const [region, api] of Object.entries(cases)) expect(chatbotApiRegion(region), region).to.equal(api);
    for (const region of AWS_REGIONS) expect(CHATBOT_API_REGIONS, region).to.include(chatbotApiRegion(region));
  });

  it('names the table to extend for a region of an unknown part of the world', () => {
    expect(() => chatbotApiRegion('xx-north-1')).to.throw(/no AWS Chatbot API region is known for xx-north-1; add its prefix to NEAREST_BY_PREFIX/);
  });
});
