/**
 * Whether a Bedrock client can sign a request: its region and its credentials resolve. It asks
 * the client's own providers (the SDK's default chains: AWS_REGION or the profile's region;
 * environment keys, AWS_PROFILE and SSO, web identity, the Pod Identity or ECS endpoint, EC2
 * instance metadata), so what is checked is exactly what every model call will use, and the
 * credentials it resolves stay memoized in the client for the first chat.
 *
 * A failure becomes a ProviderNotReady: one line with the SDK's own words and the fix, shown on
 * /readyz and in the UI. Without it the service would start, report ready, and answer every
 * question "The model service is unavailable", with the cause only in a warn log line.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { ProviderNotReady } from './chat-provider';

const REGION_FIX = 'set AWS_REGION (e.g. AWS_REGION=eu-west-1) or a region in the AWS_PROFILE\'s config (see chatbot/README.md)';
const CREDENTIALS_FIX = 'set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; in EKS, check the chatbot\'s Pod Identity association (see chatbot/README.md)';

/** Resolves when `client` has a region and credentials; rejects with ProviderNotReady otherwise. */
export async function checkAwsAccess(client: BedrockRuntimeClient): Promise<void> {
  try {
    await client.config.region();
  } catch (err) {
    throw new ProviderNotReady(`no AWS region found: ${cause(err)}; ${REGION_FIX}`);
  }
  try {
    await client.config.credentials();
  } catch (err) {
    throw new ProviderNotReady(`no AWS credentials found: ${cause(err)}; ${CREDENTIALS_FIX}`);
  }
}

/**
 * The SDK's message, fit for one line in a browser: its first line, without ARNs (they name the
 * account and role, which a user of the chat page has no need to see), at most 160 characters.
 */
function cause(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = (message.split('\n')[0] ?? '').replace(/arn:aws[\w-]*:[^\s"',;]+/g, '<arn>').trim().replace(/\.$/, '');
  const text = line === '' ? 'the SDK gave no reason' : line;
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}
