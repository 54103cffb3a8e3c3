import { copyToDrRegion, selectCopyCandidates, type DrCopyPorts } from '../../../lambda/db-snapshot/copy';
import type { SnapshotRecord } from '../../../lambda/shared/backup/snapshot-record';
import { awsError, memoryLog } from '../backup-support/output';

const NOW = new Date('2026-05-10T12:00:00Z');
const HOUR = 3_600_000;
const TAGS = { Stage: 'prod', CreatedBy: 'stage-platform-backup', BackupKind: 'daily' };

function snapshot(id: string, hoursAgo: number, overrides: Partial<SnapshotRecord> = {}): SnapshotRecord {
  return {
    id,
    arn: `arn:aws:rds:eu-west-1:111111111111:snapshot:${id}`,
    source: 'appdb',
    manual: true,
    status: 'available',
    createdAt: new Date(NOW.getTime() - hoursAgo * HOUR),
    tags: TAGS,
    ...overrides,
  };
}

/** Primary and DR regions in memory: a copy started by one run is visible to the next. */
function fakeRegions(source: SnapshotRecord[]) {
  const dr = new Map<string, SnapshotRecord>();
  const copies: { sourceArn: string; targetId: string }[] = [];
  const manifests: string[] = [];
  const failures: Partial<Record<'list' | 'find' | 'copy', Error[]>> = {};
  const failIfQueued = (op: keyof typeof failures) => {
    const error = failures[op]?.shift();
    if (error) throw error;
  };
  const ports: DrCopyPorts = {
    listSourceSnapshots: async () => {
      failIfQueued('list');
      return source;
    },
    findDrSnapshot: async (id) => {
      failIfQueued('find');
      return dr.get(id);
    },
    copySnapshot: async (sourceArn, targetId) => {
      failIfQueued('copy');
      if (dr.has(targetId)) throw awsError('DBSnapshotAlreadyExistsFault');
      copies.push({ sourceArn, targetId });
      dr.set(targetId, { ...source.find((s) => s.arn === sourceArn)!, status: 'copying' });
    },
    copyManifest: async (id) => {
      manifests.push(id);
      return `wrote manifests/prod/database/${id}.json`;
    },
  };
  return { ports, dr, copies, manifests, failures } as {
    ports: DrCopyPorts;
    dr: typeof dr;
    copies: typeof copies;
    manifests: string[];
    failures: typeof failures;
  };
}

const input = (overrides = {}) => ({ stage: 'prod', dbInstanceId: 'appdb', now: NOW, log: memoryLog(), ...overrides });

describe('selectCopyCandidates', () => {
  it('picks only our available snapshots of this instance from the last 48 hours, oldest first', () => {
    const picked = selectCopyCandidates(
      [
        snapshot('prod-appdb-2026-05-10', 9),
        snapshot('prod-appdb-2026-05-08', 48),
        snapshot('prod-appdb-2026-05-07', 48.01),
        snapshot('creating', 1, { status: 'creating' }),
        snapshot('other-instance', 1, { source: 'olddb' }),
        snapshot('automated', 1, { manual: false }),
        snapshot('foreign', 1, { tags: { ...TAGS, Stage: 'staging' } }),
        snapshot('untagged', 1, { tags: undefined }),
        snapshot('no-arn', 1, { arn: undefined }),
      ],
      input(),
    );
    expect(picked.map((s) => s.id)).toEqual(['prod-appdb-2026-05-08', 'prod-appdb-2026-05-10']);
  });
});

describe('copyToDrRegion', () => {
  it('copies each recent snapshot the DR region lacks, by ARN, under the same identifier', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-09', 33), snapshot('prod-appdb-2026-05-10', 9)]);
    world.dr.set('prod-appdb-2026-05-09', snapshot('prod-appdb-2026-05-09', 33));
    const result = await copyToDrRegion(world.ports, input());
    expect(world.copies).toEqual([
      { sourceArn: 'arn:aws:rds:eu-west-1:111111111111:snapshot:prod-appdb-2026-05-10', targetId: 'prod-appdb-2026-05-10' },
    ]);
    expect(result.succeeded).toBe(true);
    expect(result.steps.find((s) => s.step === 'copy prod-appdb-2026-05-09')?.detail).toMatch(/already in the DR region/);
  });

  it('copies nothing twice: the next hourly run finds the copy in progress', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-10', 9)]);
    await copyToDrRegion(world.ports, input());
    const second = await copyToDrRegion(world.ports, input({ now: new Date(NOW.getTime() + HOUR) }));
    expect(world.copies).toHaveLength(1);
    expect(second.succeeded).toBe(true);
    expect(second.steps.find((s) => s.step === 'copy prod-appdb-2026-05-10')?.detail).toBe('already in the DR region (status copying)');
  });

  it('reads "already exists" on copy as a copy started earlier', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-10', 9)]);
    world.failures.copy = [awsError('DBSnapshotAlreadyExistsFault')];
    const result = await copyToDrRegion(world.ports, input());
    expect(result.succeeded).toBe(true);
    expect(result.steps.find((s) => s.step === 'copy prod-appdb-2026-05-10')?.detail).toMatch(/already started/);
  });

  it('does not copy a snapshot whose DR lookup failed, still copies the others, and reports failure', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-09', 33), snapshot('prod-appdb-2026-05-10', 9)]);
    world.failures.find = [awsError('AccessDenied')];
    const result = await copyToDrRegion(world.ports, input());
    expect(world.copies.map((c) => c.targetId)).toEqual(['prod-appdb-2026-05-10']);
    expect(result.succeeded).toBe(false);
    expect(result.steps.find((s) => !s.ok)).toEqual({
      step: 'copy prod-appdb-2026-05-09',
      ok: false,
      detail: 'could not check the DR region, so nothing was copied: AccessDenied',
    });
  });

  it('copies the manifest beside every copy started or found, but not beside a failed one', async () => {
    const world = fakeRegions([
      snapshot('prod-appdb-2026-05-08', 40),
      snapshot('prod-appdb-2026-05-09', 33),
      snapshot('prod-appdb-2026-05-10', 9),
    ]);
    world.dr.set('prod-appdb-2026-05-08', snapshot('prod-appdb-2026-05-08', 40, { status: 'failed' }));
    world.dr.set('prod-appdb-2026-05-09', snapshot('prod-appdb-2026-05-09', 33));
    const result = await copyToDrRegion(world.ports, input());
    expect(world.manifests).toEqual(['prod-appdb-2026-05-09', 'prod-appdb-2026-05-10']);
    expect(result.steps).toContainEqual({
      step: 'copy manifest of prod-appdb-2026-05-10',
      ok: true,
      detail: 'wrote manifests/prod/database/prod-appdb-2026-05-10.json',
    });
  });

  it('reports a manifest copy that fails: the DR restore test could not check that copy', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-10', 9)]);
    world.ports = { ...world.ports, copyManifest: async () => Promise.reject(awsError('AccessDenied')) };
    const result = await copyToDrRegion(world.ports, input());
    expect(world.copies).toHaveLength(1);
    expect(result.succeeded).toBe(false);
    expect(result.steps.at(-1)).toEqual({ step: 'copy manifest of prod-appdb-2026-05-10', ok: false, detail: 'AccessDenied' });
  });

  it('reports a failed DR copy instead of leaving it silently', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-10', 9)]);
    world.dr.set('prod-appdb-2026-05-10', snapshot('prod-appdb-2026-05-10', 9, { status: 'failed' }));
    const result = await copyToDrRegion(world.ports, input());
    expect(world.copies).toEqual([]);
    expect(result.succeeded).toBe(false);
  });

  it('copies nothing and reports failure when the source listing fails', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-10', 9)]);
    world.failures.list = [awsError('Throttling')];
    const result = await copyToDrRegion(world.ports, input());
    expect(world.copies).toEqual([]);
    expect(result).toMatchObject({ action: 'copy', succeeded: false });
  });

  it('reports a copy that fails and carries on with the next', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-09', 33), snapshot('prod-appdb-2026-05-10', 9)]);
    world.failures.copy = [awsError('KMSKeyNotAccessibleFault', 'no grant')];
    const result = await copyToDrRegion(world.ports, input());
    expect(world.copies.map((c) => c.targetId)).toEqual(['prod-appdb-2026-05-10']);
    expect(result.steps.find((s) => s.step === 'copy prod-appdb-2026-05-09')).toEqual({
      step: 'copy prod-appdb-2026-05-09',
      ok: false,
      detail: 'KMSKeyNotAccessibleFault: no grant',
    });
    expect(result.succeeded).toBe(false);
  });

  it('succeeds with nothing to copy', async () => {
    const world = fakeRegions([snapshot('prod-appdb-2026-05-01', 200)]);
    const result = await copyToDrRegion(world.ports, input());
    expect(world.copies).toEqual([]);
    expect(result.succeeded).toBe(true);
    expect(result.steps.at(-1)?.detail).toBe('no recent available snapshot to copy');
  });
});
