/** Picks the provider the configuration names. */
import type { ChatbotConfig } from '../config';
import { BedrockProvider } from './bedrock-provider';
import type { ChatProvider } from './chat-provider';
import { LocalProvider } from './local-provider';

export function createProvider(config: ChatbotConfig): ChatProvider {
  if (config.provider === 'local') return new LocalProvider({ delayMs: config.localDelayMs });
  if (!config.bedrock) throw new Error('CHAT_PROVIDER=bedrock needs the Bedrock settings (src/config.ts validates them)');
  return new BedrockProvider(config.bedrock);
}
