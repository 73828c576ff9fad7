/**
 * The cdktf app (cdktf.json runs it with tsx). Only wiring: read and validate config/ once, build
 * the stacks, synthesize. A bad config reports what to fix once, without a stack trace, and synth
 * fails.
 */
import { buildPlatformApp } from './app';
import { chosenConfigFolder, ConfigError, loadConfig } from './config';
import { reportConfigError } from './config-error-report';

function main(): void {
  let project;
  try {
    // PLATFORM_CONFIG_DIR points at another config folder (tests, forks); the default is ../config.
    // Naming the variable lets a missing folder's message point at the likely typo.
    const { configDir, chosenBy } = chosenConfigFolder(process.env);
    project = loadConfig(configDir, chosenBy);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    // The cdktf CLI sets this for the app it runs and prints error annotations itself; reporting
    // through them is the one way the problem list appears once (config-error-report.ts says why).
    reportConfigError(e, process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined);
    return;
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
