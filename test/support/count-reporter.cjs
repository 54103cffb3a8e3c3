// Prints one plain line counting the tests, which CI reads (jest's own summary is not read),
// and writes it to .jest-count so .ci/run can repeat it as its very last line.
const { writeFileSync } = require('node:fs');

class CountReporter {
  onRunComplete(_contexts, results) {
    const line = `tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`;
    // A suite that fails to load has no failed tests of its own; count it so the line never reads green by mistake.
    const broken = results.numRuntimeErrorTestSuites;
    const full = broken ? `${line}\nsuites that failed to run: ${broken}` : line;
    writeFileSync('.jest-count', `${line}\n`);
    process.stdout.write(`\n${full}\n`);
  }
}

module.exports = CountReporter;
