/**
 * Mocha global fixtures: the whole run gets one scratch temporary directory (TMPDIR, which
 * os.tmpdir() reads on every call and child processes inherit), removed when the run ends. cdktf's
 * Testing.app() makes a `cdktf.outdir.*` folder per synthesized test stack and never removes it;
 * this way no test can leave folders behind in the machine's temporary directory, whatever it
 * forgets, including processes it started.
 */
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

// Set when mocha requires this file, before it loads the spec files: several synthesize their
// stack at load time, before mochaGlobalSetup would run.
const previous = process.env.TMPDIR;
const scratch = mkdtempSync(join(tmpdir(), 'mocha-run-'));
process.env.TMPDIR = scratch;

exports.mochaGlobalTeardown = function () {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  rmSync(scratch, { recursive: true, force: true });
};
