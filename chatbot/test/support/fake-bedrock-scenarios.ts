/**
 * What the fake Bedrock endpoint answers, one scenario per request, and the ConverseStream frames
 * it sends: real `application/vnd.amazon.eventstream` messages built with the same codec the SDK
 * decodes with, so the SDK under test parses them exactly as it parses Bedrock's.
 */
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** A streamed answer: messageStart, one contentBlockDelta per chunk, contentBlockStop, messageStop, metadata. */
export interface AnswerScenario {
  readonly kind: 'answer';
  readonly chunks: readonly string[];
  /** @default 'end_turn' */
  readonly stopReason?: string;
  /** @default inputTokens 7, outputTokens = number of chunks */
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
  /** Pause after the 200 headers, before the first frame (a slow first token). @default 0 */
  readonly firstFrameDelayMs?: number;
  /** Pause between frames. @default 0 */
  readonly frameDelayMs?: number;
  /** Reset the HTTP/2 stream after this many frames (a connection cut mid-answer). @default never */
  readonly cutAfterFrames?: number;
  /** Send a modeled exception frame after this many frames and end the stream. @default never */
  readonly exceptionAfterFrames?: { readonly frames: number; readonly type: string; readonly message: string };
}

/** An error before the stream: an HTTP status with a JSON body, as Bedrock sends it. */
export interface ErrorScenario {
  readonly kind: 'error';
  readonly status: number;
  /** The `x-amzn-errortype` header (the SDK names the exception after it); omitted when undefined. */
  readonly errorType?: string;
  readonly message: string;
}

/** Recorded response bytes served verbatim as the event-stream body. */
export interface ReplayScenario {
  readonly kind: 'replay';
  readonly body: Uint8Array;
  /** Write the body in pieces of this many bytes, so frames straddle DATA frames. @default whole */
  readonly pieceBytes?: number;
}

export type FakeScenario = AnswerScenario | ErrorScenario | ReplayScenario;

/** A normal answer streamed as `chunks`. */
export function answer(chunks: readonly string[], options: Omit<AnswerScenario, 'kind' | 'chunks'> = {}): AnswerScenario {
  return { kind: 'answer', chunks, ...options };
}

/** HTTP 429 ThrottlingException, as Bedrock answers when the account's quota is used up. */
export function throttled(): ErrorScenario {
  return { kind: 'error', status: 429, errorType: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' };
}

/** A 5xx: InternalServerException (500) or ServiceUnavailableException (503). */
export function serverError(status: 500 | 503 = 500): ErrorScenario {
  return status === 503
    ? { kind: 'error', status, errorType: 'ServiceUnavailableException', message: 'Bedrock is unable to process your request.' }
    : { kind: 'error', status, errorType: 'InternalServerException', message: 'The server encountered an internal error.' };
}

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function stringHeaders(values: Record<string, string>): MessageHeaders {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { type: 'string' as const, value }]));
}

/** One `:message-type event` frame with a JSON payload. */
export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: stringHeaders({ ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' }),
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** One `:message-type exception` frame, as Bedrock sends a failure after the stream started. */
export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: stringHeaders({ ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json' }),
    body: fromUtf8(JSON.stringify({ message })),
  });
}

/** Every frame of an answer, in the order Bedrock sends them. */
export function answerFrames(scenario: AnswerScenario): Uint8Array[] {
  const usage = scenario.usage ?? { inputTokens: 7, outputTokens: scenario.chunks.length };
  return [
    eventFrame('messageStart', { role: 'assistant' }),
    ...scenario.chunks.map((text) => eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text } })),
    eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
    eventFrame('messageStop', { stopReason: scenario.stopReason ?? 'end_turn' }),
    eventFrame('metadata', {
      usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
      metrics: { latencyMs: 42 },
    }),
  ];
}
