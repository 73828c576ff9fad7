/** Wraps a provider and keeps every request it was given, so tests can see what the page sent. */
import type { ChatDone, ChatProvider, ChatRequest, TextSink } from '../../../src/providers/chat-provider';

export class RecordingProvider implements ChatProvider {
  readonly requests: ChatRequest[] = [];

  constructor(private readonly inner: ChatProvider) {}

  get system(): ChatProvider['system'] {
    return this.inner.system;
  }

  get models(): readonly string[] {
    return this.inner.models;
  }

  answer(request: ChatRequest, onText: TextSink): Promise<ChatDone> {
    this.requests.push(request);
    return this.inner.answer(request, onText);
  }
}
