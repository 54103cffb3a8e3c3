import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatSeconds } from '../../lambda/restore-test/common/data-age';
import type { RestoreReport } from '../../lambda/shared/restore-report';
import { STAGES } from '../../lib/config/stages';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'recover');
const report = (file: string) => JSON.parse(readFileSync(path.join(FIXTURES, file), 'utf8')) as RestoreReport;
const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

// Until a real run's report exists, the README shows the recorded fixtures' figures, rendered as the
// reports render them; the recover tests read the same fixtures, so the README cannot drift from them.
describe("the README's Recovery table", () => {
  const prod = STAGES.prod.restoreTest;

  it('shows the weekly database restore of the recorded report, with its target', () => {
    const weekly = report('prod-restore-report.json').database!;
    expect(readme).toContain(
      `| weekly, database, stage's region | ${formatSeconds(weekly.durationSeconds)} | ${formatSeconds(weekly.dataAgeSeconds!)} | ${prod.rtoTargetMinutes} min | n/a |`,
    );
  });

  it('shows the monthly DR restore of the recorded DR report beside it, with its class and targets', () => {
    const dr = report('prod-dr-restore-report.json').drDatabase!;
    expect(readme).toContain(
      `| monthly, database, DR region (${prod.dr.instanceClass}) | ${formatSeconds(dr.durationSeconds)} | ${formatSeconds(dr.dataAgeSeconds!)} | ${formatSeconds(prod.dr.rtoTargetMinutes * 60)} | ${prod.dr.rpoTargetHours} h |`,
    );
  });
});
