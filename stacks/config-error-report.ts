/**
 * How a ConfigError reaches the person running synth: the problem list exactly once.
 *
 * What cdktf 0.21 does with the app's output (cdktf-cli bundles @cdktf/cli-core
 * src/lib/synth-stack.js and @cdktf/commons src/util.js `shell`/`exec`):
 * - every chunk the app writes to stderr is logged as it arrives, as
 *   `[<time>] [ERROR] default - <chunk>`; every stdout chunk is echoed as it is.
 * - if the app then exits non-zero, SynthStack.synth prints "ERROR: cdktf encountered an error
 *   while synthesizing", "Synth command: …", "Error: non-zero exit code 1", then "Command output on
 *   stderr:" with all of stderr again (and the same for stdout), and exits 1. Whatever the app
 *   prints before a non-zero exit therefore reaches the user twice, the second copy wrapped.
 * - if the app exits 0 without a manifest, the CLI says "synthesis failed, because app was expected
 *   to call 'synth()', but didn't": untrue, and it sends the user looking in the wrong place.
 * - if the app exits 0 with a manifest, the CLI prints each stack's annotations as
 *   `ERROR [<construct path>]: <message>` (printAnnotations in synth.js) and, when one is an error,
 *   throws "While synthesizing one or more error annotations have been encountered. Please check
 *   the log output above." and exits 1. `cdktf diff` and `deploy` print them the same way and stop
 *   before Terraform runs.
 *
 * So under the CLI the app uses that last channel, cdktf's own for app-level errors: it writes
 * nothing to stdout or stderr, puts the whole message on one error annotation of a stack named
 * `config`, synthesizes and exits 0. The list appears once; cdktf's one closing "While
 * synthesizing…" line after it is printed by the CLI itself and the app cannot remove it. (A side
 * effect: the CLI deletes the stack folders this synth no longer produced from the output folder,
 * so stale plans of the last good config cannot be deployed with --skip-synth.)
 *
 * The CLI sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS for the app it runs, and cdktf's
 * StackSynthesizer reads the same variable to leave error annotations to the CLI instead of
 * throwing; main.ts passes the same test in. Run any other way (`tsx stacks/main.ts`, tests,
 * projen helpers), nobody would print annotations, so the app writes the list to stderr and exits 1.
 */
import { Annotations, App, TerraformStack } from 'cdktf';
import type { ConfigError } from './config';

/** Report `error` once: as a cdktf error annotation when the CLI prints those, else on stderr with exit code 1. */
export function reportConfigError(error: ConfigError, cliPrintsAnnotations: boolean): void {
  if (cliPrintsAnnotations) {
    // Without stackTraces: false the CLI prints this file's stack trace under the message.
    const app = new App({ stackTraces: false });
    Annotations.of(new TerraformStack(app, 'config')).addError(error.message);
    app.synth();
    return;
  }
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
