/**
 * A small Server-Sent Events reader for a fetch response body. EventSource cannot POST a body,
 * so the UI reads `text/event-stream` itself: lines end in LF, CR or CRLF (split anywhere across
 * chunks), `data:` lines join with LF, a blank line dispatches, comments (`: keep-alive`) and
 * `id`/`retry` fields are ignored, and an event cut off by the end of the stream is dropped, as
 * the WHATWG parsing rules say.
 */

export interface SseMessage {
  /** The `event:` field; `message` when absent. */
  readonly event: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
}

export class SseParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];
  private started = false;

  /** Feeds decoded text; returns the events it completed. */
  push(text: string): SseMessage[] {
    let input = this.buffer + text;
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) input = input.slice(1); // a byte order mark is not data
    }
    const messages: SseMessage[] = [];
    let start = 0;
    for (let i = 0; i < input.length; i++) {
      const char = input[i];
      if (char !== '\n' && char !== '\r') continue;
      // A CR at the end of the input may be the first half of a CRLF: wait for the next chunk.
      if (char === '\r' && i === input.length - 1) break;
      this.line(input.slice(start, i), messages);
      if (char === '\r' && input[i + 1] === '\n') i++;
      start = i + 1;
    }
    this.buffer = input.slice(start);
    return messages;
  }

  private line(line: string, messages: SseMessage[]): void {
    if (line === '') {
      if (this.data.length > 0) messages.push({ event: this.event || 'message', data: this.data.join('\n') });
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
  }
}

/** Yields the events of a `text/event-stream` body as they arrive. */
export async function* readEventStream(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(decoder.decode(value, { stream: true }));
    }
    yield* parser.push(decoder.decode());
  } finally {
    // Also when the caller stops reading early: cancelling closes the connection, so the server
    // sees the client leave instead of streaming into a body nobody reads.
    reader.cancel().catch(() => undefined);
  }
}
