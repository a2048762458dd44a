// mocha's spec output, then one line CI reads: "tests: N passed, N failed".
// With BACON_TEST_SUMMARY=<file>, the counts are also written there as JSON (.ci/run adds the passes up).
const Mocha = require('mocha');
const fs = require('node:fs');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {};
      const file = process.env.BACON_TEST_SUMMARY;
      if (file) fs.writeFileSync(file, JSON.stringify({ passes, failures, pending }));
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}\n`);
    });
  }
}

module.exports = SummaryReporter;
