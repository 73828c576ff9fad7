import { expect } from 'chai';
import { SseMessage, SseParser, readEventStream } from '../../ui/sse';

/** Feeds `chunks` one by one and returns every event. */
function parse(...chunks: string[]): SseMessage[] {
  const parser = new SseParser();
  return chunks.flatMap((chunk) => parser.push(chunk));
}

function streamOf(...chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}

describe('ui/sse', () => {
  it('parses named events and skips comments', () => {
    expect(parse(': keep-alive\n\nevent: delta\ndata: {"text":"Hi"}\n\nevent: done\ndata: {}\n\n')).to.deep.equal([
      { event: 'delta', data: '{"text":"Hi"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('handles events split anywhere across chunks, including inside CRLF', () => {
    const text = 'event: delta\r\ndata: {"text":"a"}\r\n\r\nevent: delta\rdata: {"text":"b"}\r\revent: done\ndata: {}\n\n';
    const whole = parse(text);
    expect(whole.map((message) => message.data)).to.deep.equal(['{"text":"a"}', '{"text":"b"}', '{}']);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse(text.slice(0, cut), text.slice(cut)), `split at ${cut}`).to.deep.equal(whole);
    }
    expect(parse(...text.split(''))).to.deep.equal(whole);
  });

  it('joins data lines, defaults the event name, strips one space and a leading BOM', () => {
    expect(parse('\uFEFFdata:  two spaces\ndata:x\nid: 7\nretry: 10\n\n')).to.deep.equal([{ event: 'message', data: ' two spaces\nx' }]);
  });

  it('dispatches nothing for an event without data or one cut off by the end', () => {
    expect(parse('event: delta\n\n')).to.deep.equal([]);
    expect(parse('event: delta\ndata: {"text":"half"}\n')).to.deep.equal([]);
  });

  it('reads a byte stream with multi-byte characters split between chunks', async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"héllo 👋"}\n\n');
    const cut = bytes.indexOf(0xf0) + 2; // inside the emoji's four bytes
    const events: SseMessage[] = [];
    for await (const event of readEventStream(streamOf(bytes.slice(0, cut), bytes.slice(cut)))) events.push(event);
    expect(events).to.deep.equal([{ event: 'delta', data: '{"text":"héllo 👋"}' }]);
  });

  it('cancels the body when the reader stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: tick\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const event of readEventStream(body)) {
      expect(event.data).to.equal('tick');
      break;
    }
    expect(cancelled).to.equal(true);
  });
});
