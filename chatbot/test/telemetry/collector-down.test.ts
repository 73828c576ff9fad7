/**
 * A collector that is down must not slow or break chat. The real SDK exports to a receiver that
 * answers 503, to a port nobody listens on, and to a receiver that never answers, while the real
 * app streams answers; each answer must stay as fast as with telemetry off.
 */
import { expect } from 'chai';
import type { Telemetry } from '../../src/telemetry/sdk';
import { AppHarness, ask, postChat, startApp } from '../support/app-harness';
import { OtlpReceiver, closedPortUrl } from '../support/otlp-receiver';
import { parseSse } from '../support/sse';
import { CapturedTelemetryLog, startTestTelemetry } from '../support/test-telemetry';
import { waitFor } from '../support/wait-for';

const REQUESTS = 20;
/** No answer of the offline provider (no delay) may take longer, telemetry or not. */
const MAX_ANSWER_MS = 200;
/** Exports give up after this; shutdown must follow within a small margin. */
const EXPORT_TIMEOUT_MS = 500;
/** Enough rate-limit budget for every answer of a test. */
const UNLIMITED = { env: { RATE_LIMIT_BURST: '1000', RATE_LIMIT_PER_MINUTE: '100000' } };

/** Streams `count` answers one after the other; returns each one's duration in ms. */
async function timeAnswers(app: AppHarness, count: number): Promise<number[]> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await postChat(app.url, ask(`question ${i}`));
    expect(response.status, `answer ${i}`).to.equal(200);
    const events = parseSse(await response.text());
    durations.push(performance.now() - started);
    expect(events[events.length - 1]!.event, `answer ${i}`).to.equal('done');
  }
  return durations;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe('telemetry with the collector down', () => {
  let receiver: OtlpReceiver;
  let telemetry: Telemetry | undefined;
  let app: AppHarness | undefined;
  let baseline: number[];

  before(async () => {
    // Telemetry off: the reference latency, after one warm-up answer.
    const off = await startApp(UNLIMITED);
    try {
      await timeAnswers(off, 1);
      baseline = await timeAnswers(off, REQUESTS);
    } finally {
      await off.close();
    }
  });

  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
  });

  afterEach(async () => {
    await app?.close();
    await telemetry?.shutdown();
    await receiver.close();
    app = undefined;
    telemetry = undefined;
  });

  /** Starts telemetry exporting often (so exports run during the answers) and an app after it. */
  async function startWithTelemetry(endpoint: string, log = new CapturedTelemetryLog()): Promise<AppHarness> {
    telemetry = await startTestTelemetry(endpoint, {
      logger: log,
      exportTimeoutMs: EXPORT_TIMEOUT_MS,
      spanExportDelayMs: 10,
      maxExportBatchSize: 4,
      metricExportIntervalMs: 50,
    });
    app = await startApp(UNLIMITED);
    await timeAnswers(app, 1);
    return app;
  }

  for (const down of [
    { name: 'answers 503', mode: 'fail' as const },
    { name: 'never answers', mode: 'hang' as const },
    { name: 'is not listening', mode: 'closed' as const },
  ]) {
    it(`streams every answer as fast as with telemetry off when the collector ${down.name}`, async () => {
      const log = new CapturedTelemetryLog();
      if (down.mode !== 'closed') receiver.mode = down.mode;
      const endpoint = down.mode === 'closed' ? await closedPortUrl() : receiver.url;
      const started = await startWithTelemetry(endpoint, log);

      const durations = await timeAnswers(started, REQUESTS);

      expect(Math.max(...durations), `slowest answer (telemetry off: ${Math.max(...baseline).toFixed(1)} ms)`).to.be.lessThan(MAX_ANSWER_MS);
      expect(median(durations), 'median answer').to.be.lessThan(median(baseline) + 25);
      if (down.mode !== 'closed') expect(receiver.requests, 'exports were attempted').to.be.greaterThan(0);
      expect(receiver.spans).to.deep.equal([]);
      // Still serving after all those failed exports.
      expect((await fetch(`${started.url}/healthz`)).status).to.equal(200);

      const shutdownStarted = performance.now();
      await telemetry!.shutdown();
      telemetry = undefined;
      expect(performance.now() - shutdownStarted, 'shutdown time').to.be.lessThan(EXPORT_TIMEOUT_MS * 2 + 1000);
      // At most one line per signal, however many exports failed.
      const bySignal = log.lines.map((line) => line.fields.signal);
      expect(bySignal.filter((signal) => signal === 'traces').length).to.be.at.most(1);
      expect(bySignal.filter((signal) => signal === 'metrics').length).to.be.at.most(1);
      if (down.mode !== 'hang') expect(bySignal, 'the failure is logged').to.include('traces');
    });
  }

  it('keeps at most maxQueuedSpans spans while the collector hangs, then exports again when it is back', async () => {
    receiver.mode = 'hang';
    telemetry = await startTestTelemetry(receiver.url, {
      exportTimeoutMs: EXPORT_TIMEOUT_MS,
      spanExportDelayMs: 10,
      maxQueuedSpans: 6,
      maxExportBatchSize: 6,
    });
    app = await startApp(UNLIMITED);
    await timeAnswers(app, REQUESTS); // 40 spans: a chat span and a server span each
    receiver.mode = 'accept';
    // The hanging exports time out; what is left in the queue goes out now.
    await waitFor(() => {
      void telemetry!.forceFlush();
      return receiver.spans.length > 0;
    }, 5000);
    await telemetry.forceFlush();
    expect(receiver.spans.length).to.be.within(1, 6);

    await timeAnswers(app, 1);
    await waitFor(() => {
      void telemetry!.forceFlush();
      return receiver.spansNamed('chat local-offline').length > 0 && receiver.spans.length >= 2;
    }, 5000);
  });
});
