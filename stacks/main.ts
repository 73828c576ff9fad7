/**
 * The cdktf app (cdktf.json runs it with tsx). Only wiring: read and validate config/ once, build
 * the stacks, synthesize. A bad config prints what to fix and exits 1, without a stack trace.
 */
import { join } from 'node:path';
import { buildPlatformApp } from './app';
import { ConfigError, loadConfig } from './config';

function main(): void {
  let project;
  try {
    // PLATFORM_CONFIG_DIR points at another config folder (tests, forks); the default is ../config.
    project = loadConfig(process.env.PLATFORM_CONFIG_DIR ?? join(__dirname, '..', 'config'));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  // cdktf records a full stack trace for every token it creates (cdktf/lib/tokens/private/
  // stack-trace.js), and tsx turns source maps on, so each of those thousands of traces is
  // source-mapped frame by frame: about 200 ms, a fifth of synth. Map only what a person reads:
  // the stack of an error that escapes (V8 formats `error.stack` lazily, after maps are back on).
  process.setSourceMapsEnabled(false);
  try {
    buildPlatformApp(project).app.synth();
  } catch (e) {
    process.setSourceMapsEnabled(true);
    throw e;
  }
}

main();
