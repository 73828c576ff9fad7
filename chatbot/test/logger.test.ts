import { Writable } from 'node:stream';
import { ROOT_CONTEXT, TraceFlags, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import { createLogger, traceFields } from '../src/logger';

describe('logger', () => {
  it('takes trace_id and span_id from the active span', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED,
    });
    expect(traceFields(ctx)).to.deep.equal({ trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331', trace_flags: '01' });
  });

  it('adds nothing without a valid span', () => {
    expect(traceFields(ROOT_CONTEXT)).to.deep.equal({});
    const invalid = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    expect(traceFields(invalid)).to.deep.equal({});
  });

  it('writes JSON lines with string levels and child fields', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(chunk.toString());
        callback();
      },
    });
    createLogger({ level: 'info', destination }).child({ request_id: 'abc' }).info({ status: 200 }, 'request');
    const line = JSON.parse(lines[0]!);
    expect(line).to.include({ level: 'info', service: 'chatbot', request_id: 'abc', status: 200, msg: 'request' });
    expect(line.time).to.match(/^\d{4}-\d\d-\d\dT/);
  });
});
