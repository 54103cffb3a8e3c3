// Jest globalTeardown: removes the run's template directory (see synth-cache-setup.cjs).
const { rmSync } = require('node:fs');

module.exports = async function synthCacheTeardown() {
  const dir = process.env.STAGE_SYNTH_CACHE;
  if (dir) rmSync(dir, { recursive: true, force: true });
};
