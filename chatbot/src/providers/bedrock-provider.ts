/**
 * The Amazon Bedrock provider: one ConverseStream call per attempt, retries with backoff on
 * throttling and 5xx, a first-token and a total timeout, then the fallback model, and a client
 * disconnect aborts the in-flight call. Once text has reached the user a failure ends the answer:
 * it never continues with another attempt or model, so two answers are never spliced together.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { AnswerDeadline } from './answer-deadline';
import { checkAwsAccess } from './aws-access-check';
import { converseStreamInput, createBedrockClient } from './bedrock-client';
import { UpstreamFailure, abortedError, classifyBedrockError, cutOffError } from './bedrock-errors';
import { BedrockProviderConfig, ChatDone, ChatProvider, ChatProviderError, ChatRequest, TextSink } from './chat-provider';
import { ConverseAttempt, Finish } from './converse-attempt';
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

/** What has reached the caller so far in this answer. */
interface Progress {
  streamedText: boolean;
}

/** What the caller's text sink threw: it ends the answer as it is, never retried or classified. */
class StoppedByCaller {
  constructor(readonly reason: unknown) {}
}

export class BedrockProvider implements ChatProvider {
  readonly system = 'aws.bedrock';
  readonly models: readonly string[];
  readonly systemPromptChars: number;
  private readonly client: BedrockRuntimeClient;
  private readonly ownsClient: boolean;
  private readonly clock: () => number;
  private readonly retryPolicy: RetryPolicy;

  constructor(private readonly config: BedrockProviderConfig, options: BedrockProviderOptions = {}) {
    this.models = config.fallbackModelId ? [config.primaryModelId, config.fallbackModelId] : [config.primaryModelId];
    this.systemPromptChars = config.systemPrompt.length;
    this.client = options.client ?? createBedrockClient(config);
    this.ownsClient = options.client === undefined;
    this.clock = options.clock ?? (() => performance.now());
    this.retryPolicy = new RetryPolicy(options.retry);
  }

  async answer(request: ChatRequest, onText: TextSink): Promise<ChatDone> {
    const chain = this.modelChain(request.model);
    const deadline = new AnswerDeadline(request.signal, this.config.totalTimeoutMs, this.clock);
    const progress: Progress = { streamedText: false };
    try {
      // The retry and fallback loops and the reading of each attempt's events share this one
      // function: every token passes through whatever layers sit between the SDK and the sink.
      for (const [index, modelId] of chain.entries()) {
        for (let attempt = 1; ; attempt++) {
          let outcome: { readonly finish: Finish } | { readonly failure: UpstreamFailure };
          const call = new ConverseAttempt(modelId, this.config.firstTokenTimeoutMs, deadline.signal);
          try {
            const events = await call.open(this.client, converseStreamInput(this.config, modelId, request.messages));
            for (let next = await events.next(); !next.done; next = await events.next()) {
              const text = call.take(next.value);
              if (text) {
                progress.streamedText = true;
                try {
                  const slowConsumer = onText(text);
                  if (slowConsumer) await slowConsumer;
                } catch (reason) {
                  throw new StoppedByCaller(reason);
                }
              }
            }
            outcome = { finish: call.finish() };
          } catch (error) {
            if (error instanceof StoppedByCaller) throw error.reason;
            outcome = { failure: this.classify(call.cause(error), modelId, deadline, progress) };
          } finally {
            call.close();
          }
          if ('finish' in outcome) return { model: modelId, fallback: index > 0, ...outcome.finish };
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
      // modelChain() never returns an empty chain.
      throw new ChatProviderError('model_error', 'No model to ask', false);
    } finally {
      deadline.dispose();
    }
  }

  /** Resolves once the client has a region and AWS credentials (see aws-access-check.ts). */
  checkReady(): Promise<void> {
    return checkAwsAccess(this.client);
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
}
