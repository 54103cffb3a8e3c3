// Prints one plain line counting the tests, which CI reads (jest's own summary is not read),
// and writes it to .jest-count so .ci/run can repeat it as its very last line.
const { writeFileSync } = require('node:fs');

/**
 * The count line for jest's aggregated results. A suite that fails to load (a broken import, a
 * syntax error) runs no test, so it has no failed test of its own: it counts as one failure, so
 * the line never reads green when something did not run.
 */
function countLine(results) {
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  return `tests: ${results.numPassedTests} passed, ${failed} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
}

class CountReporter {
  constructor(_globalConfig, options = {}) {
    this.file = options.file ?? '.jest-count';
  }

  onRunComplete(_contexts, results) {
    const line = countLine(results);
    const broken = results.numRuntimeErrorTestSuites;
    writeFileSync(this.file, `${line}\n`);
    process.stdout.write(`\n${broken ? `suites that failed to run: ${broken}\n` : ''}${line}\n`);
  }
}

module.exports = CountReporter;
module.exports.countLine = countLine;
