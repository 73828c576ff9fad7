/** Reads Server-Sent Events from a fetch Response, the way the web UI does. */

export interface SseEvent {
  readonly event: string;
  readonly data: any;
}

/** Parses a complete SSE text into events (comments are returned as event `comment`). */
export function parseSse(text: string): SseEvent[] {
  return text.split('\n\n').filter((block) => block.trim() !== '').map((block) => {
    const lines = block.split('\n');
    if (lines.every((line) => line.startsWith(':'))) return { event: 'comment', data: lines.join('\n') };
    const event = lines.find((line) => line.startsWith('event: '))?.slice(7) ?? 'message';
    const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
    return { event, data: JSON.parse(data) };
  });
}

/** Yields events as they arrive. */
export async function* readSse(response: Response): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end + 2);
      buffer = buffer.slice(end + 2);
      yield* parseSse(block);
    }
  }
}
