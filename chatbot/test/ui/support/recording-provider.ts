/** Wraps a provider and keeps every request it was given, so tests can see what the page sent. */
import type { ChatEvent, ChatProvider, ChatRequest } from '../../../src/providers/chat-provider';

export class RecordingProvider implements ChatProvider {
  readonly requests: ChatRequest[] = [];

  constructor(private readonly inner: ChatProvider) {}

  get system(): ChatProvider['system'] {
    return this.inner.system;
  }

  get models(): readonly string[] {
    return this.inner.models;
  }

  stream(request: ChatRequest): AsyncIterable<ChatEvent> {
    this.requests.push(request);
    return this.inner.stream(request);
  }
}
