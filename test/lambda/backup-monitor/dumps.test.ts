import { newestCompleteDump, type ListedObject } from '../../../lambda/backup-monitor/dumps';

const NOW = new Date('2026-06-30T12:00:00Z');
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000);
const OPTIONS = { minSizeBytes: 512, maxChecked: 3 };
const DUMP_29 = 'dumps/prod/2026/06/29/app-20260629T010000Z.dump';
const DUMP_30 = 'dumps/prod/2026/06/30/app-20260630T010000Z.dump';

/** A dump and its sidecar as dump.sh leaves them: the sidecar is written after the dump, so it is newer. */
function dumpWithSidecar(key: string, hoursAgo: number, size: number): ListedObject[] {
  return [
    { key, lastModified: at(hoursAgo), size },
    { key: `${key}.json`, lastModified: at(hoursAgo - 0.01), size: 211 },
  ];
}

function sidecars(sizes: Record<string, unknown>) {
  const read: string[] = [];
  const readSidecar = async (key: string) => {
    read.push(key);
    return sizes[key];
  };
  return { read, readSidecar };
}

describe('newestCompleteDump', () => {
  it('picks the dump object, not its newer ~200-byte sidecar, and checks the size the sidecar records', async () => {
    const { read, readSidecar } = sidecars({ [`${DUMP_30}.json`]: { key: DUMP_30, sizeBytes: 4096 } });
    const found = await newestCompleteDump('prod', dumpWithSidecar(DUMP_30, 10, 4096), readSidecar, OPTIONS);
    expect(found).toEqual({ newest: { name: DUMP_30, at: at(10), sizeBytes: 4096 }, skipped: [] });
    expect(read).toEqual([`${DUMP_30}.json`]);
  });

  it('does not count a dump whose object is smaller than its sidecar records (truncated): the older complete one is the freshest', async () => {
    const { readSidecar } = sidecars({ [`${DUMP_30}.json`]: { sizeBytes: 9000 }, [`${DUMP_29}.json`]: { sizeBytes: 4096 } });
    const found = await newestCompleteDump(
      'prod',
      [...dumpWithSidecar(DUMP_29, 34, 4096), ...dumpWithSidecar(DUMP_30, 10, 4096)],
      readSidecar,
      OPTIONS,
    );
    expect(found.newest).toEqual({ name: DUMP_29, at: at(34), sizeBytes: 4096 });
    expect(found.skipped).toEqual([`${DUMP_30}: the object has 4096 bytes but its sidecar records 9000: truncated or replaced`]);
  });

  it('does not count a dump without a sidecar (incomplete or still being written), nor one below the minimum size', async () => {
    const { read, readSidecar } = sidecars({ [`${DUMP_29}.json`]: { sizeBytes: 200 } });
    const found = await newestCompleteDump(
      'prod',
      [...dumpWithSidecar(DUMP_29, 34, 200), { key: DUMP_30, lastModified: at(1), size: 70_000 }],
      readSidecar,
      OPTIONS,
    );
    expect(found).toEqual({
      newest: undefined,
      skipped: [
        `${DUMP_30}: no sidecar: the dump is incomplete or still being written`,
        `${DUMP_29}: 200 bytes, below the 512-byte minimum of a complete dump`,
      ],
    });
    expect(read).toEqual([]);
  });

  it('a dump of exactly the minimum size counts; one a byte smaller does not', async () => {
    const exact = sidecars({ [`${DUMP_30}.json`]: { sizeBytes: 512 } });
    expect((await newestCompleteDump('prod', dumpWithSidecar(DUMP_30, 10, 512), exact.readSidecar, OPTIONS)).newest).toEqual({
      name: DUMP_30,
      at: at(10),
      sizeBytes: 512,
    });
    const short = sidecars({ [`${DUMP_30}.json`]: { sizeBytes: 511 } });
    expect(await newestCompleteDump('prod', dumpWithSidecar(DUMP_30, 10, 511), short.readSidecar, OPTIONS)).toEqual({
      newest: undefined,
      skipped: [`${DUMP_30}: 511 bytes, below the 512-byte minimum of a complete dump`],
    });
  });

  it('does not count a dump whose sidecar records no size', async () => {
    const { readSidecar } = sidecars({ [`${DUMP_30}.json`]: undefined });
    const found = await newestCompleteDump('prod', dumpWithSidecar(DUMP_30, 10, 4096), readSidecar, OPTIONS);
    expect(found).toEqual({ newest: undefined, skipped: [`${DUMP_30}: its sidecar records no size (sizeBytes: null)`] });
  });

  it('reads at most maxChecked sidecars and says how many older dumps it left unchecked', async () => {
    const days = ['25', '26', '27', '28', '29']
      .map((d) => `dumps/prod/2026/06/${d}/app-202606${d}T010000Z.dump`)
      .flatMap((key, i) => dumpWithSidecar(key, 120 - i * 24, 4096));
    const { read, readSidecar } = sidecars({});
    const found = await newestCompleteDump('prod', days, readSidecar, { ...OPTIONS, maxChecked: 2 });
    expect(read).toHaveLength(2);
    expect(found.newest).toBeUndefined();
    expect(found.skipped.at(-1)).toBe('3 older dumps not checked');
  });

  it("ignores objects that are not this stage's dumps (folder markers, other stages, stray files)", async () => {
    const { readSidecar } = sidecars({});
    const found = await newestCompleteDump(
      'prod',
      [
        { key: 'dumps/prod/2026/06/30/', lastModified: at(1), size: 0 },
        { key: 'dumps/prod/notes.txt', lastModified: at(1), size: 5000 },
        { key: 'dumps/prod-eu/2026/06/30/app-20260630T010000Z.dump', lastModified: at(1), size: 5000 },
      ],
      readSidecar,
      OPTIONS,
    );
    expect(found).toEqual({ newest: undefined, skipped: [] });
  });

  it('lets a sidecar that cannot be read fail the lookup (age unknown), rather than guess', async () => {
    const readSidecar = async () => Promise.reject(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    await expect(newestCompleteDump('prod', dumpWithSidecar(DUMP_30, 10, 4096), readSidecar, OPTIONS)).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});
