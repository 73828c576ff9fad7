/**
 * Malformed requests get a 4xx with a message naming the problem, never a 5xx: a table of
 * known-bad bodies, then a seeded fuzz loop of random ones.
 */
import { connect } from 'node:net';
import { expect } from 'chai';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { randomBody, seededRandom } from '../support/random-bodies';

interface BadCase {
  readonly name: string;
  readonly body: string | Uint8Array | object;
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly code: string;
  readonly message: RegExp;
}

const user = (content: unknown): object => ({ role: 'user', content });
const many = (count: number, content: string): object[] =>
  Array.from({ length: count }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content }));

const CASES: BadCase[] = [
  { name: 'wrong JSON', body: '{"messages": [}', status: 400, code: 'invalid_json', message: /^Body is not valid JSON: unexpected "}", expected a value at position 14$/ },
  { name: 'truncated JSON', body: '{"messages": [{"role": "user"', status: 400, code: 'invalid_json', message: /unexpected end of input.* at position 29/ },
  { name: 'trailing garbage', body: '{"messages":[]} x', status: 400, code: 'invalid_json', message: /expected end of input at position 16/ },
  { name: 'single quotes', body: "{'messages': []}", status: 400, code: 'invalid_json', message: /expected a property name in double quotes at position 1/ },
  { name: 'empty body', body: '', status: 400, code: 'empty_body', message: /Body is empty/ },
  { name: 'whitespace body', body: ' \n ', status: 400, code: 'empty_body', message: /Body is empty/ },
  { name: 'invalid UTF-8 bytes', body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), status: 400, code: 'invalid_utf8', message: /not valid UTF-8/ },
  { name: 'a JSON array', body: [], status: 400, code: 'invalid_request', message: /Body must be a JSON object .* \(got an array\)/ },
  { name: 'JSON null', body: 'null', status: 400, code: 'invalid_request', message: /\(got null\)/ },
  { name: 'a JSON number', body: '1e999', status: 400, code: 'invalid_request', message: /\(got a number\)/ },
  { name: 'no messages', body: {}, status: 400, code: 'invalid_request', message: /messages is required/ },
  { name: 'messages not an array', body: { messages: 'hi' }, status: 400, code: 'invalid_request', message: /^messages must be an array \(got a string\)$/ },
  { name: 'messages empty', body: { messages: [] }, status: 400, code: 'invalid_request', message: /must not be empty/ },
  { name: 'a message that is null', body: { messages: [user('a'), null] }, status: 400, code: 'invalid_request', message: /^messages\[1\] must be an object/ },
  { name: 'content a number', body: { messages: [user(42)] }, status: 400, code: 'invalid_request', message: /^messages\[0\]\.content must be a string \(got a number\)$/ },
  { name: 'content an object', body: { messages: [user({ text: 'hi' })] }, status: 400, code: 'invalid_request', message: /content must be a string \(got an object\)/ },
  { name: 'an unknown role', body: { messages: [{ role: 'system', content: 'x' }] }, status: 400, code: 'invalid_request', message: /^messages\[0\]\.role must be "user" or "assistant" \(got "system"\)$/ },
  { name: 'a missing role', body: { messages: [{ content: 'x' }] }, status: 400, code: 'invalid_request', message: /role must be "user" or "assistant" \(got nothing\)/ },
  { name: 'empty content', body: { messages: [user('   ')] }, status: 400, code: 'invalid_request', message: /^messages\[0\]\.content must not be empty$/ },
  { name: 'an unpaired surrogate', body: '{"messages":[{"role":"user","content":"ab\\ud800"}]}', status: 400, code: 'invalid_request', message: /not valid Unicode: unpaired surrogate at index 2/ },
  { name: 'an unknown field', body: { messages: [user('a')], stream: true }, status: 400, code: 'invalid_request', message: /Unknown field "stream"/ },
  { name: 'an unknown message field', body: { messages: [{ role: 'user', content: 'a', name: 'x' }] }, status: 400, code: 'invalid_request', message: /messages\[0\] has an unknown field "name"/ },
  { name: 'the assistant speaking last', body: { messages: many(2, 'a') }, status: 400, code: 'invalid_request', message: /messages\[1\]\.role must be "user"/ },
  { name: 'an unknown model', body: { ...ask('a'), model: 'gpt-9' }, status: 400, code: 'unknown_model', message: /model "gpt-9" is not available; use one of: local-offline/ },
  { name: 'a model that is no string', body: { ...ask('a'), model: 7 }, status: 400, code: 'invalid_request', message: /model must be a string/ },
  { name: '10k messages', body: { messages: many(10001, 'a') }, status: 400, code: 'too_many_messages', message: /messages has 10001 items; at most 50 are allowed/ },
  { name: 'a too-long message', body: ask('x'.repeat(8001)), status: 400, code: 'message_too_long', message: /messages\[0\]\.content is 8001 characters; at most 8000/ },
  { name: 'a too-long conversation', body: { messages: many(5, 'y'.repeat(7000)) }, status: 400, code: 'conversation_too_long', message: /is 35000 characters; at most 32000/ },
  { name: 'a body over the limit', body: ask('z'.repeat(1_100_000)), status: 413, code: 'body_too_large', message: /larger than 1048576 bytes/ },
  { name: 'a non-JSON content type', body: 'messages=hi', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type', message: /must be application\/json/ },
];

describe('POST /api/chat with bad input', () => {
  let app: AppHarness;
  before(async () => {
    // A 1 MiB body limit lets 10k messages reach the message-count check.
    app = await startApp({ env: { BODY_LIMIT_BYTES: '1048576', RATE_LIMIT_BURST: '1000000' } });
  });
  after(() => app.close());

  for (const badCase of CASES) {
    it(`answers ${badCase.status} ${badCase.code} for ${badCase.name}`, async () => {
      const response = await postChat(app.url, badCase.body, badCase.headers);
      const body = await response.json();
      expect(response.status).to.equal(badCase.status, JSON.stringify(body));
      expect(body.error.code).to.equal(badCase.code);
      expect(body.error.message).to.match(badCase.message);
      expect(body.error.requestId).to.equal(response.headers.get('x-request-id'));
    });
  }

  it('answers a bodiless POST (no Content-Length) with empty_body, not a content-type error', async () => {
    // Raw HTTP: fetch and http.request would add `Content-Length: 0`.
    const socket = connect(Number(new URL(app.url).port), '127.0.0.1');
    socket.end('POST /api/chat HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n');
    let raw = '';
    for await (const chunk of socket) raw += String(chunk);
    expect(raw).to.match(/^HTTP\/1\.1 400 /);
    expect(raw).to.contain('"code":"empty_body"');
  });

  it('refuses a chunked body that grows past the limit (no Content-Length) with 413', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${app.url}/api/chat`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream, duplex: 'half',
    } as RequestInit);
    expect(response.status).to.equal(413);
    expect((await response.json()).error.code).to.equal('body_too_large');
  });

  it('never answers 5xx to 2,000 random bodies, and still answers /healthz after', async function () {
    this.timeout(120000);
    const seed = Number(process.env.FUZZ_SEED ?? 20261122);
    const random = seededRandom(seed);
    const bodies = Array.from({ length: 2000 }, () => randomBody(random));
    const statuses = new Map<number, number>();
    for (let i = 0; i < bodies.length; i += 25) {
      await Promise.all(bodies.slice(i, i + 25).map(async (body, offset) => {
        const accept = (i + offset) % 2 === 0 ? 'application/json' : 'text/event-stream';
        const response = await postChat(app.url, body, { Accept: accept });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `seed ${seed}, body #${i + offset}: ${text.slice(0, 300)}`).to.be.below(500);
        if (response.status >= 400) expect(JSON.parse(text).error.message).to.be.a('string').and.not.equal('');
      }));
    }
    // The generator must reach both sides of the validator, or the loop proves little.
    expect(statuses.get(200) ?? 0).to.be.greaterThan(50);
    expect(statuses.get(400) ?? 0).to.be.greaterThan(500);
    expect((await fetch(`${app.url}/healthz`)).status).to.equal(200);
  });
});
