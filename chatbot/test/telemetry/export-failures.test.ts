import type { PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { AggregationTemporality, InstrumentType } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { expect } from 'chai';
import { ExportFailureLog } from '../../src/telemetry/export-failures';
import { CapturedTelemetryLog } from '../support/test-telemetry';

type Result = Parameters<Parameters<SpanExporter['export']>[1]>[0];
const OK = { code: 0 } as Result;
const FAILED = { code: 1, error: new Error('connect ECONNREFUSED') } as Result;

/** A span exporter answering each export with the next of `results`. */
function scriptedSpanExporter(results: Result[]): SpanExporter {
  return {
    export: (_spans, done) => done(results.shift()!),
    shutdown: () => Promise.resolve(),
  };
}

describe('ExportFailureLog', () => {
  let now: number;
  let log: CapturedTelemetryLog;
  let failures: ExportFailureLog;

  beforeEach(() => {
    now = 0;
    log = new CapturedTelemetryLog();
    failures = new ExportFailureLog(log, 60000, () => now);
  });

  it('logs the first failure of a signal, then at most one line per interval with the count in between', () => {
    failures.record('traces', new Error('first'));
    now = 30000;
    failures.record('traces', new Error('second'));
    failures.record('traces', new Error('third'));
    expect(log.lines).to.have.length(1);
    expect(log.lines[0]!.fields).to.deep.equal({ signal: 'traces', err: 'first', failures_since_last_line: 0 });

    now = 60000;
    failures.record('traces', new Error('fourth'));
    expect(log.lines).to.have.length(2);
    expect(log.lines[1]!.fields).to.deep.equal({ signal: 'traces', err: 'fourth', failures_since_last_line: 2 });
    expect(log.lines[1]!.message).to.match(/telemetry export failed \(traces\)/);
  });

  it('limits each signal on its own', () => {
    failures.record('traces', undefined);
    failures.record('metrics', undefined);
    failures.record('metrics', undefined);
    expect(log.lines.map((line) => line.fields.signal)).to.deep.equal(['traces', 'metrics']);
    expect(log.lines[0]!.fields.err).to.equal('unknown error');
  });

  it('never throws, even when the log destination does', () => {
    const throwing = new ExportFailureLog({ warn: () => { throw new Error('stdout closed'); } }, 1000);
    expect(() => throwing.record('traces', new Error('x'))).not.to.throw();
    expect(() => new ExportFailureLog(undefined, 1000).record('metrics', undefined)).not.to.throw();
  });

  it('wraps a span exporter: results pass through unchanged, only failures are recorded', () => {
    const exporter = failures.spanExporter(scriptedSpanExporter([OK, FAILED]));
    const results: Result[] = [];
    exporter.export([] as ReadableSpan[], (result) => results.push(result));
    expect(log.lines).to.have.length(0);
    exporter.export([] as ReadableSpan[], (result) => results.push(result));
    expect(results).to.deep.equal([OK, FAILED]);
    expect(log.lines.map((line) => line.fields)).to.deep.equal([{ signal: 'traces', err: 'connect ECONNREFUSED', failures_since_last_line: 0 }]);
  });

  it('wraps a metric exporter and keeps its temporality choice (delta, as the metric contract asks)', async () => {
    let flushed = false;
    const inner: PushMetricExporter = {
      export: (_metrics, done) => done(FAILED),
      forceFlush: async () => {
        flushed = true;
      },
      shutdown: () => Promise.resolve(),
      selectAggregationTemporality: () => AggregationTemporality.DELTA,
    };
    const exporter = failures.metricExporter(inner);
    exporter.export({} as ResourceMetrics, () => undefined);
    await exporter.forceFlush();
    expect(flushed).to.equal(true);
    expect(exporter.selectAggregationTemporality!(InstrumentType.COUNTER)).to.equal(AggregationTemporality.DELTA);
    expect(exporter.selectAggregation).to.equal(undefined);
    expect(log.lines.map((line) => line.fields.signal)).to.deep.equal(['metrics']);
  });
});
