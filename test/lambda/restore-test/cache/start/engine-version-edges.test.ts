import { restoreEngineVersion } from '../../../../../lambda/restore-test/cache/start/engine-version';

// Which EngineVersion a cache copy is created with: major.minor for Valkey and Redis OSS 6 on,
// the full version before, and a clear refusal for anything else.

describe('the EngineVersion of a cache copy', () => {
  it.each<[string | undefined, string | undefined, string | undefined]>([
    ['valkey', '8.0.1', '8.0'],
    ['Valkey', '7.2', '7.2'],
    ['redis', '7.1.0', '7.1'],
    ['redis', '6.x', '6.x'],
    ['redis', '6.2.6', '6.2'],
    ['redis', '5.0.6', '5.0.6'],
    ['redis', ' 5.0.6 ', '5.0.6'],
    ['redis', '10.1.2', '10.1'],
    [undefined, '4.0.10', '4.0.10'],
    ['valkey', undefined, undefined],
    ['valkey', '', undefined],
  ])('%s %p -> %p', (engine, snapshotVersion, expected) => {
    expect(restoreEngineVersion(engine, snapshotVersion)).toBe(expected);
  });

  it.each(['8', '8.0.1.2', 'v8.0', '8.0-rc1'])('refuses %p', (version) => {
    expect(() => restoreEngineVersion('valkey', version)).toThrow(
      `Snapshot engine version ${JSON.stringify(version)} is not "major.minor[.patch]"; cannot choose the copy's EngineVersion`,
    );
  });
});
