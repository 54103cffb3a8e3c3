import { auditVerdict, describeVerdict } from '../../scripts/ci/audit';

// Shaped like `npm audit --json` (auditReportVersion 2) output.
function report(vulnerabilities: Record<string, string>): string {
  const counts = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0 } as Record<string, number>;
  for (const severity of Object.values(vulnerabilities)) {
    counts[severity] += 1;
    counts.total += 1;
  }
  return JSON.stringify({
    auditReportVersion: 2,
    vulnerabilities: Object.fromEntries(
      Object.entries(vulnerabilities).map(([name, severity]) => [name, { name, severity, isDirect: false, via: [] }]),
    ),
    metadata: { vulnerabilities: counts, dependencies: { prod: 120, dev: 0, total: 120 } },
  });
}

describe('npm audit gate', () => {
  test('no findings is clean', () => {
    const verdict = auditVerdict(report({}));
    expect(verdict.status).toBe('clean');
    expect(describeVerdict(verdict)).toBe('npm audit --omit=dev: 0 critical, 0 high, 0 moderate, 0 low; no high or critical');
  });

  test('moderate and low findings do not block', () => {
    const verdict = auditVerdict(report({ 'left-pad': 'moderate', 'is-odd': 'low' }));
    expect(verdict.status).toBe('clean');
    expect(describeVerdict(verdict)).toContain('1 moderate, 1 low');
  });

  test('a high or critical finding blocks and is named', () => {
    const verdict = auditVerdict(report({ 'left-pad': 'moderate', minimist: 'critical', semver: 'high' }));
    expect(verdict.status).toBe('findings');
    expect(describeVerdict(verdict)).toMatch(/1 critical, 1 high.*fix or replace: minimist \(critical\), semver \(high\)$/);
  });

  test('a registry that refuses audit requests is reported as not checked, never as clean', () => {
    const refused = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
    });
    const verdict = auditVerdict(refused);
    expect(verdict.status).toBe('unavailable');
    expect(describeVerdict(verdict)).toMatch(/^npm audit: NOT CHECKED.*405 Method Not Allowed/);
  });

  test('output that is not a report is not checked', () => {
    expect(auditVerdict('npm error network timeout').status).toBe('unavailable');
    expect(auditVerdict('').status).toBe('unavailable');
  });
});
