/** The Bedrock runtime client and the ConverseStream request the provider sends with it. */
import {
  BedrockRuntimeClient,
  type BedrockRuntimeClientConfig,
  type ConverseStreamCommandInput,
} from '@aws-sdk/client-bedrock-runtime';
import type { BedrockProviderConfig, ChatMessage } from './chat-provider';

/**
 * A client for `config.region` (and `config.endpoint` when set) with the SDK's default credential
 * chain (Pod Identity in the cluster). Without a region the SDK's own region chain applies (the
 * profile's `region`); aws-access-check.ts reports it when that finds none. `overrides` is for
 * tests: static dummy credentials for the loopback fake.
 */
export function createBedrockClient(
  config: Pick<BedrockProviderConfig, 'region' | 'endpoint'>,
  overrides: Partial<BedrockRuntimeClientConfig> = {},
): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: config.region,
    endpoint: config.endpoint,
    ...overrides,
    // The provider owns retries: backoff within the answer's deadline, each retry told to the
    // observer (span events), then the fallback model. SDK retries underneath would be invisible
    // and would multiply the attempts (3 SDK tries per provider try) and the user's wait.
    maxAttempts: 1,
  });
}

/** The ConverseStream input for one attempt on `modelId`. */
export function converseStreamInput(
  config: BedrockProviderConfig,
  modelId: string,
  messages: readonly ChatMessage[],
): ConverseStreamCommandInput {
  return {
    modelId,
    messages: messages.map((message) => ({ role: message.role, content: [{ text: message.content }] })),
    system: config.systemPrompt ? [{ text: config.systemPrompt }] : undefined,
    inferenceConfig: { maxTokens: config.maxTokens, temperature: config.temperature },
    guardrailConfig: config.guardrail
      ? {
        guardrailIdentifier: config.guardrail.id,
        guardrailVersion: config.guardrail.version,
        // `sync` (Bedrock's default, spelled out): the guardrail checks each chunk before it is
        // sent, so a chat user never sees text the guardrail then withdraws; `async` would lower
        // time to first token at that cost.
        streamProcessingMode: 'sync',
      }
      : undefined,
  };
}
