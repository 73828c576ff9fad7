/**
 * Where Terraform calls the AWS Chatbot (Amazon Q Developer in chat applications) API. The API
 * exists in four regions only (the service's API model, botocore `chatbot/2017-10-11`: "AWS
 * Chatbot APIs are currently available in us-east-2, us-west-2, ap-southeast-1, eu-west-1"); a
 * channel configuration made there is global (its ARN has no region) and takes SNS topics of any
 * region, so an environment elsewhere uses the nearest of the four.
 */

/** The regions with an AWS Chatbot API endpoint. */
export const CHATBOT_API_REGIONS = ['us-east-2', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;
export type ChatbotApiRegion = (typeof CHATBOT_API_REGIONS)[number];

/** The API region for regions without one, by the prefix of their name (the longest prefix wins). */
const NEAREST_BY_PREFIX: ReadonlyArray<readonly [prefix: string, region: ChatbotApiRegion]> = [
  ['us-west-', 'us-west-2'],
  ['us-', 'us-east-2'],
  ['ca-', 'us-east-2'],
  ['mx-', 'us-east-2'],
  ['sa-', 'us-east-2'],
  ['eu-', 'eu-west-1'],
  ['il-', 'eu-west-1'],
  ['me-', 'eu-west-1'],
  ['af-', 'eu-west-1'],
  ['ap-', 'ap-southeast-1'],
];

/** The AWS Chatbot API region for an environment in `region`: the region itself where it has the API. */
export function chatbotApiRegion(region: string): ChatbotApiRegion {
  const own = CHATBOT_API_REGIONS.find((r) => r === region);
  if (own !== undefined) return own;
  const nearest = NEAREST_BY_PREFIX.find(([prefix]) => region.startsWith(prefix));
  if (nearest === undefined) throw new Error(`chatbotApiRegion: no AWS Chatbot API region is known for ${region}; add its prefix to NEAREST_BY_PREFIX`);
  return nearest[1];
}
