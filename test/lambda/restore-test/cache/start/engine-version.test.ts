import { restoreEngineVersion } from '../../../../../lambda/restore-test/cache/start/engine-version';

describe('restoreEngineVersion (CreateReplicationGroup takes major.minor from Redis OSS 6 on, and for Valkey)', () => {
  it.each([
    ['redis', '6.0.5', '6.0'],
    ['redis', '6.2.6', '6.2'],
    ['redis', '7.0.7', '7.0'],
    ['redis', '7.1.0', '7.1'],
    ['valkey', '7.2.6', '7.2'],
    ['valkey', '8.0.1', '8.0'],
    ['valkey', '8.1', '8.1'],
    ['redis', '6.x', '6.x'],
  ])('%s %s → %s', (engine, version, expected) => {
    expect(restoreEngineVersion(engine, version)).toBe(expected);
  });

  it.each([
    ['redis', '5.0.6'],
    ['redis', '4.0.10'],
    ['redis', '3.2.6'],
  ])('older Redis OSS keeps its full version: %s %s', (engine, version) => {
    expect(restoreEngineVersion(engine, version)).toBe(version);
  });

  it('leaves the version to ElastiCache when the snapshot reports none', () => {
    expect(restoreEngineVersion('valkey', undefined)).toBeUndefined();
  });

  it('refuses a version it cannot read, naming it', () => {
    expect(() => restoreEngineVersion('valkey', 'eight')).toThrow(/"eight" is not "major\.minor\[\.patch\]"/);
  });
});
