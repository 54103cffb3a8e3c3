// Jest globalSetup: one fresh directory per `npm test` run where test files leave the stages they
// synthesize (test/support/shared-synth.ts), so the next file that needs the same stage reads them
// instead of synthesizing again. Workers start after this and inherit the variable; the directory
// lives for this run only, so a template is never read from an older version of the code.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

module.exports = async function synthCacheSetup() {
  process.env.STAGE_SYNTH_CACHE = mkdtempSync(path.join(tmpdir(), 'stage-synth-'));
};
