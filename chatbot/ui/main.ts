/**
 * The chat page: wires the composer, the conversation state and the server. One answer streams
 * at a time; Stop aborts it (the partial answer stays, marked stopped, and the server sees the
 * disconnect and stops the model call; Escape in the text box does the same); Retry sends the same conversation again; New chat
 * forgets it. The server keeps no state: every turn sends the whole conversation.
 */
import { streamChat } from './chat-client';
import { AssistantTurn, ConversationStore, Turn, requestMessages } from './conversation-store';
import { watchServiceInfo } from './service-info';
import { ChatView } from './view';

/**
 * Where the API lives: same origin by default; a static copy of the UI on another origin (S3 +
 * CloudFront) sets `<meta name="chatbot-api-base" content="https://...">` and CORS_ORIGIN.
 */
const apiBase = (document.querySelector<HTMLMetaElement>('meta[name="chatbot-api-base"]')?.content ?? '').replace(/\/+$/, '');
const store = new ConversationStore(browserStorage());
const view = new ChatView({ onRetry: retry });
let turns: Turn[] = store.load();
let controller: AbortController | undefined;
/** While the service cannot answer (it says why), sending waits; the typed text stays. */
let notReady = false;

view.renderAll(turns);
view.setBusy(false);
view.form.addEventListener('submit', (event) => {
  event.preventDefault();
  send();
});
view.input.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && controller) {
    controller.abort();
    return;
  }
  // Enter sends, Shift+Enter is a new line; Enter that confirms an IME composition is neither.
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  send();
});
view.stop.addEventListener('click', () => controller?.abort());
view.newChat.addEventListener('click', () => {
  controller?.abort();
  controller = undefined;
  view.setBusy(false);
  turns = [];
  store.clear();
  view.renderAll(turns);
  view.restoreFocus(true);
});
void watchServiceInfo(apiBase, (info) => {
  view.showOffline(info.offline);
  view.showAccount(info.user, info.signOutUrl);
  if (info.maxMessageChars !== undefined) view.input.maxLength = info.maxMessageChars;
  notReady = info.notReadyReason !== undefined;
  view.showNotReady(info.notReadyReason);
});

function send(): void {
  const content = view.input.value;
  if (controller || notReady || content.trim() === '') return;
  view.input.value = '';
  const turn: Turn = { role: 'user', content };
  turns.push(turn);
  view.append(turn);
  void answer();
}

function retry(): void {
  const last = turns[turns.length - 1];
  if (controller || last?.role !== 'assistant' || last.status !== 'error') return;
  turns.pop();
  view.renderAll(turns);
  void answer();
}

async function answer(): Promise<void> {
  const conversation = turns;
  const messages = requestMessages(conversation);
  const turn: AssistantTurn = { role: 'assistant', content: '', status: 'streaming' };
  conversation.push(turn);
  store.save(conversation);
  view.append(turn);
  const current = new AbortController();
  controller = current;
  view.setBusy(true);
  view.restoreFocus();
  try {
    for await (const event of streamChat(apiBase, messages, current.signal)) {
      if (event.type === 'delta') {
        turn.content += event.text;
        view.scheduleUpdate(turn);
      } else if (event.type === 'done') {
        Object.assign(turn, { status: 'done', model: event.model, fallback: event.fallback });
      } else {
        Object.assign(turn, { status: 'error', error: { message: event.message, retryable: event.retryable } });
      }
    }
  } catch {
    // Only the user's Stop (or New chat) ends the stream by throwing.
    turn.status = 'stopped';
  } finally {
    if (turn.status === 'streaming') turn.status = 'stopped';
    if (controller === current) {
      controller = undefined;
      view.setBusy(false);
    }
    // New chat replaced the conversation while this answer streamed: nothing left to show.
    if (turns === conversation) {
      store.save(conversation);
      view.update(turn);
    }
    view.restoreFocus();
  }
}

/** localStorage, or undefined where the browser forbids it (it throws on access there). */
function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
