/** A real pino logger whose JSON lines the test can read back. */
import { Writable } from 'node:stream';
import type { LogLevel } from '../../src/config';
import { Logger, createLogger } from '../../src/logger';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line so far, parsed. */
  lines(): Array<Record<string, unknown>>;
}

export function captureLogs(level: LogLevel = 'info'): CapturedLogs {
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      callback();
    },
  });
  return { logger: createLogger({ level, destination }), lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
