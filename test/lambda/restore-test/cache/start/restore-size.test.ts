import type { CreateReplicationGroupCommandInput, Snapshot } from '@aws-sdk/client-elasticache';
import { startCacheRestore } from '../../../../../lambda/restore-test/cache/start/core';
import { nodeMemoryGiB, restoreNodeType } from '../../../../../lambda/restore-test/cache/start/node-type';
import { RESTORE_TEST_DEFAULTS } from '../../../../../lib/config/restore-test';
import { STAGES } from '../../../../../lib/config/stages';
import { STAGE_NAMES } from '../../../../../lib/config/types';
import { CACHE_START_CONFIG, state } from '../../common/fixtures';

/*
 * A restore loads the whole snapshot into one node. The source may fill its own node's memory, so a
 * copy on a smaller node (prod's cache.r7g.large snapshot on the restore test's cache.t4g.micro)
 * fails to restore once the cache holds more than the small node can: the restore test would
 * report a broken backup that is fine.
 */

const config = CACHE_START_CONFIG;

async function restoredNodeType(snapshotNodeType: string | undefined, configured = config.cacheNodeType): Promise<string | undefined> {
  const snapshot: Snapshot = {
    SnapshotName: 'dev-cache-20261122-0300',
    SnapshotStatus: 'available',
    Engine: 'valkey',
    EngineVersion: '8.0.1',
    CacheNodeType: snapshotNodeType,
    NodeSnapshots: [{ SnapshotCreateTime: new Date('2026-11-22T03:00:10Z') }],
  };
  const created: CreateReplicationGroupCommandInput[] = [];
  await startCacheRestore(
    state({}, 'cache'),
    { ...config, cacheNodeType: configured },
    {
      listSnapshots: async () => [snapshot],
      readAuthToken: async () => 'token',
      createReplicationGroup: async (request) => void created.push(request),
    },
  );
  return created[0].CacheNodeType;
}

describe('the restore-test cache copy holds its snapshot', () => {
  it('restores a cache.r7g.large snapshot onto cache.r7g.large, not onto the configured cache.t4g.micro', async () => {
    expect(await restoredNodeType('cache.r7g.large')).toBe('cache.r7g.large');
  });

  it("keeps the configured node type when it is at least as large as the source's", async () => {
    expect(await restoredNodeType('cache.t4g.micro')).toBe('cache.t4g.micro');
    expect(await restoredNodeType('cache.t4g.small', 'cache.m7g.large')).toBe('cache.m7g.large');
  });

  it("a configured node with exactly the source's memory (another family, same GiB) is used; the next smaller is not", () => {
    // cache.m7g.large and cache.m5.large both have 6.38 GiB; cache.t4g.medium has 3.09.
    expect(restoreNodeType('cache.m7g.large', 'cache.m5.large')).toBe('cache.m7g.large');
    expect(restoreNodeType('cache.t4g.medium', 'cache.m5.large')).toBe('cache.m5.large');
  });

  it("uses the snapshot's own node type when either type is unknown to the memory table", () => {
    expect(restoreNodeType('cache.t4g.micro', 'cache.x9.huge')).toBe('cache.x9.huge');
    expect(restoreNodeType('cache.x9.huge', 'cache.t4g.micro')).toBe('cache.t4g.micro');
  });

  it('keeps the configured type when the snapshot names none (nothing better is known)', async () => {
    expect(await restoredNodeType(undefined)).toBe('cache.t4g.micro');
  });

  it.each(STAGE_NAMES)("%s: the stage's cache node type and its restore-test node type are both in the memory table", (stage) => {
    expect(nodeMemoryGiB(STAGES[stage].cache.nodeType)).toBeGreaterThan(0);
    expect(nodeMemoryGiB(RESTORE_TEST_DEFAULTS[stage].cacheNodeType)).toBeGreaterThan(0);
  });

  it("prod's restore test would otherwise restore 13 GiB of cache onto half a GiB", () => {
    expect(nodeMemoryGiB(STAGES.prod.cache.nodeType)).toBeGreaterThan(nodeMemoryGiB(RESTORE_TEST_DEFAULTS.prod.cacheNodeType)!);
    expect(restoreNodeType(RESTORE_TEST_DEFAULTS.prod.cacheNodeType, STAGES.prod.cache.nodeType)).toBe(STAGES.prod.cache.nodeType);
  });
});
