/**
 * Starts the chatbot app on 127.0.0.1:0 over real HTTP (app.callback() in http.createServer),
 * configured through the real loadConfig, for tests to drive with Node's fetch.
 */
import { once } from 'node:events';
import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppDeps, createApp } from '../../src/app';
import { ChatbotConfig, loadConfig } from '../../src/config';
import { Lifecycle } from '../../src/lifecycle';
import { createLogger } from '../../src/logger';
import type { ChatProvider } from '../../src/providers/chat-provider';
import { LocalProvider } from '../../src/providers/local-provider';
import { SpendGuard, createSpendGuard } from '../../src/spend/spend-guard';

export interface AppHarness {
  readonly url: string;
  readonly server: Server;
  readonly lifecycle: Lifecycle;
  readonly config: ChatbotConfig;
  /** The daily token budget's guard: the one given, else built from the config (DAILY_TOKEN_BUDGET). */
  readonly spend?: SpendGuard;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<AppDeps, 'config' | 'provider'>> {
  /** Environment variables on top of the test defaults (local provider, silent logs). */
  readonly env?: Record<string, string>;
  /** @default an undelayed LocalProvider */
  readonly provider?: ChatProvider;
}

/** A config as loadConfig builds it from `env` (local provider, silent logs by default). */
export function testConfig(env: Record<string, string> = {}): ChatbotConfig {
  return loadConfig({ CHAT_PROVIDER: 'local', LOG_LEVEL: 'silent', LOCAL_PROVIDER_DELAY_MS: '0', ...env });
}

export async function startApp(options: HarnessOptions = {}): Promise<AppHarness> {
  const { env, provider, ...deps } = options;
  const config = testConfig(env);
  const lifecycle = deps.lifecycle ?? new Lifecycle();
  const logger = deps.logger ?? createLogger({ level: 'silent' });
  // As server.ts does: the guard from the configuration, closed with the server.
  const ownSpend = deps.spend === undefined ? createSpendGuard(config.spend, logger) : undefined;
  const spend = deps.spend ?? ownSpend;
  const app = createApp({
    ...deps,
    logger,
    config,
    lifecycle,
    spend,
    provider: provider ?? new LocalProvider({ delayMs: 0 }),
  });
  const server = createServer(app.callback());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    lifecycle,
    config,
    spend,
    close: async () => {
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await ownSpend?.close(1000);
    },
  };
}

/** A POST /api/chat with a JSON body (a string or bytes are sent as they are). */
export function postChat(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  // A fresh Uint8Array is backed by a plain ArrayBuffer, which is what fetch's BodyInit accepts.
  const payload = body instanceof Uint8Array ? new Uint8Array(body) : typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${url}/api/chat`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: payload,
    signal,
  });
}

/** One user message, the smallest valid body. */
export function ask(content: string): { messages: Array<{ role: string; content: string }> } {
  return { messages: [{ role: 'user', content }] };
}
