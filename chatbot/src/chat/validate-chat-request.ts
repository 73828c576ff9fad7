/**
 * Checks a parsed `POST /api/chat` body against the contract and the limits, and says exactly
 * what is wrong (`messages[3].role must be "user" or "assistant" (got "system")`). Every problem
 * is a 400 {@link RequestError}; nothing the client sends can reach the provider unchecked.
 */
import type { ChatLimits } from '../config';
import { RequestError } from '../http/request-error';
import type { ChatMessage } from '../providers/chat-provider';

/** A body that passed validation. */
export interface ValidChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly model?: string;
}

const BODY_FIELDS = new Set(['messages', 'model']);
const MESSAGE_FIELDS = new Set(['role', 'content']);
const EXAMPLE = '{"messages":[{"role":"user","content":"Hello"}]}';
/** A UTF-16 surrogate without its partner: not Unicode text, and model APIs reject it. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function validateChatRequest(body: unknown, limits: ChatLimits, models: readonly string[]): ValidChatRequest {
  if (!isObject(body)) throw invalid('invalid_request', `Body must be a JSON object such as ${EXAMPLE} (got ${kind(body)})`);
  const unknown = Object.keys(body).find((key) => !BODY_FIELDS.has(key));
  if (unknown !== undefined) throw invalid('invalid_request', `Unknown field ${quote(unknown)}: the body may only have "messages" and "model"`);
  const model = validateModel(body.model, models);
  const { messages } = body;
  if (messages === undefined) throw invalid('invalid_request', `messages is required, e.g. ${EXAMPLE}`);
  if (!Array.isArray(messages)) throw invalid('invalid_request', `messages must be an array (got ${kind(messages)})`);
  if (messages.length === 0) throw invalid('invalid_request', 'messages must not be empty: send at least one user message');
  if (messages.length > limits.maxMessages) {
    throw invalid('too_many_messages', `messages has ${messages.length} items; at most ${limits.maxMessages} are allowed: start a new conversation`);
  }
  const valid = messages.map((message, index) => validateMessage(message, index, limits));
  const total = valid.reduce((sum, message) => sum + message.content.length, 0);
  if (total > limits.maxTotalChars) {
    throw invalid('conversation_too_long', `The conversation is ${total} characters; at most ${limits.maxTotalChars} are allowed: start a new conversation`);
  }
  if (valid[valid.length - 1]!.role !== 'user') {
    throw invalid('invalid_request', `messages[${valid.length - 1}].role must be "user": the last message is the one the model answers`);
  }
  return model === undefined ? { messages: valid } : { messages: valid, model };
}

function validateModel(model: unknown, models: readonly string[]): string | undefined {
  if (model === undefined || model === null) return undefined;
  if (typeof model !== 'string') throw invalid('invalid_request', `model must be a string (got ${kind(model)})`);
  if (!models.includes(model)) {
    throw invalid('unknown_model', `model ${quote(model)} is not available; use one of: ${models.join(', ')}, or leave it out`);
  }
  return model;
}

function validateMessage(message: unknown, index: number, limits: ChatLimits): ChatMessage {
  const at = `messages[${index}]`;
  if (!isObject(message)) throw invalid('invalid_request', `${at} must be an object {"role", "content"} (got ${kind(message)})`);
  const unknown = Object.keys(message).find((key) => !MESSAGE_FIELDS.has(key));
  if (unknown !== undefined) throw invalid('invalid_request', `${at} has an unknown field ${quote(unknown)}: only "role" and "content" are allowed`);
  const { role, content } = message;
  if (role !== 'user' && role !== 'assistant') {
    throw invalid('invalid_request', `${at}.role must be "user" or "assistant" (got ${role === undefined ? 'nothing' : typeof role === 'string' ? quote(role) : kind(role)})`);
  }
  if (typeof content !== 'string') throw invalid('invalid_request', `${at}.content must be a string (got ${kind(content)})`);
  if (content.trim() === '') throw invalid('invalid_request', `${at}.content must not be empty`);
  if (content.length > limits.maxMessageChars) {
    throw invalid('message_too_long', `${at}.content is ${content.length} characters; at most ${limits.maxMessageChars} are allowed`);
  }
  const surrogate = UNPAIRED_SURROGATE.exec(content);
  if (surrogate) throw invalid('invalid_request', `${at}.content is not valid Unicode: unpaired surrogate at index ${surrogate.index}`);
  return { role, content };
}

function invalid(code: string, message: string): RequestError {
  return new RequestError(400, code, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a JSON value is, for messages: `an array`, `null`, `a number`... */
function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A client-supplied string quoted for a message, cut short so errors stay small. */
function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
