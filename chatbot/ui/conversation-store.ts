/**
 * The conversation lives in the browser, not on the server: it is kept in localStorage (so it
 * survives a reload) and sent whole with each turn, which keeps the service stateless and lets
 * any replica answer. Stored data is treated as untrusted input: anything malformed is dropped
 * rather than breaking the page, and storage that is full or disabled only loses persistence.
 */

export type Role = 'user' | 'assistant';

/** Where an answer stands: still arriving, complete, stopped by the user, or failed. */
export type AnswerStatus = 'streaming' | 'done' | 'stopped' | 'error';

export interface UserTurn {
  readonly role: 'user';
  readonly content: string;
}

export interface AnswerError {
  readonly message: string;
  /** Whether sending the conversation again may work (the UI then offers Retry). */
  readonly retryable: boolean;
}

/** An answer; mutable because it grows while it streams. */
export interface AssistantTurn {
  readonly role: 'assistant';
  content: string;
  status: AnswerStatus;
  /** The model that answered (from the `done` event). */
  model?: string;
  /** Whether the fallback model answered. */
  fallback?: boolean;
  error?: AnswerError;
}

export type Turn = UserTurn | AssistantTurn;

/** The slice of the Web Storage API the store uses (tests pass a Map-backed fake). */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export const STORAGE_KEY = 'chatbot.conversation.v1';

export class ConversationStore {
  constructor(private readonly storage: KeyValueStorage | undefined, private readonly key = STORAGE_KEY) {}

  load(): Turn[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(this.key) ?? '[]');
      return Array.isArray(parsed) ? parsed.flatMap(toTurn) : [];
    } catch {
      return []; // corrupt JSON or storage disabled: start empty rather than fail
    }
  }

  /** Returns false when the browser refused to store it (quota, private mode). */
  save(turns: readonly Turn[]): boolean {
    try {
      this.storage?.setItem(this.key, JSON.stringify(turns));
      return this.storage !== undefined;
    } catch {
      return false;
    }
  }

  clear(): void {
    try {
      this.storage?.removeItem(this.key);
    } catch {
      // nothing stored that could be cleared
    }
  }
}

/**
 * The messages the server gets for the next answer: every user message, and the answers that
 * hold text (complete, or stopped part-way, which the user saw and may refer to). Failed and empty
 * answers are left out; the server joins the consecutive user messages that leaves.
 */
export function requestMessages(turns: readonly Turn[]): Array<{ role: Role; content: string }> {
  return turns
    .filter((turn) => turn.role === 'user' || ((turn.status === 'done' || turn.status === 'stopped') && turn.content.trim() !== ''))
    .map((turn) => ({ role: turn.role, content: turn.content }));
}

function toTurn(value: unknown): Turn[] {
  if (typeof value !== 'object' || value === null) return [];
  const item = value as Record<string, unknown>;
  if (typeof item.content !== 'string') return [];
  if (item.role === 'user') return [{ role: 'user', content: item.content }];
  if (item.role !== 'assistant') return [];
  // An answer still `streaming` was cut off when the page closed: it is as good as stopped.
  const status = item.status === 'done' || item.status === 'stopped' || item.status === 'error' ? item.status : 'stopped';
  const turn: AssistantTurn = { role: 'assistant', content: item.content, status };
  if (typeof item.model === 'string') turn.model = item.model;
  if (typeof item.fallback === 'boolean') turn.fallback = item.fallback;
  const error = item.error as Record<string, unknown> | undefined;
  if (status === 'error') {
    turn.error = typeof error?.message === 'string'
      ? { message: error.message, retryable: error.retryable === true }
      : { message: 'This answer failed.', retryable: true };
  }
  return [turn];
}
