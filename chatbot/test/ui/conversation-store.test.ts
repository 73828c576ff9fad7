import { expect } from 'chai';
import { ConversationStore, KeyValueStorage, STORAGE_KEY, Turn, requestMessages } from '../../ui/conversation-store';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const CONVERSATION: Turn[] = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!', status: 'done', model: 'm1', fallback: false },
  { role: 'user', content: 'Tell more' },
  { role: 'assistant', content: 'Partly', status: 'stopped' },
  { role: 'user', content: 'And?' },
  { role: 'assistant', content: 'Half', status: 'error', error: { message: 'busy', retryable: true } },
  { role: 'user', content: 'Again' },
  { role: 'assistant', content: '', status: 'stopped' },
  { role: 'user', content: 'Last' },
];

describe('ui/conversation-store', () => {
  it('saves, loads and clears the conversation under one key', () => {
    const storage = new MemoryStorage();
    const store = new ConversationStore(storage);
    expect(store.load()).to.deep.equal([]);
    expect(store.save(CONVERSATION)).to.equal(true);
    expect([...storage.items.keys()]).to.deep.equal([STORAGE_KEY]);
    expect(new ConversationStore(storage).load()).to.deep.equal(CONVERSATION);
    store.clear();
    expect(storage.items.size).to.equal(0);
  });

  it('loads an answer that was still streaming as stopped (the page closed mid-answer)', () => {
    const storage = new MemoryStorage();
    storage.setItem(STORAGE_KEY, JSON.stringify([{ role: 'user', content: 'q' }, { role: 'assistant', content: 'pa', status: 'streaming' }]));
    expect(new ConversationStore(storage).load()[1]).to.deep.equal({ role: 'assistant', content: 'pa', status: 'stopped' });
  });

  it('drops malformed stored data instead of failing', () => {
    const storage = new MemoryStorage();
    const store = new ConversationStore(storage);
    for (const stored of ['{not json', '"a string"', '{"role":"user"}', 'null']) {
      storage.setItem(STORAGE_KEY, stored);
      expect(store.load(), stored).to.deep.equal([]);
    }
    storage.setItem(STORAGE_KEY, JSON.stringify([
      null, 7, { role: 'system', content: 'x' }, { role: 'user', content: 42 }, { role: 'user', content: 'kept', extra: '<b>' },
      { role: 'assistant', content: 'a', status: 'error' },
    ]));
    expect(store.load()).to.deep.equal([
      { role: 'user', content: 'kept' },
      { role: 'assistant', content: 'a', status: 'error', error: { message: 'This answer failed.', retryable: true } },
    ]);
  });

  it('survives storage that throws (disabled, or full)', () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const store = new ConversationStore(broken);
    expect(store.load()).to.deep.equal([]);
    expect(store.save(CONVERSATION)).to.equal(false);
    expect(() => store.clear()).not.to.throw();
    expect(new ConversationStore(undefined).save(CONVERSATION)).to.equal(false);
  });

  it('sends user messages and answers with text, not failed or empty answers', () => {
    expect(requestMessages(CONVERSATION)).to.deep.equal([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Tell more' },
      { role: 'assistant', content: 'Partly' },
      { role: 'user', content: 'And?' },
      { role: 'user', content: 'Again' },
      { role: 'user', content: 'Last' },
    ]);
  });
});
