import { BedrockRuntimeClient, ConverseStreamCommand, type ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import { EventStreamCodec, type MessageHeaderValue } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { expect } from 'chai';
import { codecVectors, recordedAnswer, recordedInvalidModel, replayRecordedAnswer } from './bedrock-fixtures';
import { FakeBedrock } from './fake-bedrock';
import { fakeBedrockClient } from './fake-bedrock-client';
import { answer, throttled } from './fake-bedrock-scenarios';
import { waitFor } from './wait-for';

const codec = new EventStreamCodec(toUtf8, fromUtf8);
const MODEL = 'us.amazon.nova-micro-v1:0';

/** A header as the vectors' JSON spells it: the wire type number and a JSON-friendly value. */
function vectorHeader(header: MessageHeaderValue): { type: number; value: unknown } {
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
  switch (header.type) {
    case 'boolean': return { type: header.value ? 0 : 1, value: header.value };
    case 'byte': return { type: 2, value: header.value };
    case 'short': return { type: 3, value: header.value };
    case 'integer': return { type: 4, value: header.value };
    case 'long': return { type: 5, value: Number(header.value.valueOf()) };
    case 'binary': return { type: 6, value: base64(header.value) };
    case 'string': return { type: 7, value: base64(fromUtf8(header.value)) };
    case 'timestamp': return { type: 8, value: header.value.getTime() };
    case 'uuid': return { type: 9, value: base64(Buffer.from(header.value.replace(/-/g, ''), 'hex')) };
  }
}

async function events(client: BedrockRuntimeClient, modelId = MODEL, signal?: AbortSignal): Promise<ConverseStreamOutput[]> {
  const command = new ConverseStreamCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'What is the capital of France?' }] }] });
  const output = await client.send(command, { abortSignal: signal });
  const seen: ConverseStreamOutput[] = [];
  for await (const event of output.stream!) seen.push(event);
  return seen;
}

describe('event-stream codec vectors (aws-sdk-go testdata)', () => {
  for (const vector of codecVectors('positive')) {
    it(`decodes ${vector.name} and re-encodes it byte for byte`, () => {
      const expected = JSON.parse(vector.decoded);
      const message = codec.decode(vector.encoded);
      expect(Object.entries(message.headers).map(([name, header]) => ({ name, ...vectorHeader(header) }))).to.deep.equal(expected.headers);
      expect(Buffer.from(message.body).toString('base64')).to.equal(expected.payload);
      expect(vector.encoded.length).to.equal(expected.total_length);
      expect(vector.encoded.readInt32BE(vector.encoded.length - 4)).to.equal(expected.message_crc);
      // The fake encodes its frames with this codec: it must write exactly what AWS writes.
      expect(Buffer.compare(Buffer.from(codec.encode(message)), vector.encoded)).to.equal(0);
    });
  }

  for (const vector of codecVectors('negative')) {
    it(`rejects ${vector.name}`, () => {
      // The vectors name the first check Go's decoder fails; the smithy decoder checks the total
      // length before the prelude checksum, so a corrupted length fails there.
      const pattern = /prelude/i.test(vector.decoded) ? /prelude checksum|message length/i : /message checksum/i;
      expect(() => codec.decode(vector.encoded)).to.throw(pattern);
    });
  }
});

describe('FakeBedrock (HTTP/2 ConverseStream for the real SDK client)', () => {
  let fake: FakeBedrock;
  let client: BedrockRuntimeClient;

  before(async () => {
    fake = await FakeBedrock.start();
    client = fakeBedrockClient(fake);
  });
  beforeEach(() => fake.reset());
  after(async () => {
    client.destroy();
    await fake.close();
  });

  it('replays the recorded Bedrock answer and the SDK yields the recorded events', async () => {
    const recorded = recordedAnswer();
    fake.script(MODEL, replayRecordedAnswer());
    const seen = await events(client);
    expect(seen.map((event) => Object.keys(event)[0])).to.deep.equal(recorded.frames.map((frame) => frame.headers[':event-type']));
    expect(seen.map((event) => event.contentBlockDelta?.delta?.text ?? '').join('')).to.equal(recorded.text);
    expect(recorded.text).to.match(/^The capital of France is Paris\./);
    expect(seen.find((event) => event.messageStop)?.messageStop?.stopReason).to.equal('end_turn');
    expect(seen.find((event) => event.metadata)?.metadata?.usage).to.include({ inputTokens: 13, outputTokens: 82, totalTokens: 95 });
  });

  it('streams scripted frames the SDK decodes, and records the signed HTTP/2 request', async () => {
    fake.script(MODEL, answer(['Hello', ', world'], { usage: { inputTokens: 3, outputTokens: 2 } }));
    const seen = await events(client);
    expect(seen).to.deep.equal([
      { messageStart: { role: 'assistant' } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'Hello' } } },
      { contentBlockDelta: { contentBlockIndex: 0, delta: { text: ', world' } } },
      { contentBlockStop: { contentBlockIndex: 0 } },
      { messageStop: { stopReason: 'end_turn' } },
      { metadata: { usage: { inputTokens: 3, outputTokens: 2, totalTokens: 5 }, metrics: { latencyMs: 42 } } },
    ]);
    const [request] = fake.requests;
    expect(request!.path).to.equal('/model/us.amazon.nova-micro-v1%3A0/converse-stream');
    expect(request!.modelId).to.equal(MODEL);
    // HTTP/2 pseudo-headers: the SDK spoke h2c to the http:// endpoint.
    expect(request!.headers[':scheme']).to.equal('http');
    expect(request!.headers.authorization).to.match(/^AWS4-HMAC-SHA256 Credential=AKIDFAKEFAKEFAKE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=.+, Signature=[0-9a-f]{64}$/);
    expect(request!.headers['amz-sdk-request']).to.equal('attempt=1; max=1');
    expect(request!.body).to.deep.equal({ messages: [{ role: 'user', content: [{ text: 'What is the capital of France?' }] }] });
    await waitFor(() => request!.closed);
    expect(request).to.include({ completed: true, closedByClient: false });
  });

  it('answers a scripted error with its status and x-amzn-errortype, as Bedrock does', async () => {
    fake.script(MODEL, throttled());
    const error = await events(client).then(() => undefined, (err: unknown) => err as { name: string; $metadata: { httpStatusCode: number } });
    expect(error?.name).to.equal('ThrottlingException');
    expect(error?.$metadata.httpStatusCode).to.equal(429);
  });

  it('replays the recorded 400 for an unknown model id (no error type header)', async () => {
    fake.script('us.does-not-exist-model-v1:0', recordedInvalidModel());
    const error = await events(client, 'us.does-not-exist-model-v1:0').then(() => undefined, (err: unknown) => err as Error & { $metadata: { httpStatusCode: number } });
    expect(error?.message).to.equal('The provided model identifier is invalid.');
    expect(error?.$metadata.httpStatusCode).to.equal(400);
  });

  it('serves the queue in order per model, then the default answer', async () => {
    fake.script(MODEL, answer(['one']), answer(['two']));
    const texts: string[] = [];
    for (let i = 0; i < 3; i++) texts.push((await events(client)).map((event) => event.contentBlockDelta?.delta?.text ?? '').join(''));
    expect(texts).to.deep.equal(['one', 'two', 'Hello from the fake.']);
  });

  it('cuts the stream after N frames, and sends exception frames the SDK throws', async () => {
    fake.script(MODEL, answer(['a', 'b', 'c'], { cutAfterFrames: 2 }));
    const seen: ConverseStreamOutput[] = [];
    const command = new ConverseStreamCommand({ modelId: MODEL, messages: [{ role: 'user', content: [{ text: 'hi' }] }] });
    const ending = await (async () => {
      for await (const event of (await client.send(command)).stream!) seen.push(event);
    })().then(() => 'ended', (err: Error) => err.message);
    // The frames before the cut arrive; then, depending on timing, the SDK either throws the
    // RST_STREAM or ends the stream quietly, without messageStop. (The provider handles both.)
    expect(seen).to.deep.equal([{ messageStart: { role: 'assistant' } }, { contentBlockDelta: { contentBlockIndex: 0, delta: { text: 'a' } } }]);
    expect(ending).to.match(/^ended$|NGHTTP2_INTERNAL_ERROR/);
    expect(fake.requests[0]).to.include({ completed: false, closedByClient: false });
    fake.script(MODEL, answer(['a', 'b'], { exceptionAfterFrames: { frames: 2, type: 'modelStreamErrorException', message: 'boom' } }));
    expect(await events(client).then(() => 'ended', (err: Error) => err.name)).to.equal('ModelStreamErrorException');
  });

  it('records a client abort as the stream closed by the client', async () => {
    fake.script(MODEL, answer(Array.from({ length: 100 }, (_, i) => `w${i} `), { frameDelayMs: 20 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await events(client, MODEL, controller.signal).catch(() => undefined);
    await waitFor(() => fake.requests[0]!.closed, 1000);
    expect(fake.requests[0]).to.include({ closedByClient: true, completed: false });
  });
});
