/** The real SDK client and provider settings pointed at a FakeBedrock, shared by the Bedrock tests. */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { FakeBedrock } from './fake-bedrock';
import { createBedrockClient } from '../../src/providers/bedrock-client';
import type { BedrockProviderConfig } from '../../src/providers/chat-provider';

export const PRIMARY_MODEL = 'us.amazon.nova-micro-v1:0';
export const FALLBACK_MODEL = 'us.amazon.nova-lite-v1:0';

/** A client with dummy static credentials: requests are still SigV4-signed, as in production. */
export function fakeBedrockClient(fake: FakeBedrock): BedrockRuntimeClient {
  return createBedrockClient({ region: 'us-east-1', endpoint: fake.url }, { credentials: { accessKeyId: 'AKIDFAKEFAKEFAKE', secretAccessKey: 'fake-secret' } });
}

/** Provider settings for the fake: primary + fallback, short timeouts, two retries. */
export function fakeBedrockConfig(fake: FakeBedrock, overrides: Partial<BedrockProviderConfig> = {}): BedrockProviderConfig {
  return {
    region: 'us-east-1',
    endpoint: fake.url,
    primaryModelId: PRIMARY_MODEL,
    fallbackModelId: FALLBACK_MODEL,
    systemPrompt: 'You are a concise assistant.',
    maxTokens: 256,
    temperature: 0.2,
    firstTokenTimeoutMs: 2000,
    totalTimeoutMs: 10000,
    maxRetries: 2,
    ...overrides,
  };
}
