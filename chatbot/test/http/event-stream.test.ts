import { once } from 'node:events';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { EventStream } from '../../src/http/event-stream';
import { parseSse } from '../support/sse';

/** Serves one event stream written by `write`, and returns what a client read. */
async function served(write: (stream: EventStream) => void): Promise<string> {
  const server: Server = createServer((_req, res) => {
    const stream = new EventStream(res, 60000);
    stream.start();
    write(stream);
    stream.end();
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    return await new Promise<string>((resolve, reject) => {
      get(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve(body));
      }).on('error', reject);
    });
  } finally {
    server.close();
  }
}

describe('EventStream', () => {
  // Quotes, backslashes, newlines (a raw one would end the data line), a NUL, U+2028, emoji.
  const texts = ['plain ', 'say "hi"', 'C:\\path\\', 'line\nbreak\r\n', 'nul\u0000', 'sep\u2028arator', '🙂 ünïcode', ''];

  it('writes a text delta exactly as send("delta", { text }) does, whatever the text holds', async () => {
    const viaSendText = await served((stream) => texts.forEach((text) => stream.sendText(text)));
    const viaSend = await served((stream) => texts.forEach((text) => stream.send('delta', { text })));
    expect(viaSendText).to.equal(viaSend);
    const events = parseSse(viaSendText);
    expect(events.map((event) => event.event)).to.deep.equal(texts.map(() => 'delta'));
    expect(events.map((event) => event.data.text)).to.deep.equal(texts);
  });

  it('writes nothing once the response has ended', async () => {
    const body = await served((stream) => {
      // It returns a promise only under backpressure, which a few bytes never meet: nothing to wait for.
      void stream.sendText('before');
      stream.end();
      expect(stream.open).to.equal(false);
      expect(stream.sendText('after')).to.equal(undefined);
    });
    expect(parseSse(body).map((event) => event.data.text)).to.deep.equal(['before']);
  });
});
