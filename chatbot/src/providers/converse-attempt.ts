/**
 * One ConverseStream call of an answer: its first-token timer, the signal that stops it, the
 * events it reads and how the answer finished. BedrockProvider reads the events in its own loop
 * (no generator of its own here): every token passes through each generator layer, so one layer
 * less is less work per token.
 */
import {
  type BedrockRuntimeClient,
  ConverseStreamCommand,
  type ConverseStreamCommandInput,
  type ConverseStreamOutput,
  type TokenUsage as BedrockTokenUsage,
} from '@aws-sdk/client-bedrock-runtime';
import { AbortableEvents } from './abortable-events';
import { FirstTokenTimeout, IncompleteStream } from './bedrock-errors';
import type { TokenUsage } from './chat-provider';

/** How an answer ended, from `messageStop` and `metadata`. */
export interface Finish {
  readonly finishReason: string;
  readonly usage: TokenUsage;
}

/**
 * Why an attempt's leftover upstream work is stopped once the attempt is over. One shared
 * instance: `abort()` without a reason would build a DOMException, stack trace included, for
 * every answer.
 */
const ATTEMPT_ENDED = new Error('the attempt is over');

export class ConverseAttempt {
  /**
   * Stops the upstream call: on the answer's deadline (caller abort, total timeout), on the
   * first-token timeout, and whenever the attempt ends early, e.g. the caller stopped reading the
   * answer without aborting its signal. Linked by hand rather than with `AbortSignal.any`, which
   * keeps each source in a WeakRef set and a FinalizationRegistry: garbage-collector work for
   * every answer, where one listener on the deadline, removed in {@link close}, is enough.
   */
  private readonly stop = new AbortController();
  private readonly signal = this.stop.signal;
  private readonly timer: NodeJS.Timeout;
  private readonly onDeadline: () => void;
  private firstTokenTimeout?: FirstTokenTimeout;
  private events?: AsyncIterator<ConverseStreamOutput>;
  private reader?: AbortableEvents<ConverseStreamOutput>;
  private finishReason?: string;
  private usage: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

  /** Starts the first-token timer; `deadline` is the answer's signal (caller abort, total timeout). */
  constructor(private readonly modelId: string, firstTokenTimeoutMs: number, private readonly deadline: AbortSignal) {
    this.onDeadline = () => this.stop.abort(deadline.reason);
    this.timer = setTimeout(() => {
      this.firstTokenTimeout = new FirstTokenTimeout(modelId, firstTokenTimeoutMs);
      this.stop.abort(this.firstTokenTimeout);
    }, firstTokenTimeoutMs);
    if (deadline.aborted) this.onDeadline();
    else deadline.addEventListener('abort', this.onDeadline, { once: true });
  }

  /**
   * Sends the request; resolves with its events, each read rejecting at once when the attempt's
   * signal aborts. Pass each event to {@link take}.
   */
  async open(client: BedrockRuntimeClient, input: ConverseStreamCommandInput): Promise<AbortableEvents<ConverseStreamOutput>> {
    const output = await client.send(new ConverseStreamCommand(input), { abortSignal: this.signal });
    this.events = output.stream?.[Symbol.asyncIterator]();
    this.reader = new AbortableEvents(this.events, this.signal);
    return this.reader;
  }

  /** Takes note of how the answer ends; returns the event's text, if it carries any. */
  take(event: ConverseStreamOutput): string | undefined {
    const text = event.contentBlockDelta?.delta?.text;
    if (text) {
      clearTimeout(this.timer);
      return text;
    }
    if (event.messageStop) this.finishReason = event.messageStop.stopReason ?? 'unknown';
    else if (event.metadata?.usage) this.usage = toUsage(event.metadata.usage);
    return undefined;
  }

  /** How the answer finished, once its events are read; throws when that was not a whole answer. */
  finish(): Finish {
    // On abort the SDK ends the event stream quietly instead of throwing: not a whole answer.
    this.signal.throwIfAborted();
    if (this.finishReason === undefined) throw new IncompleteStream(this.modelId);
    return { finishReason: this.finishReason, usage: this.usage };
  }

  /** What the attempt failed with: our own first-token timeout names the cause better than the SDK's AbortError. */
  cause(error: unknown): unknown {
    return this.firstTokenTimeout !== undefined && !this.deadline.aborted ? this.firstTokenTimeout : error;
  }

  /** Stops the timer and whatever upstream work is left. */
  close(): void {
    clearTimeout(this.timer);
    this.deadline.removeEventListener('abort', this.onDeadline);
    this.reader?.dispose();
    this.stop.abort(ATTEMPT_ENDED);
    // Not awaited: after an abort the SDK's iterator may never settle a pending read.
    this.events?.return?.().catch(() => undefined);
  }
}

function toUsage(usage: BedrockTokenUsage): TokenUsage {
  const inputTokens = usage.inputTokens ?? 0;
  const outputTokens = usage.outputTokens ?? 0;
  return { inputTokens, outputTokens, totalTokens: usage.totalTokens ?? inputTokens + outputTokens };
}
