/**
 * Shapes a valid conversation the way model APIs accept it. Bedrock Converse requires the first
 * message to come from the user and the roles to alternate; the UI can legitimately send
 * otherwise (a greeting shown first, a user message whose answer failed or was stopped, then
 * another). Rather than refuse such turns, consecutive messages of one role are joined and
 * leading assistant messages dropped, for every provider alike.
 */
import type { ChatMessage } from '../providers/chat-provider';

export function normalizeConversation(messages: readonly ChatMessage[]): ChatMessage[] {
  const result: ChatMessage[] = [];
  for (const message of messages) {
    if (result.length === 0 && message.role !== 'user') continue;
    const last = result[result.length - 1];
    if (last && last.role === message.role) {
      result[result.length - 1] = { role: last.role, content: `${last.content}\n\n${message.content}` };
    } else {
      result.push({ role: message.role, content: message.content });
    }
  }
  return result;
}
