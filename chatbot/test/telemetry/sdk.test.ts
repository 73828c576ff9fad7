import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { metrics, trace } from '@opentelemetry/api';
import { expect } from 'chai';
import { Telemetry, startTelemetry } from '../../src/telemetry/sdk';
import { ask, postChat, startApp } from '../support/app-harness';
import { OtlpReceiver } from '../support/otlp-receiver';
import { startTestTelemetry, testTelemetryOptions } from '../support/test-telemetry';
import { waitFor } from '../support/wait-for';

const CHATBOT_DIR = resolve(__dirname, '..', '..');

describe('startTelemetry', () => {
  let receiver: OtlpReceiver;
  let telemetry: Telemetry | undefined;

  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
  });

  afterEach(async () => {
    await telemetry?.shutdown();
    telemetry = undefined;
    await receiver.close();
  });

  /** Serves one chat and waits a little longer than the test SDK's export delay. */
  async function chatOnce(): Promise<void> {
    const app = await startApp();
    try {
      const response = await postChat(app.url, ask('hello'), { Accept: 'application/json' });
      expect(response.status).to.equal(200);
      await response.arrayBuffer();
      await telemetry?.forceFlush();
      await new Promise((done) => setTimeout(done, 200));
    } finally {
      await app.close();
    }
  }

  for (const off of [
    { name: 'OTEL_SDK_DISABLED=true (enabled: false)', options: { enabled: false } },
    { name: 'no OTEL_EXPORTER_OTLP_ENDPOINT', options: { endpoint: undefined } },
  ]) {
    it(`is off with ${off.name}: no tracer, no meter, no network`, async () => {
      telemetry = await startTelemetry(testTelemetryOptions(receiver.url, off.options));

      expect(telemetry.enabled).to.equal(false);
      const span = trace.getTracer('test').startSpan('probe');
      expect(span.isRecording()).to.equal(false);
      span.end();
      await chatOnce();
      expect(receiver.requests).to.equal(0);
    });
  }

  it('does not even load the SDK when off (a fresh process)', async () => {
    const script = [
      "require('./src/telemetry/sdk.ts').startTelemetry({ enabled: false, endpoint: 'http://127.0.0.1:9', serviceName: 'x' }).then((t) => {",
      '  const loaded = Object.keys(require.cache).filter((path) => /@opentelemetry[\\\\/](sdk-trace|sdk-metrics|exporter-)/.test(path));',
      '  console.log(JSON.stringify({ enabled: t.enabled, loaded: loaded.length }));',
      '});',
    ].join('\n');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script], { cwd: CHATBOT_DIR });
    expect(JSON.parse(stdout)).to.deep.equal({ enabled: false, loaded: 0 });
  });

  it('exports to <endpoint>/v1/traces and /v1/metrics, with or without a trailing slash', async () => {
    telemetry = await startTestTelemetry(`${receiver.url}/`);
    expect(telemetry.enabled).to.equal(true);
    await chatOnce();
    await waitFor(() => receiver.spansNamed('chat local-offline').length === 1 && receiver.latest('chat.requests') !== undefined, 5000);
  });

  it('unregisters everything on shutdown, so a second SDK can start in the same process', async () => {
    const first = await startTestTelemetry(receiver.url);
    expect(trace.getTracer('test').startSpan('probe').isRecording()).to.equal(true);
    await first.shutdown();
    expect(trace.getTracer('test').startSpan('probe').isRecording()).to.equal(false);
    metrics.getMeter('test').createCounter('after.shutdown').add(1);

    telemetry = await startTestTelemetry(receiver.url);
    await chatOnce();
    await waitFor(() => receiver.spansNamed('chat local-offline').length === 1, 5000);
    await telemetry.forceFlush();
    expect(receiver.metrics.map((metric) => metric.name)).not.to.include('after.shutdown');
  });

  it('shuts down twice without error', async () => {
    const started = await startTestTelemetry(receiver.url);
    await started.shutdown();
    await started.shutdown();
  });
});
