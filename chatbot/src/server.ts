/**
 * The chatbot process: validate the configuration, start telemetry, build the app, listen, and
 * drain on SIGTERM. Everything else lives in createApp so tests never need this file.
 */
import { createServer } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { Lifecycle } from './lifecycle';
import { createLogger } from './logger';
import { createProvider } from './providers/create-provider';
import { drainAndClose, exitOnSignal } from './shutdown';
import { startTelemetry } from './telemetry/sdk';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  // Telemetry starts before the app is built: the app takes its meters then, and meters do not
  // proxy (one taken before the SDK started would stay a no-op).
  const telemetry = await startTelemetry({ ...config.telemetry, logger });
  const lifecycle = new Lifecycle();
  const app = createApp({ config, provider: createProvider(config), logger, lifecycle });
  const server = createServer(app.callback());
  // Longer than the ALB's idle timeout (60 s), so the ALB, not Node, closes idle connections
  // (otherwise a request racing Node's close gets a 502).
  server.keepAliveTimeout = 65000;
  server.headersTimeout = 66000;
  server.listen(config.port, config.host, () => {
    logger.info({ port: config.port, host: config.host, provider: config.provider, telemetry: telemetry.enabled }, 'chatbot listening');
  });
  exitOnSignal(
    async () => {
      await drainAndClose({ server, lifecycle, logger, drainTimeoutMs: config.drainTimeoutMs });
      // Last, so the spans of the drained answers are exported too (bounded; never rejects).
      await telemetry.shutdown();
    },
    logger,
    config.drainTimeoutMs + 10000,
  );
}

main().catch((err: unknown) => {
  // Configuration errors are the operator's to fix: one clear line, no stack.
  if (err instanceof ConfigError) console.error(`chatbot: invalid configuration: ${err.message}`);
  else console.error('chatbot: failed to start', err);
  process.exit(1);
});
