/**
 * What an answer that ended without Bedrock's usage report probably cost. Bedrock reports an
 * answer's tokens only in the stream's last event (`metadata`), so an answer the user stopped, the
 * client left, shutdown cut, or the model's stream broke after text had streamed is never
 * reported, yet the model read the whole prompt and wrote what was streamed. Without an estimate
 * a caller could stop every answer just before its end and never touch the daily budget.
 *
 * The estimate is the usual rule of thumb for English text, about four characters per token
 * (rounded up), for the prompt (system prompt and every message) and for the text streamed so far.
 * It errs on the side of counting: text the model wrote but the client never received is not
 * known here, and a prompt in a language with longer tokens is over-counted, which only makes the
 * guard stricter.
 */
import type { TokenUsage } from '../providers/chat-provider';

export const CHARS_PER_TOKEN = 4;

/** The tokens an unreported answer is charged: its prompt and what streamed of its text. */
export function estimateUsage(promptLength: number, streamedChars: number): TokenUsage {
  const inputTokens = Math.ceil(promptLength / CHARS_PER_TOKEN);
  const outputTokens = Math.ceil(streamedChars / CHARS_PER_TOKEN);
  return { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
}

/** Characters of the prompt the model reads: the system prompt and every message's text. */
export function promptChars(systemPromptChars: number, messages: readonly { readonly content: string }[]): number {
  return messages.reduce((sum, message) => sum + message.content.length, systemPromptChars);
}
