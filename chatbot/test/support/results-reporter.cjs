// mocha reporter: the spec reporter's output, plus the real counts written to a JSON file
// (`--reporter-option output=FILE`) so .ci/run can print its closing line from the results.
'use strict';
const fs = require('node:fs');
const Mocha = require('mocha');

class ResultsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const output = (options.reporterOptions ?? options.reporterOption ?? {}).output;
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      if (!output) return;
      const { passes, failures, pending, tests, duration } = this.stats;
      fs.writeFileSync(output, JSON.stringify({ passes, failures, pending, tests, duration }) + '\n');
    });
  }
}

module.exports = ResultsReporter;
