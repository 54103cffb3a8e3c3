import { catalogSeverity } from '../../../scripts/status/severity';

const prod = catalogSeverity('prod');

it('reads critical alarms from the catalog, by the alarm name with its subject', () => {
  expect(prod('prod-api-5xx-rate')).toBe('critical');
  expect(prod('prod-db-replica2-free-storage')).toBe('critical');
  expect(prod('prod-api-tasks-below-desired')).toBe('critical');
  expect(prod('prod-stage-unhealthy')).toBe('critical');
});

it('counts the other catalog alarms as warnings, subjects outside a critical list included', () => {
  expect(prod('prod-worker-tasks-below-desired')).toBe('warning');
  expect(prod('prod-queue-depth')).toBe('warning');
  expect(prod('prod-api-latency-p95')).toBe('warning');
  expect(prod('prod-db-replica1-cpu')).toBe('warning');
});

it('prefers the more specific entry where two patterns match', () => {
  // `db-{subject}-cpu` (critical for primary) over `{subject}-cpu` (the services' CPU, never critical)
  expect(prod('prod-db-primary-cpu')).toBe('critical');
  expect(prod('prod-api-cpu')).toBe('warning');
});

it("does not match another stage's alarms or names outside the catalog", () => {
  expect(prod('staging-api-5xx-rate')).toBe('unknown');
  expect(prod('prod-something-else')).toBe('unknown');
  expect(catalogSeverity('dev', { a: { name: 'x-{subject}-y', critical: ['b'] } })('dev-x-b-y')).toBe('critical');
});
