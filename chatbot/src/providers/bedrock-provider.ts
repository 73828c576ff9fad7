/**
 * The Amazon Bedrock provider: one ConverseStream call per attempt, retries with backoff on
 * throttling and 5xx, a first-token and a total timeout, then the fallback model, and a client
 * disconnect aborts the in-flight call. Once text has reached the user a failure ends the answer:
 * it never continues with another attempt or model, so two answers are never spliced together.
 */
import {
  BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamOutput,
  type TokenUsage as BedrockTokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import { AnswerDeadline } from './answer-deadline';
import { converseStreamInput, createBedrockClient } from './bedrock-client';
import {
  FirstTokenTimeout,
  IncompleteStream,
  UpstreamFailure,
  abortedError,
  classifyBedrockError,
  cutOffError,
} from './bedrock-errors';
import {
  BedrockProviderConfig,
  ChatEvent,
  ChatProvider,
  ChatProviderError,
  ChatRequest,
  TokenUsage,
} from './chat-provider';
import { RetryPolicy, RetryPolicyOptions, pause } from './retry-policy';

/** Collaborators of {@link BedrockProvider}, injectable for tests. */
export interface BedrockProviderOptions {
  /** @default createBedrockClient(config): default credential chain, SDK retries off */
  readonly client?: BedrockRuntimeClient;
  /** Milliseconds, monotonic; measures the time left for retries. @default performance.now */
  readonly clock?: () => number;
  /** Backoff between attempts on one model. @default RetryPolicy defaults (250 ms base, 4 s cap) */
  readonly retry?: RetryPolicyOptions;
}

/** How an answer ended, from `messageStop` and `metadata`. */
interface Finish {
  readonly finishReason: string;
  readonly usage: TokenUsage;
}

/** What has reached the caller so far in this answer. */
interface Progress {
  streamedText: boolean;
}

/**
 * Why an attempt's leftover upstream work is stopped once the attempt is over. One shared
 * instance: `abort()` without a reason would build a DOMException, stack trace included, for
 * every answer.
 */
const ATTEMPT_ENDED = new Error('the attempt is over');

export class BedrockProvider implements ChatProvider {
  readonly system = 'aws.bedrock';
  readonly models: readonly string[];
  private readonly client: BedrockRuntimeClient;
  private readonly ownsClient: boolean;
  private readonly clock: () => number;
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly config: BedrockProviderConfig, options: BedrockProviderOptions = {}) {
    this.models = config.fallbackModelId ? [config.primaryModelId, config.fallbackModelId] : [config.primaryModelId];
    this.client = options.client ?? createBedrockClient(config);
    this.ownsClient = options.client === undefined;
    this.clock = options.clock ?? (() => performance.now());
    this.retryPolicy = new RetryPolicy(options.retry);
  }

  async *stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    const chain = this.modelChain(request.model);
    const deadline = new AnswerDeadline(request.signal, this.config.totalTimeoutMs, this.clock);
    const progress: Progress = { streamedText: false };
    try {
      // The retry and fallback loops live here rather than in a generator of their own: every
      // token passes through each generator layer, so one layer less is less work per token.
      for (const [index, modelId] of chain.entries()) {
        for (let attempt = 1; ; attempt++) {
          let outcome: { readonly finish: Finish } | { readonly failure: UpstreamFailure };
          try {
            outcome = { finish: yield* this.attempt(modelId, request, deadline, progress) };
          } catch (error) {
            outcome = { failure: this.classify(error, modelId, deadline, progress) };
          }
          if ('finish' in outcome) {
            yield { type: 'done', model: modelId, fallback: index > 0, ...outcome.finish };
            return;
          }
          const { failure } = outcome;
          const delayMs = this.retryPolicy.delayMs(attempt);
          // A retry that cannot finish before the deadline only delays the fallback.
          if (failure.retry && attempt <= this.config.maxRetries && delayMs < deadline.remainingMs()) {
            request.observer.onRetry({ model: modelId, attempt, reason: failure.reason, delayMs });
            await pause(delayMs, deadline.signal).catch((reason: unknown) => {
              throw this.classify(reason, modelId, deadline, progress).error;
            });
            continue;
          }
          const next = chain[index + 1];
          if (next === undefined || !failure.fallback) throw failure.error;
          request.observer.onFallback({ from: modelId, to: next, reason: failure.reason });
          break;
        }
      }
    } finally {
      deadline.dispose();
    }
  }

  /** Closes the client's connections if the provider created it (on shutdown). */
  destroy(): void {
    if (this.ownsClient) this.client.destroy();
  }

  /** The models to try in order: the primary then the fallback, or just the one asked for. */
  private modelChain(requested: string | undefined): readonly string[] {
    if (requested === undefined || requested === this.models[0]) return this.models;
    if (this.models.includes(requested)) return [requested];
    throw new ChatProviderError('bad_request', `Unknown model "${requested}"; this server offers ${this.models.join(', ')}`, false);
  }

  /**
   * What a failed attempt means. Ends the whole answer (throws) when the caller aborted, the
   * deadline passed, or text was already streamed; otherwise says whether to retry or fall back.
   */
  private classify(error: unknown, modelId: string, deadline: AnswerDeadline, progress: Progress): UpstreamFailure {
    if (deadline.callerAborted) throw abortedError(error);
    if (deadline.timedOut) throw classifyBedrockError(deadline.signal.reason, modelId).error;
    if (progress.streamedText) throw cutOffError(modelId, error);
    return classifyBedrockError(error, modelId);
  }

  /** One ConverseStream call: yields text deltas, returns how the answer finished. */
  private async *attempt(modelId: string, request: ChatRequest, deadline: AnswerDeadline, progress: Progress): AsyncGenerator<ChatEvent, Finish> {
    const { firstTokenTimeoutMs } = this.config;
    const firstToken = new AbortController();
    const timer = setTimeout(() => firstToken.abort(new FirstTokenTimeout(modelId, firstTokenTimeoutMs)), firstTokenTimeoutMs);
    // `finished` stops the upstream call whenever this attempt ends early, e.g. the caller stopped
    // reading (our generator's return()) without aborting its signal.
    const finished = new AbortController();
    const signal = AbortSignal.any([deadline.signal, firstToken.signal, finished.signal]);
    let events: AsyncIterator<ConverseStreamOutput> | undefined;
    let reader: AbortableEvents<ConverseStreamOutput> | undefined;
    try {
      const input = converseStreamInput(this.config, modelId, request.messages);
      const output = await this.client.send(new ConverseStreamCommand(input), { abortSignal: signal });
      events = output.stream?.[Symbol.asyncIterator]();
      reader = new AbortableEvents(events, signal);
      let finishReason: string | undefined;
      let usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
      for (let next = await reader.next(); !next.done; next = await reader.next()) {
        const event = next.value;
        const text = event.contentBlockDelta?.delta?.text;
        if (text) {
          clearTimeout(timer);
          progress.streamedText = true;
          yield { type: 'delta', text };
        } else if (event.messageStop) {
          finishReason = event.messageStop.stopReason ?? 'unknown';
        } else if (event.metadata?.usage) {
          usage = toUsage(event.metadata.usage);
        }
      }
      // On abort the SDK ends the event stream quietly instead of throwing: not a whole answer.
      signal.throwIfAborted();
      if (finishReason === undefined) throw new IncompleteStream(modelId);
      return { finishReason, usage };
    } catch (error) {
      // Our own timeout names the cause better than the SDK's AbortError.
      if (firstToken.signal.aborted && !deadline.signal.aborted) throw firstToken.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
      reader?.dispose();
      finished.abort(ATTEMPT_ENDED);
      // Not awaited: after an abort the SDK's iterator may never settle a pending read.
      events?.return?.().catch(() => undefined);
    }
  }
}

/**
 * Reads an event stream so that an abort of `signal` ends a pending read at once (after an abort
 * the SDK's iterator may never settle it). One abort listener per attempt, not one per event:
 * this runs for every token of every answer.
 */
class AbortableEvents<T> {
  private readonly aborted: Promise<never>;
  private readonly onAbort: () => void;

  constructor(private readonly events: AsyncIterator<T> | undefined, private readonly signal: AbortSignal) {
    let reject!: (reason: unknown) => void;
    this.aborted = new Promise<never>((_, rejectPromise) => { reject = rejectPromise; });
    this.aborted.catch(() => undefined); // Observed by the races below, or by nobody.
    this.onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** The next event, or a rejection with the abort reason as soon as the signal aborts. */
  next(): Promise<IteratorResult<T, undefined>> {
    if (this.events === undefined) return Promise.resolve({ done: true, value: undefined });
    this.signal.throwIfAborted();
    const next = this.events.next();
    next.catch(() => undefined); // The race may leave it unobserved.
    return Promise.race([next, this.aborted]);
  }

  dispose(): void {
    this.signal.removeEventListener('abort', this.onAbort);
  }
}

function toUsage(usage: BedrockTokenUsage): TokenUsage {
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.totalTokens ?? inputTokens + outputTokens };
}
