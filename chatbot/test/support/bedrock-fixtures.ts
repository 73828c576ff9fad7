/** The recorded Bedrock wire fixtures (test/fixtures/bedrock) and what they should decode to. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorScenario, ReplayScenario } from './fake-bedrock-scenarios';

export const BEDROCK_FIXTURES = join(__dirname, '..', 'fixtures', 'bedrock');
const RECORDED = join(BEDROCK_FIXTURES, 'recorded');
const VECTORS = join(BEDROCK_FIXTURES, 'eventstream-vectors');

/** One line of converse-stream-nova-micro.decoded.jsonl. */
export interface DecodedFrame {
  readonly total_length: number;
  readonly headers: Record<string, string>;
  readonly payload: any;
}

/** The recorded nova-micro answer: raw bytes, its frames, and the text and usage they carry. */
export function recordedAnswer(): {
  readonly bytes: Buffer;
  readonly frames: DecodedFrame[];
  readonly text: string;
  readonly stopReason: string;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number; readonly totalTokens: number };
} {
  const bytes = readFileSync(join(RECORDED, 'converse-stream-nova-micro.eventstream.bin'));
  const frames = readFileSync(join(RECORDED, 'converse-stream-nova-micro.decoded.jsonl'), 'utf8')
    .split('\n').filter(Boolean).map((line) => JSON.parse(line) as DecodedFrame);
  const ofType = (type: string) => frames.filter((frame) => frame.headers[':event-type'] === type);
  const { inputTokens, outputTokens, totalTokens } = ofType('metadata')[0]!.payload.usage;
  return {
    bytes,
    frames,
    text: ofType('contentBlockDelta').map((frame) => frame.payload.delta.text as string).join(''),
    stopReason: ofType('messageStop')[0]!.payload.stopReason,
    usage: { inputTokens, outputTokens, totalTokens },
  };
}

/** Serves the recorded answer verbatim, in odd-sized pieces so frames straddle HTTP/2 DATA frames. */
export function replayRecordedAnswer(pieceBytes = 97): ReplayScenario {
  return { kind: 'replay', body: recordedAnswer().bytes, pieceBytes };
}

/**
 * The recorded HTTP 400 for an unknown model id, read from the cassette (status and message). The
 * cassette carries no `x-amzn-errortype` header, so neither does the scenario.
 */
export function recordedInvalidModel(): ErrorScenario {
  const yaml = readFileSync(join(RECORDED, 'converse-stream-invalid-model-400.yaml'), 'utf8');
  const status = Number(/status:\s*\n\s*code: (\d+)/.exec(yaml)?.[1]);
  const message = /parsed_body:\s*\n\s*message: (.+)/.exec(yaml)?.[1]?.trim();
  if (!status || !message) throw new Error('converse-stream-invalid-model-400.yaml: status or message not found');
  return { kind: 'error', status, message };
}

/** The AWS event-stream codec vectors: name, encoded bytes, and the decoded JSON or error text. */
export function codecVectors(kind: 'positive' | 'negative'): Array<{ name: string; encoded: Buffer; decoded: string }> {
  return readdirSync(VECTORS)
    .filter((file) => file.startsWith(`encoded__${kind}__`))
    .map((file) => {
      const name = file.replace(/^encoded__\w+?__/, '').replace(/\.bin$/, '');
      return {
        name,
        encoded: readFileSync(join(VECTORS, file)),
        decoded: readFileSync(join(VECTORS, `decoded__${kind}__${name}.json`), 'utf8'),
      };
    });
}
