import { authTokenFrom } from '../../../../lambda/restore-test/common/secrets';
import { dataAgeSeconds, formatSeconds } from '../../../../lambda/restore-test/common/data-age';
import { choiceSetting, jsonSetting, numberSetting } from '../../../../lambda/restore-test/common/env-values';
import { manifestCheck, withinTolerance } from '../../../../lambda/restore-test/common/checks';
import { started } from './fixtures';

describe('withinTolerance', () => {
  it.each([
    [105, 100, 5, true],
    [95, 100, 5, true],
    [106, 100, 5, false],
    [0, 0, 5, true],
    [1, 0, 50, false],
    [100, 100, 0, true],
  ])('%d against %d at %d%% is %s', (actual, expected, percent, ok) => {
    expect(withinTolerance(actual, expected, percent)).toBe(ok);
  });
});

describe('dataAgeSeconds (the measured RPO)', () => {
  it('is the test start minus the newest data found', () => {
    expect(dataAgeSeconds('2026-11-22T06:00:00Z', '2026-11-22T02:58:00Z')).toBe(3 * 3600 + 2 * 60);
  });

  it('is never negative, even with clock skew', () => {
    expect(dataAgeSeconds('2026-11-22T06:00:00Z', '2026-11-22T06:00:30Z')).toBe(0);
  });

  it.each([
    [12, '12 s'],
    [240, '4 min'],
    [3 * 3600, '3 h'],
    [3 * 3600 + 120, '3 h 2 min'],
  ])('%d seconds read as %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('manifestCheck', () => {
  const manifest = {
    kind: 'database' as const,
    stage: 'dev',
    snapshotId: 'dev-appdb-2026-11-22',
    recordedAt: '2026-11-22T02:59:00Z',
    rowCounts: { 'app.orders': 3 },
  };

  it('passes for the manifest of the restored snapshot', () => {
    expect(manifestCheck(started(), manifest)).toMatchObject({ passed: true });
  });

  it('is skipped, not passed, when the snapshot has no manifest (automated or point in time)', () => {
    expect(manifestCheck(started({ manifestKey: undefined }), undefined)).toMatchObject({ passed: false, skipped: true });
  });

  it('fails when the backup job should have written a manifest but none is there', () => {
    expect(manifestCheck(started(), undefined)).toEqual({
      name: 'backup-manifest',
      passed: false,
      detail: expect.stringContaining('not found'),
    });
  });

  it('fails when the manifest is for another snapshot', () => {
    expect(manifestCheck(started(), { ...manifest, snapshotId: 'dev-appdb-2026-11-21' })).toMatchObject({
      passed: false,
      detail: expect.stringContaining('is for dev-appdb-2026-11-21'),
    });
  });
});

describe('authTokenFrom', () => {
  it('takes the whole secret string by default', () => {
    expect(authTokenFrom('s3cret-token')).toBe('s3cret-token');
  });

  it('takes a field of a JSON secret when named', () => {
    expect(authTokenFrom('{"authToken":"s3cret-token"}', 'authToken')).toBe('s3cret-token');
  });

  it.each([
    ['not JSON', 's3cret-token', /not JSON/],
    ['without the field', '{"other":"x"}', /no string field "authToken"/],
  ])('fails without quoting the secret when it is %s', (_what, secret, error) => {
    expect(() => authTokenFrom(secret, 'authToken')).toThrow(error);
    expect(() => authTokenFrom(secret, 'authToken')).not.toThrow(/s3cret/);
  });
});

describe('settings from the environment', () => {
  it('parses numbers, choices and JSON, and names the variable when one is wrong', () => {
    expect(numberSetting('N', '5')).toBe(5);
    expect(choiceSetting('MODE', 'snapshot', ['snapshot', 'pointInTime'])).toBe('snapshot');
    expect(jsonSetting<string[]>('TABLES', '["app.orders"]')).toEqual(['app.orders']);
    expect(() => numberSetting('N', 'five')).toThrow('N must be a number');
    expect(() => choiceSetting('MODE', 'later', ['snapshot', 'pointInTime'])).toThrow('MODE must be one of snapshot, pointInTime');
    expect(() => jsonSetting('TABLES', '[app')).toThrow('TABLES must be JSON');
  });
});
