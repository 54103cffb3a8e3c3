import { catalogSeverity } from '../../../scripts/status/severity';

const prod = catalogSeverity('prod');
const dev = catalogSeverity('dev');

it("reads each alarm's severity from the catalog, by the alarm name with its subject", () => {
  expect(prod('prod-stage-unhealthy')).toBe('critical');
  expect(prod('prod-backup-db-snapshot-stale')).toBe('critical');
  expect(prod('prod-synthetic-availability')).toBe('critical');
  // Members of stage-unhealthy page through the composite, so their own severity is warning.
  expect(prod('prod-api-5xx-rate')).toBe('warning');
  expect(prod('prod-queue-depth')).toBe('warning');
  expect(prod('prod-db-replica1-cpu')).toBe('warning');
});

it('takes the stage into account where the severity depends on it', () => {
  expect(prod('prod-restore-test-database-failed')).toBe('critical');
  expect(dev('dev-restore-test-database-failed')).toBe('warning');
});

it('prefers the more specific entry where two patterns match', () => {
  const severityIn = (kind: string) => (kind === 'dbCpu' ? 'critical' : 'warning');
  const bySpecific = catalogSeverity('prod', undefined, severityIn);
  // `db-{subject}-cpu` over `{subject}-cpu` (the services' CPU)
  expect(bySpecific('prod-db-primary-cpu')).toBe('critical');
  expect(bySpecific('prod-api-cpu')).toBe('warning');
});

it("does not match another stage's alarms or names outside the catalog", () => {
  expect(prod('staging-stage-unhealthy')).toBe('unknown');
  expect(prod('prod-something-else')).toBe('unknown');
});
