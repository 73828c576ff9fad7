/**
 * The offline provider: no network, no model, no AWS account. It answers deterministically (the
 * same conversation always gets the same answer) with a Markdown reply that says plainly it is
 * the offline provider and reflects the question back, streamed word by word like a model would,
 * so the UI, the streaming path and the tests all run on a laptop or in CI.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatDone, ChatMessage, ChatProvider, ChatProviderError, ChatRequest, TextSink } from './chat-provider';

/** Options of {@link LocalProvider}. */
export interface LocalProviderOptions {
  /** Pause before each streamed word, in milliseconds (0 in tests). @default 20 */
  readonly delayMs?: number;
}

const DEFAULTS: Required<LocalProviderOptions> = { delayMs: 20 };

/** The model id every offline answer reports. */
export const LOCAL_MODEL_ID = 'local-offline';
const QUOTE_LIMIT = 500;

export class LocalProvider implements ChatProvider {
  readonly system = 'local';
  readonly models = [LOCAL_MODEL_ID] as const;
  private readonly options: Required<LocalProviderOptions>;

  constructor(options: LocalProviderOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  async answer(request: ChatRequest, onText: TextSink): Promise<ChatDone> {
    if (request.model !== undefined && request.model !== LOCAL_MODEL_ID) {
      throw new ChatProviderError('bad_request', `The offline provider only has the model ${LOCAL_MODEL_ID}`, false);
    }
    const words = composeAnswer(request.messages).match(/\s*\S+\s*/g) ?? [];
    for (const word of words) {
      if (request.signal.aborted) throw aborted();
      if (this.options.delayMs > 0) {
        await sleep(this.options.delayMs, undefined, { signal: request.signal }).catch(() => {
          throw aborted();
        });
      }
      const slowConsumer = onText(word);
      if (slowConsumer) await slowConsumer;
    }
    const inputTokens = request.messages.reduce((sum, message) => sum + countWords(message.content), 0);
    return {
      model: LOCAL_MODEL_ID,
      fallback: false,
      usage: { inputTokens, outputTokens: words.length, totalTokens: inputTokens + words.length },
      finishReason: 'end_turn',
    };
  }
}

/** The whole answer for a conversation: a pure function of the messages. */
export function composeAnswer(messages: readonly ChatMessage[]): string {
  const question = [...messages].reverse().find((message) => message.role === 'user')?.content.trim() ?? '';
  const shown = question.length > QUOTE_LIMIT ? `${question.slice(0, QUOTE_LIMIT)}…` : question;
  const fromYou = messages.filter((message) => message.role === 'user').length;
  return [
    `**Offline provider** (\`${LOCAL_MODEL_ID}\`): this answer was written on this machine without a language model, so it can only reflect your message back.`,
    '',
    'You asked:',
    '',
    shown.split('\n').map((line) => `> ${line}`).join('\n'),
    '',
    'About this conversation:',
    '',
    `- ${plural(messages.length, 'message')} so far, ${fromYou} from you.`,
    `- Your last message has ${plural(countWords(question), 'word')} and ${plural(question.length, 'character')}.`,
    '',
    'For real answers, start the chatbot with `CHAT_PROVIDER=bedrock` and `BEDROCK_PRIMARY_MODEL_ID` set (see the README).',
  ].join('\n');
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function aborted(): ChatProviderError {
  return new ChatProviderError('aborted', 'The answer was aborted', false);
}
