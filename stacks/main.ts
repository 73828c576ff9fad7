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
    project = loadConfig(join(__dirname, '..', 'config'));
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
  buildPlatformApp(project).app.synth();
}

main();
