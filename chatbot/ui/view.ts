/**
 * The page's DOM: one `<article>` per turn inside the conversation log, the composer and the
 * header. It only renders what it is given; main.ts owns the state. User text is set with
 * `textContent` (never parsed); answers go through the safe Markdown renderer. Streaming updates
 * are batched to one render per animation frame, so a fast stream does not re-render per token.
 */
import type { AssistantTurn, Turn } from './conversation-store';
import { renderMarkdown } from './markdown';

/** The model id of the offline provider (src/providers/local-provider.ts `LOCAL_MODEL_ID`). */
export const OFFLINE_MODEL_ID = 'local-offline';

export interface ViewHandlers {
  /** The user asked to send the failed last turn again. */
  onRetry(): void;
}

export class ChatView {
  readonly form = byId<HTMLFormElement>('composer');
  readonly input = byId<HTMLTextAreaElement>('message');
  readonly send = byId<HTMLButtonElement>('send');
  readonly stop = byId<HTMLButtonElement>('stop');
  readonly newChat = byId<HTMLButtonElement>('new-chat');
  private readonly log = byId<HTMLElement>('conversation');
  private readonly empty = byId<HTMLElement>('empty-state');
  private readonly offlineBadge = byId<HTMLElement>('provider-badge');
  private readonly serviceStatus = byId<HTMLElement>('service-status');
  private readonly account = byId<HTMLElement>('account');
  private readonly signedInUser = byId<HTMLElement>('signed-in-user');
  private readonly signOut = byId<HTMLAnchorElement>('sign-out');
  private readonly hint = byId<HTMLElement>('composer-hint');
  private readonly defaultHint = this.hint.textContent ?? '';
  private busy = false;
  private paused = false;
  private articles: HTMLElement[] = [];
  private frame?: number;
  private queued?: { index: number; turn: AssistantTurn };

  constructor(private readonly handlers: ViewHandlers) {}

  /** Draws the whole conversation (page load, new chat, retry). */
  renderAll(turns: readonly Turn[]): void {
    this.cancelFrame();
    this.articles = turns.map((turn, index) => this.fill(document.createElement('article'), turn, index === turns.length - 1));
    this.log.replaceChildren(...this.articles);
    this.empty.hidden = turns.length > 0;
    this.scrollToEnd(true);
  }

  /** Adds a turn at the end. */
  append(turn: Turn): void {
    const previous = this.articles.length - 1;
    const article = this.fill(document.createElement('article'), turn, true);
    this.articles.push(article);
    this.log.append(article);
    // The turn before is no longer the last: a Retry it showed no longer applies.
    this.articles[previous]?.querySelector('.retry')?.remove();
    this.empty.hidden = true;
    this.scrollToEnd(true);
  }

  /** Redraws the last turn now (its answer ended). */
  update(turn: Turn): void {
    this.cancelFrame();
    const article = this.articles[this.articles.length - 1];
    if (!article) return;
    const follow = this.nearEnd();
    this.fill(article, turn, true);
    this.scrollToEnd(follow);
  }

  /** Redraws the streaming answer at the next animation frame. */
  scheduleUpdate(turn: AssistantTurn): void {
    this.queued = { index: this.articles.length - 1, turn };
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      const queued = this.queued;
      this.queued = undefined;
      if (queued && queued.index === this.articles.length - 1) this.update(queued.turn);
    });
  }

  /** While an answer streams: Stop instead of Send, and the log is marked busy. */
  setBusy(busy: boolean): void {
    this.busy = busy;
    this.send.hidden = busy;
    this.stop.hidden = !busy;
    this.log.setAttribute('aria-busy', String(busy));
    this.renderSend();
  }

  showOffline(offline: boolean): void {
    this.offlineBadge.hidden = !offline;
  }

  /** Shows who is signed in and the sign-out link (text only: the name is the IdP's). */
  showAccount(user: { readonly label: string; readonly email?: string } | undefined, signOutUrl: string | undefined): void {
    this.account.hidden = user === undefined && signOutUrl === undefined;
    this.signedInUser.hidden = user === undefined;
    this.signedInUser.textContent = user === undefined ? '' : `Signed in as ${user.label}`;
    this.signedInUser.title = user?.email ?? user?.label ?? '';
    this.signOut.hidden = signOutUrl === undefined;
    if (signOutUrl !== undefined) this.signOut.href = signOutUrl;
  }

  /**
   * Says why the service cannot answer yet (a notice under the header), and the composer says
   * that sending waits for it; undefined puts both back. The text box stays usable: what the
   * user types is sent once the service is ready.
   */
  showNotReady(reason: string | undefined): void {
    this.paused = reason !== undefined;
    this.serviceStatus.hidden = !this.paused;
    this.serviceStatus.textContent = this.paused ? `The chatbot cannot answer yet: ${reason}` : '';
    this.hint.textContent = this.paused ? 'Sending is paused until the service is ready (see the notice above); this page checks again by itself.' : this.defaultHint;
    this.hint.classList.toggle('composer-hint-paused', this.paused);
    this.renderSend();
  }

  /** Puts the cursor back in the message box unless the user moved on to something else. */
  restoreFocus(force = false): void {
    const active = document.activeElement;
    if (force || !active || active === document.body || active === this.stop || active === this.send) this.input.focus();
  }

  private renderSend(): void {
    this.send.disabled = this.busy || this.paused;
  }

  private fill(article: HTMLElement, turn: Turn, isLast: boolean): HTMLElement {
    article.className = `turn turn-${turn.role}`;
    const who = element('span', 'visually-hidden', turn.role === 'user' ? 'You said:' : 'Answer:');
    const body = element('div', 'turn-body');
    if (turn.role === 'user') {
      body.textContent = turn.content;
      article.replaceChildren(who, body);
      return article;
    }
    article.dataset.status = turn.status;
    body.classList.add('markdown');
    body.innerHTML = renderMarkdown(turn.content);
    article.replaceChildren(who, body, this.meta(turn));
    if (turn.status === 'error' && turn.error) article.append(this.errorBox(turn.error.message, isLast && turn.error.retryable));
    return article;
  }

  /** "model · fallback", the offline badge, or the answer's state. */
  private meta(turn: AssistantTurn): HTMLElement {
    const footer = element('footer', 'turn-meta');
    if (turn.status === 'streaming') footer.append(element('span', 'status status-streaming', 'Answering…'));
    if (turn.model) footer.append(element('span', 'model', turn.model));
    if (turn.fallback) footer.append(element('span', 'fallback', ' · fallback'));
    if (turn.model === OFFLINE_MODEL_ID) footer.append(element('span', 'badge badge-offline', 'Offline provider'));
    if (turn.status === 'stopped') footer.append(element('span', 'status status-stopped', 'Stopped'));
    return footer;
  }

  private errorBox(message: string, canRetry: boolean): HTMLElement {
    const box = element('div', 'turn-error');
    box.setAttribute('role', 'alert');
    box.append(element('p', 'turn-error-message', message));
    if (canRetry) {
      const retry = element('button', 'retry', 'Retry');
      retry.type = 'button';
      retry.addEventListener('click', () => this.handlers.onRetry());
      box.append(retry);
    }
    return box;
  }

  private nearEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 48;
  }

  /** Follows the answer only if the reader was at the end: reading back is not interrupted. */
  private scrollToEnd(follow: boolean): void {
    if (follow) this.log.scrollTop = this.log.scrollHeight;
  }

  private cancelFrame(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.queued = undefined;
  }
}

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`index.html has no #${id}`);
  return found as T;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.className = className;
  if (text !== undefined) created.textContent = text;
  return created;
}
