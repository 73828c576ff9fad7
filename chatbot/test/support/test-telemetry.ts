/** Starts the real telemetry SDK (src/telemetry/sdk.ts) for a test, pointed at a loopback receiver. */
import { Telemetry, TelemetryLog, TelemetryOptions, startTelemetry } from '../../src/telemetry/sdk';

/** What a test's telemetry logged about failed exports. */
export class CapturedTelemetryLog implements TelemetryLog {
  readonly lines: Array<{ fields: Record<string, unknown>; message: string }> = [];

  warn(fields: object, message: string): void {
    this.lines.push({ fields: fields as Record<string, unknown>, message });
  }
}

/** Options for a test SDK: metrics only on `forceFlush` (a long interval), short export timeouts. */
export function testTelemetryOptions(endpoint: string, overrides: Partial<TelemetryOptions> = {}): TelemetryOptions {
  return {
    enabled: true,
    endpoint,
    serviceName: 'chatbot-test',
    deploymentEnvironment: 'test',
    metricExportIntervalMs: 60000,
    spanExportDelayMs: 50,
    exportTimeoutMs: 1000,
    ...overrides,
  };
}

/** Starts telemetry with {@link testTelemetryOptions}; shut it down in `afterEach`. */
export function startTestTelemetry(endpoint: string, overrides: Partial<TelemetryOptions> = {}): Promise<Telemetry> {
  return startTelemetry(testTelemetryOptions(endpoint, overrides));
}
