/**
 * `npm run mutation [-- <scope>...] [--<stryker option> <value>...]`: runs Stryker once per scope
 * (all scopes when none is named), one after the other, then prints the mutation score per folder
 * from the JSON reports. Options starting with `--` go to Stryker as given, e.g.
 * `npm run mutation -- config --mutate "lib/config/network.ts"` to mutate part of a folder.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { printScores } from './score';

const require = createRequire(__filename);
const { MUTATION_SCOPES, reportDir } = require('./scopes.cjs') as {
  MUTATION_SCOPES: Record<string, { folder: string }>;
  reportDir: (scope: string) => string;
};

const known = Object.keys(MUTATION_SCOPES);
const args = process.argv.slice(2);
const firstOption = args.findIndex((a) => a.startsWith('--'));
const asked = firstOption === -1 ? args : args.slice(0, firstOption);
const strykerOptions = firstOption === -1 ? [] : args.slice(firstOption);
const unknown = asked.filter((s) => !known.includes(s));
if (unknown.length > 0) {
  console.error(
    `mutation scope: got ${unknown.map((s) => JSON.stringify(s)).join(', ')}; expected one of ${known.join(', ')} (or none for all).`,
  );
  process.exit(2);
}
const scopes = asked.length > 0 ? asked : known;

let failed = false;
for (const scope of scopes) {
  console.log(`\n== mutation: ${MUTATION_SCOPES[scope].folder} (MUTATION_SCOPE=${scope})`);
  const run = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs', ...strykerOptions], {
    stdio: 'inherit',
    env: { ...process.env, MUTATION_SCOPE: scope },
  });
  if (run.status !== 0) failed = true;
}

console.log('\nmutation score per folder:');
for (const line of printScores(scopes.map((s) => ({ folder: MUTATION_SCOPES[s].folder, report: `${reportDir(s)}/mutation.json` }))))
  console.log(line);
process.exit(failed ? 1 : 0);
