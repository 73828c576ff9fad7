/**
 * The contract between the HTTP layer and the model providers (`bedrock`, `local`). A provider
 * turns a conversation into a stream of events; the chat service around it owns telemetry,
 * timing and the HTTP answer.
 */

export type ChatRole = 'user' | 'assistant';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

export interface TokenUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
}

/** Told by a provider as it works, so the caller can record span events and metrics. */
export interface ModelCallObserver {
  /** A call to `model` failed retryably and is tried again after `delayMs`. */
  onRetry(info: { readonly model: string; readonly attempt: number; readonly reason: string; readonly delayMs: number }): void;
  /** The primary model failed; the answer now comes from `to`. */
  onFallback(info: { readonly from: string; readonly to: string; readonly reason: string }): void;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  /** A model the client asked for (one of the provider's `models`); the primary when absent. */
  readonly model?: string;
  /** Aborted when the client disconnects or the server gives up: the upstream call must stop. */
  readonly signal: AbortSignal;
  readonly requestId: string;
  readonly observer: ModelCallObserver;
}

/** How an answer ended. */
export interface ChatDone {
  /** The model that actually answered. */
  readonly model: string;
  readonly fallback: boolean;
  readonly usage: TokenUsage;
  /** e.g. `end_turn`, `max_tokens`, `guardrail_intervened`. */
  readonly finishReason: string;
}

/**
 * Receives an answer's text as it streams, in order. It returns a promise when the provider
 * should wait before reading more (a slow client), and nothing to go on at once. It throws to
 * stop the answer: the provider stops its model call and rejects with that error, as it is.
 */
export type TextSink = (text: string) => Promise<void> | undefined | void;

export type ChatErrorCode =
  | 'throttled'
  | 'upstream_timeout'
  | 'upstream_unavailable'
  | 'model_error'
  | 'content_filtered'
  | 'aborted'
  | 'bad_request';

/** Every provider failure, with a code the HTTP layer maps to an `error` event / status. */
export class ChatProviderError extends Error {
  constructor(
    readonly code: ChatErrorCode,
    message: string,
    /** Whether trying again later may succeed. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'ChatProviderError';
  }
}

/**
 * Why a provider cannot answer yet (see ChatProvider.checkReady). The message is one line that
 * names the problem and the fix; it is shown to operators and users, so it holds no secrets.
 */
export class ProviderNotReady extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderNotReady';
  }
}

export interface ChatProvider {
  /** `gen_ai.system` of the calls it makes: `aws.bedrock` or `local`. */
  readonly system: 'aws.bedrock' | 'local';
  /** Model ids a request may name; the first is the default (primary). */
  readonly models: readonly string[];
  /**
   * Characters of the instructions sent to the model with every turn besides the conversation
   * (the system prompt), for estimating an answer's tokens when the model did not report them.
   * @default 0
   */
  readonly systemPromptChars?: number;
  /**
   * Hands the answer's text to `onText` as it streams (non-empty pieces, in order) and resolves
   * with how the answer ended; rejects with a ChatProviderError, or with what `onText` threw.
   *
   * A callback rather than an async iterable of events: every token of every answer passes
   * here, and a generator layer (a yield, an await and a promise per token, and the consumer's
   * await on top) was a measurable share of the app's CPU per answer.
   */
  answer(request: ChatRequest, onText: TextSink): Promise<ChatDone>;
  /**
   * Resolves once the provider can answer (Bedrock: AWS credentials and a region resolved);
   * rejects with a ProviderNotReady saying why and how to fix it. server.ts calls it at start
   * and again with backoff until it resolves; until then the service reports not ready. A
   * provider that needs nothing (the offline one) leaves it out and is ready at once.
   */
  checkReady?(): Promise<void>;
}

/** Settings of the Bedrock provider (validated by src/config.ts). */
export interface BedrockProviderConfig {
  /** AWS_REGION; when absent the SDK looks for one (the profile's `region`), and checkReady reports it missing. */
  readonly region?: string;
  readonly primaryModelId: string;
  readonly fallbackModelId?: string;
  /** Endpoint override (tests: a loopback fake; VPC endpoints need none). */
  readonly endpoint?: string;
  readonly systemPrompt: string;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly guardrail?: { readonly id: string; readonly version: string };
  /** Give up on a model that sent no text within this time. */
  readonly firstTokenTimeoutMs: number;
  /** Give up on a whole answer (all attempts, both models) after this time. */
  readonly totalTimeoutMs: number;
  /** Retries per model on throttling and 5xx (0 = one attempt). */
  readonly maxRetries: number;
}
