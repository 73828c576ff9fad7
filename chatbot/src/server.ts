/**
 * The chatbot process: validate the configuration, start telemetry, build the app, listen, check
 * that the provider can answer (until it can), and drain on SIGTERM. Everything else lives in
 * createApp so tests never need this file.
 */
import { createServer } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { Lifecycle } from './lifecycle';
import { ListenError, listen } from './listen';
import { createLogger } from './logger';
import { createProvider } from './providers/create-provider';
import { Readiness } from './readiness';
import { checkUntilReady } from './readiness-check';
import { drainAndClose, exitOnSignal } from './shutdown';
import { createSpendGuard } from './spend/spend-guard';
import { startTelemetry } from './telemetry/sdk';

/** The reason /readyz gives until the provider's first check has an answer (usually a few ms). */
const CHECKING = 'starting: checking that the model provider can answer (AWS credentials and region)';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  // Telemetry starts before the app is built: the app takes its meters then, and meters do not
  // proxy (one taken before the SDK started would stay a no-op).
  const telemetry = await startTelemetry({ ...config.telemetry, logger });
  const lifecycle = new Lifecycle();
  const provider = createProvider(config);
  const readiness = new Readiness(provider.checkReady ? CHECKING : undefined);
  const spend = createSpendGuard(config.spend, logger);
  const app = createApp({ config, provider, logger, lifecycle, readiness, spend });
  const server = createServer(app.callback());
  // Longer than the ALB's idle timeout (60 s), so the ALB, not Node, closes idle connections
  // (otherwise a request racing Node's close gets a 502).
  server.keepAliveTimeout = 65000;
  server.headersTimeout = 66000;
  await listen(server, config.port, config.host);
  logger.info({
    port: config.port,
    host: config.host,
    provider: config.provider,
    telemetry: telemetry.enabled,
    auth: config.auth.mode,
    dailyTokenBudget: config.spend.dailyTokenBudget || 'none',
  }, 'chatbot listening');
  // A table the pod cannot read shows in the log now, not at the first chat.
  void spend?.warmUp();
  // The process serves /healthz (and the UI, which shows the reason) while it waits.
  const readinessCheck = provider.checkReady ? checkUntilReady({ check: () => provider.checkReady!(), readiness, logger }) : undefined;
  exitOnSignal(
    async () => {
      readinessCheck?.stop();
      await drainAndClose({ server, lifecycle, logger, drainTimeoutMs: config.drainTimeoutMs });
      // The drained answers' tokens still reach the shared counter (bounded).
      await spend?.close();
      // Last, so the spans of the drained answers are exported too (bounded; never rejects).
      await telemetry.shutdown();
    },
    logger,
    config.drainTimeoutMs + 10000,
  );
}

main().catch((err: unknown) => {
  // Configuration and listen errors are the operator's to fix: one clear line, no stack.
  if (err instanceof ConfigError) console.error(`chatbot: invalid configuration: ${err.message}`);
  else if (err instanceof ListenError) console.error(`chatbot: ${err.message}`);
  else console.error('chatbot: failed to start', err);
  process.exit(1);
});
