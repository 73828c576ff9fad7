/**
 * A loopback fake of the Bedrock runtime `ConverseStream` API for the REAL
 * `@aws-sdk/client-bedrock-runtime` client (endpoint override, dummy credentials).
 *
 * It speaks cleartext HTTP/2 (h2c) only: the client's default request handler is
 * `NodeHttp2Handler` for every operation, and for an `http://` endpoint it calls
 * `http2.connect('http://…')`, i.e. HTTP/2 with prior knowledge, never HTTP/1.1.
 *
 * Each request takes the next scenario scripted for its model id (from the path
 * `/model/<id>/converse-stream`), and is recorded: path, headers, JSON body, and whether the
 * client closed the stream before the fake had finished (a client abort).
 */
import { once } from 'node:events';
import * as http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { AnswerScenario, FakeScenario, ReplayScenario, answer, answerFrames, exceptionFrame } from './fake-bedrock-scenarios';

/** What the fake saw of one request. Mutable: the close fields are set when the stream ends. */
export interface FakeBedrockRequest {
  readonly modelId: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The JSON request body (ConverseStream input without the model id). */
  readonly body: any;
  readonly scenario: FakeScenario['kind'];
  /** The HTTP/2 stream has closed, for whatever reason. */
  closed: boolean;
  /** The fake sent its whole scripted response (false when cut or when the client left). */
  completed: boolean;
  /** The client reset or abandoned the stream before the fake had finished answering. */
  closedByClient: boolean;
  /** The RST_STREAM code the stream closed with (0 = NO_ERROR). */
  rstCode?: number;
}

const PATH = /^\/model\/([^/]+)\/converse-stream$/;
const EVENT_STREAM = 'application/vnd.amazon.eventstream';

export class FakeBedrock {
  /** Starts the fake on 127.0.0.1 with a free port. */
  static async start(): Promise<FakeBedrock> {
    const server = http2.createServer();
    const fake = new FakeBedrock(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  /** Every request in arrival order. */
  readonly requests: FakeBedrockRequest[] = [];
  private readonly queues = new Map<string, FakeScenario[]>();
  private readonly defaults = new Map<string, FakeScenario>();
  private readonly sessions = new Set<http2.ServerHttp2Session>();

  private constructor(private readonly server: http2.Http2Server) {
    server.on('session', (session) => {
      this.sessions.add(session);
      session.on('close', () => this.sessions.delete(session));
    });
    server.on('stream', (stream, headers) => void this.handle(stream, headers));
  }

  /** The endpoint override for the SDK client. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues scenarios for `modelId`, served one per request in order. */
  script(modelId: string, ...scenarios: FakeScenario[]): this {
    this.queues.set(modelId, [...(this.queues.get(modelId) ?? []), ...scenarios]);
    return this;
  }

  /** What `modelId` answers once its queue is empty. @default a short normal answer */
  always(modelId: string, scenario: FakeScenario): this {
    this.defaults.set(modelId, scenario);
    return this;
  }

  /** The requests made for one model. */
  requestsFor(modelId: string): FakeBedrockRequest[] {
    return this.requests.filter((request) => request.modelId === modelId);
  }

  /** Forgets scripts and recorded requests (between tests). */
  reset(): void {
    this.requests.length = 0;
    this.queues.clear();
    this.defaults.clear();
  }

  /** Destroys open sessions (a client may still hold one) and stops listening. */
  async close(): Promise<void> {
    for (const session of this.sessions) session.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private nextScenario(modelId: string): FakeScenario {
    return this.queues.get(modelId)?.shift() ?? this.defaults.get(modelId) ?? answer(['Hello', ' from the fake.']);
  }

  private async handle(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): Promise<void> {
    const path = String(headers[':path'] ?? '');
    const match = PATH.exec(path);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (!match || headers[':method'] !== 'POST') {
      respondError(stream, 404, 'UnknownOperationException', `The fake has no route for ${String(headers[':method'])} ${path}`);
      return;
    }
    const modelId = decodeURIComponent(match[1]!);
    const scenario = this.nextScenario(modelId);
    const text = Buffer.concat(chunks).toString('utf8');
    const record: FakeBedrockRequest = {
      modelId,
      method: String(headers[':method']),
      path,
      headers: flatHeaders(headers),
      body: text ? JSON.parse(text) : undefined,
      scenario: scenario.kind,
      closed: false,
      completed: false,
      closedByClient: false,
    };
    this.requests.push(record);
    // Node emits 'aborted' when the peer resets the stream before the fake ended its response:
    // the client leaving (NodeHttp2Handler sends RST_STREAM CANCEL on abort). Node then ends the
    // writable side itself, so `writableEnded` cannot tell a finished answer from an abandoned one.
    const state = { cut: false };
    const gone = new AbortController();
    stream.on('aborted', () => {
      if (!state.cut) record.closedByClient = true;
    });
    // A reset stream emits 'error' (ERR_HTTP2_STREAM_ERROR); the close handler records the end.
    stream.on('error', () => undefined);
    stream.on('close', () => {
      record.closed = true;
      record.rstCode = stream.rstCode;
      record.completed = !record.closedByClient && !state.cut;
      gone.abort();
    });
    try {
      if (scenario.kind === 'error') respondError(stream, scenario.status, scenario.errorType, scenario.message);
      else if (scenario.kind === 'replay') await replay(stream, scenario, gone.signal);
      else await streamAnswer(stream, scenario, state, gone.signal);
    } catch {
      // The client went away while the fake was pausing: recorded by the close handler.
    }
  }
}

function respondError(stream: http2.ServerHttp2Stream, status: number, errorType: string | undefined, message: string): void {
  stream.respond({
    ':status': status,
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` } : {}),
  });
  stream.end(JSON.stringify({ message }));
}

function respondEventStream(stream: http2.ServerHttp2Stream): void {
  stream.respond({ ':status': 200, 'content-type': EVENT_STREAM, 'x-amzn-requestid': `fake-${Date.now()}` });
}

/**
 * A scenario's frames, encoded once: scenarios are immutable and their frames deterministic, and
 * the load benchmark serves thousands of answers a second from this fake on the same cores as
 * the servers it measures.
 */
const encodedFrames = new WeakMap<AnswerScenario, Uint8Array[]>();
function framesOf(scenario: AnswerScenario): Uint8Array[] {
  let frames = encodedFrames.get(scenario);
  if (!frames) {
    frames = answerFrames(scenario);
    encodedFrames.set(scenario, frames);
  }
  return frames;
}

/** Streams the answer's frames; sets `state.cut` when it resets the stream on purpose. */
async function streamAnswer(stream: http2.ServerHttp2Stream, scenario: AnswerScenario, state: { cut: boolean }, gone: AbortSignal): Promise<void> {
  respondEventStream(stream);
  const frames = framesOf(scenario);
  if (scenario.firstFrameDelayMs) await sleep(scenario.firstFrameDelayMs, undefined, { signal: gone });
  for (const [index, frame] of frames.entries()) {
    if (scenario.cutAfterFrames === index) {
      // RST_STREAM drops DATA still queued in the session, so let the frames already written
      // reach the client first: it must see the text, then the cut.
      await new Promise<void>((resolve) => stream.write(new Uint8Array(0), () => resolve()));
      await sleep(20, undefined, { signal: gone });
      state.cut = true;
      stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      return;
    }
    if (scenario.exceptionAfterFrames?.frames === index) {
      const { type, message } = scenario.exceptionAfterFrames;
      stream.end(exceptionFrame(type, message));
      return;
    }
    if (index > 0 && scenario.frameDelayMs) await sleep(scenario.frameDelayMs, undefined, { signal: gone });
    if (gone.aborted) return;
    stream.write(frame);
  }
  stream.end();
}

async function replay(stream: http2.ServerHttp2Stream, scenario: ReplayScenario, gone: AbortSignal): Promise<void> {
  respondEventStream(stream);
  const size = scenario.pieceBytes ?? scenario.body.length;
  for (let offset = 0; offset < scenario.body.length && !gone.aborted; offset += size) {
    stream.write(scenario.body.subarray(offset, offset + size));
    // A macrotask between pieces so they leave as separate DATA frames.
    if (scenario.pieceBytes) await sleep(0, undefined, { signal: gone });
  }
  stream.end();
}

function flatHeaders(headers: http2.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}
