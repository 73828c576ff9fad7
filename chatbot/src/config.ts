/**
 * The chatbot's configuration: the only place that reads `process.env`. It is read and validated
 * once at start-up; every error names the variable and how to fix it, so a bad ConfigMap fails the
 * pod at once instead of the first chat. Variable names match gitops/apps/chatbot (ConfigMap
 * `chatbot-env` and Secret `chatbot-config`).
 */
import { AuthConfig, loadAuthConfig } from './auth/auth-config';
import { ConfigError, Env, cidrs, decimal, flag, httpUrl, integer, oneOf, optionalString, origins } from './config-values';
import type { BedrockProviderConfig } from './providers/chat-provider';
import { SpendConfig, loadSpendConfig } from './spend/spend-config';

export { ConfigError } from './config-values';

export type ProviderName = 'bedrock' | 'local';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Limits on what one chat request may carry. */
export interface ChatLimits {
  /** Largest request body in bytes (BODY_LIMIT_BYTES); larger bodies get 413. */
  readonly bodyLimitBytes: number;
  /** Most messages in one conversation (MAX_MESSAGES). */
  readonly maxMessages: number;
  /** Longest message, in UTF-16 code units like the browser's `maxlength` (MAX_MESSAGE_CHARS). */
  readonly maxMessageChars: number;
  /** Longest conversation, all messages together (MAX_TOTAL_CHARS). */
  readonly maxTotalChars: number;
}

/** Per-client token bucket for `POST /api/chat`. */
export interface RateLimitConfig {
  /** Sustained requests per minute per client (RATE_LIMIT_PER_MINUTE). */
  readonly perMinute: number;
  /** Requests a client may make at once before the sustained rate applies (RATE_LIMIT_BURST). */
  readonly burst: number;
}

/** What the OpenTelemetry bootstrap (src/telemetry/sdk.ts) needs. */
export interface TelemetryConfig {
  /** False when OTEL_SDK_DISABLED=true. */
  readonly enabled: boolean;
  /** OTEL_EXPORTER_OTLP_ENDPOINT; without it telemetry stays off (src/telemetry/sdk.ts). */
  readonly endpoint?: string;
  /** OTEL_SERVICE_NAME. */
  readonly serviceName: string;
}

interface CommonConfig {
  readonly port: number;
  readonly host: string;
  readonly limits: ChatLimits;
  readonly rateLimit: RateLimitConfig;
  /** Browser origins allowed to call the API cross-origin (CORS_ORIGIN); empty = same origin only. */
  readonly corsOrigins: readonly string[];
  /**
   * Peers whose X-Forwarded-For is believed (TRUSTED_PROXY_CIDRS): the ALB sits in the VPC, so
   * by default the private ranges.
   */
  readonly trustedProxyCidrs: readonly string[];
  /** How long open streams may run on after SIGTERM (DRAIN_TIMEOUT_MS). */
  readonly drainTimeoutMs: number;
  readonly logLevel: LogLevel;
  readonly telemetry: TelemetryConfig;
  /** Pause between streamed words of the offline provider (LOCAL_PROVIDER_DELAY_MS). */
  readonly localDelayMs: number;
  /** Sign-in through the ALB (AUTH_MODE and AUTH_*; src/auth/auth-config.ts). */
  readonly auth: AuthConfig;
  /** The daily token budget shared by all pods (DAILY_TOKEN_BUDGET, SPEND_*; src/spend/spend-config.ts). */
  readonly spend: SpendConfig;
}

/** The validated configuration; `bedrock` is present exactly when the provider is Bedrock. */
export type ChatbotConfig =
  | (CommonConfig & { readonly provider: 'local'; readonly bedrock?: undefined })
  | (CommonConfig & { readonly provider: 'bedrock'; readonly bedrock: BedrockProviderConfig });

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];
const DEFAULT_SYSTEM_PROMPT = 'You are a helpful assistant. Answer clearly and concisely, in Markdown.';

/** Reads and validates the configuration; throws {@link ConfigError} naming the variable. */
export function loadConfig(env: Env = process.env): ChatbotConfig {
  const primaryModelId = optionalString(env, 'BEDROCK_PRIMARY_MODEL_ID');
  // With no Bedrock model configured the offline provider is the only one that can work, so
  // `npm run dev` and CI need no AWS account.
  const provider = oneOf<ProviderName>(env, 'CHAT_PROVIDER', ['bedrock', 'local'], primaryModelId ? 'bedrock' : 'local');
  const common: CommonConfig = {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: optionalString(env, 'HOST') ?? '0.0.0.0',
    limits: {
      bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 65536, 1024, 10 * 1024 * 1024),
      maxMessages: integer(env, 'MAX_MESSAGES', 50, 1, 1000),
      maxMessageChars: integer(env, 'MAX_MESSAGE_CHARS', 8000, 1),
      maxTotalChars: integer(env, 'MAX_TOTAL_CHARS', 32000, 1),
    },
    rateLimit: {
      perMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 30, 1),
      burst: integer(env, 'RATE_LIMIT_BURST', 10, 1),
    },
    corsOrigins: origins(env, 'CORS_ORIGIN'),
    trustedProxyCidrs: cidrs(env, 'TRUSTED_PROXY_CIDRS', PRIVATE_RANGES),
    drainTimeoutMs: integer(env, 'DRAIN_TIMEOUT_MS', 25000, 0),
    logLevel: oneOf<LogLevel>(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    telemetry: {
      enabled: !flag(env, 'OTEL_SDK_DISABLED', false),
      endpoint: httpUrl(env, 'OTEL_EXPORTER_OTLP_ENDPOINT'),
      serviceName: optionalString(env, 'OTEL_SERVICE_NAME') ?? 'chatbot',
    },
    localDelayMs: integer(env, 'LOCAL_PROVIDER_DELAY_MS', 20, 0, 5000),
    auth: loadAuthConfig(env),
    spend: loadSpendConfig(env),
  };
  if (provider === 'local') return { ...common, provider };
  return { ...common, provider, bedrock: loadBedrockConfig(env, primaryModelId) };
}

function loadBedrockConfig(env: Env, primaryModelId: string | undefined): BedrockProviderConfig {
  if (!primaryModelId) {
    throw new ConfigError('BEDROCK_PRIMARY_MODEL_ID', 'is required when CHAT_PROVIDER=bedrock: set it to a model or inference profile id such as us.amazon.nova-micro-v1:0, or use CHAT_PROVIDER=local');
  }
  // Not required here: without it the SDK takes the profile's region (AWS_PROFILE), and when it
  // finds none the service starts not ready, saying so on /readyz and in the UI (checkAwsAccess).
  const region = optionalString(env, 'AWS_REGION') ?? optionalString(env, 'AWS_DEFAULT_REGION');
  const guardrailId = optionalString(env, 'BEDROCK_GUARDRAIL_ID');
  const guardrailVersion = optionalString(env, 'BEDROCK_GUARDRAIL_VERSION');
  if (guardrailId && !guardrailVersion) {
    throw new ConfigError('BEDROCK_GUARDRAIL_VERSION', 'is required when BEDROCK_GUARDRAIL_ID is set (a version number such as 1, or DRAFT)');
  }
  if (guardrailVersion && !guardrailId) {
    throw new ConfigError('BEDROCK_GUARDRAIL_ID', 'is required when BEDROCK_GUARDRAIL_VERSION is set');
  }
  const fallbackModelId = optionalString(env, 'BEDROCK_FALLBACK_MODEL_ID');
  if (fallbackModelId === primaryModelId) {
    throw new ConfigError('BEDROCK_FALLBACK_MODEL_ID', 'must differ from BEDROCK_PRIMARY_MODEL_ID (a fallback to the same model cannot help); unset it to run without a fallback');
  }
  return {
    region,
    primaryModelId,
    fallbackModelId,
    endpoint: httpUrl(env, 'BEDROCK_ENDPOINT'),
    systemPrompt: optionalString(env, 'CHAT_SYSTEM_PROMPT') ?? DEFAULT_SYSTEM_PROMPT,
    maxTokens: integer(env, 'BEDROCK_MAX_TOKENS', 1024, 1, 200000),
    temperature: decimal(env, 'BEDROCK_TEMPERATURE', 0.3, 0, 1),
    guardrail: guardrailId && guardrailVersion ? { id: guardrailId, version: guardrailVersion } : undefined,
    firstTokenTimeoutMs: integer(env, 'UPSTREAM_FIRST_TOKEN_TIMEOUT_MS', 10000, 1),
    totalTimeoutMs: integer(env, 'UPSTREAM_TOTAL_TIMEOUT_MS', 60000, 1),
    maxRetries: integer(env, 'UPSTREAM_MAX_RETRIES', 2, 0, 10),
  };
}
