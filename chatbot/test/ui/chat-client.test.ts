import { once } from 'node:events';
import { Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { ChatStreamEvent, streamChat } from '../../ui/chat-client';
import { AppHarness, startApp } from '../support/app-harness';
import { SlowProvider } from '../support/fake-providers';

async function collect(events: AsyncIterable<ChatStreamEvent>): Promise<ChatStreamEvent[]> {
  const seen: ChatStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

const HELLO = [{ role: 'user' as const, content: 'Hello' }];

describe('ui/chat-client', () => {
  describe('against the app', () => {
    let app: AppHarness;
    before(async () => {
      app = await startApp({ env: { MAX_MESSAGE_CHARS: '10' } });
    });
    after(() => app.close());

    it('yields the deltas, then done with the model', async () => {
      const events = await collect(streamChat(app.url, HELLO, new AbortController().signal));
      expect(events.length).to.be.greaterThan(3);
      expect(events.slice(0, -1).every((event) => event.type === 'delta')).to.equal(true);
      expect(events[events.length - 1]).to.deep.equal({ type: 'done', model: 'local-offline', fallback: false });
    });

    it('turns a 400 refusal into an error with the server message, not retryable', async () => {
      const events = await collect(streamChat(app.url, [{ role: 'user', content: 'far more than ten' }], new AbortController().signal));
      expect(events).to.deep.equal([{ type: 'error', message: 'messages[0].content is 17 characters; at most 10 are allowed', retryable: false }]);
    });
  });

  it('throws only when the caller aborts, and the server sees the abort', async () => {
    const provider = new SlowProvider(20);
    const app = await startApp({ provider });
    try {
      const controller = new AbortController();
      const seen: ChatStreamEvent[] = [];
      let thrown: unknown;
      try {
        for await (const event of streamChat(app.url, HELLO, controller.signal)) {
          seen.push(event);
          if (seen.length === 2) controller.abort();
        }
      } catch (err) {
        thrown = err;
      }
      expect(thrown).to.be.instanceOf(Error);
      expect((thrown as Error).name).to.equal('AbortError');
      await provider.whenAborted();
    } finally {
      await app.close();
    }
  });

  describe('against a misbehaving server', () => {
    let server: Server;
    let url: string;
    let answer: (res: import('node:http').ServerResponse) => void;
    before(async () => {
      server = createServer((_req, res) => answer(res));
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }));

    it('reports a stream that ends before done', async () => {
      answer = (res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.end('event: delta\ndata: {"text":"Half"}\n\n');
      };
      expect(await collect(streamChat(url, HELLO, new AbortController().signal))).to.deep.equal([
        { type: 'delta', text: 'Half' },
        { type: 'error', message: 'The connection closed before the answer was complete.', retryable: true },
      ]);
    });

    it('reports a connection reset mid-stream', async () => {
      answer = (res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.write('event: delta\ndata: {"text":"Half"}\n\n', () => setTimeout(() => res.socket?.destroy(), 20));
      };
      const events = await collect(streamChat(url, HELLO, new AbortController().signal));
      expect(events[events.length - 1]).to.deep.include({ type: 'error', retryable: true });
    });

    it('keeps the status line when a 5xx is not JSON (a proxy page), and offers a retry', async () => {
      answer = (res) => {
        res.writeHead(502, 'Bad Gateway', { 'Content-Type': 'text/html' });
        res.end('<html>bad gateway</html>');
      };
      expect(await collect(streamChat(url, HELLO, new AbortController().signal))).to.deep.equal([
        { type: 'error', message: 'The server refused the request (502 Bad Gateway).', retryable: true },
      ]);
    });

    it('uses the error event message and its retryable flag', async () => {
      answer = (res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
        res.end(': keep-alive\n\nevent: error\ndata: {"code":"content_filtered","message":"Blocked.","retryable":false}\n\n');
      };
      expect(await collect(streamChat(url, HELLO, new AbortController().signal))).to.deep.equal([
        { type: 'error', message: 'Blocked.', retryable: false },
      ]);
    });

    it('refuses an answer that is not an event stream', async () => {
      answer = (res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<html></html>');
      };
      const events = await collect(streamChat(url, HELLO, new AbortController().signal));
      expect(events).to.have.length(1);
      expect(events[0]).to.deep.include({ type: 'error', retryable: true });
    });
  });

  it('reports a server that cannot be reached', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await collect(streamChat(`http://127.0.0.1:${port}`, HELLO, new AbortController().signal))).to.deep.equal([
      { type: 'error', message: 'Could not reach the chatbot service. Check your connection and try again.', retryable: true },
    ]);
  });
});
