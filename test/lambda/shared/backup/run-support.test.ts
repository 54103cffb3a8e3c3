import { createOnce } from '../../../../lambda/shared/backup/create-once';
import { isAlreadyExists, isBusy, isNotFound } from '../../../../lambda/shared/backup/errors';
import { errorText } from '../../../../lambda/shared/error-text';
import { writeManifest } from '../../../../lambda/shared/manifest-store';
import { collectPages } from '../../../../lambda/shared/backup/pages';
import { RunReport } from '../../../../lambda/shared/backup/run-report';
import { awsError, memoryLog, recordingSleep } from '../../backup-support/output';

describe('collectPages', () => {
  it('follows markers until the last page', async () => {
    const pages: Record<string, { items: number[]; marker?: string }> = { start: { items: [1, 2], marker: 'm1' }, m1: { items: [3], marker: 'm2' }, m2: { items: [4] } };
    const asked: (string | undefined)[] = [];
    const items = await collectPages(async (marker) => {
      asked.push(marker);
      return pages[marker ?? 'start'];
    });
    expect(items).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, 'm1', 'm2']);
  });

  it('fails the whole listing when any page fails', async () => {
    await expect(
      collectPages(async (marker) => {
        if (marker === 'm1') throw awsError('InternalFailure');
        return { items: [1], marker: 'm1' };
      }),
    ).rejects.toThrow('InternalFailure');
  });

  it('stops instead of looping when a marker repeats', async () => {
    await expect(collectPages(async () => ({ items: [1], marker: 'same' }))).rejects.toThrow(/did not advance/);
  });
});

describe('RunReport', () => {
  it('succeeds only when every step did, and keeps going after a failed step', async () => {
    const log = memoryLog();
    const report = new RunReport(log);
    const first = await report.attempt('one', async () => { throw new Error('boom'); }, () => 'never');
    const second = await report.attempt('two', async () => 42, (n) => `got ${n}`);
    expect(first.ok).toBe(false);
    expect(second).toEqual({ ok: true, value: 42 });
    expect(report.succeeded).toBe(false);
    expect(report.steps).toEqual([
      { step: 'one', ok: false, detail: 'boom' },
      { step: 'two', ok: true, detail: 'got 42' },
    ]);
    expect(log.entries.map((e) => e.level)).toEqual(['error', 'info']);
  });

  it('reports success for a run with nothing to do', () => {
    expect(new RunReport(memoryLog()).succeeded).toBe(true);
  });
});

describe('createOnce', () => {
  it('reads "already exists" (either spelling) as an earlier run having done the work', async () => {
    await expect(createOnce(async () => { throw awsError('DBSnapshotAlreadyExistsFault'); })).resolves.toBe('exists');
    await expect(createOnce(async () => { throw awsError('SnapshotAlreadyExistsFault'); })).resolves.toBe('exists');
    await expect(createOnce(async () => { throw awsError('DBSnapshotAlreadyExists'); })).resolves.toBe('exists');
  });

  it('retries throttling with growing waits, then succeeds', async () => {
    const { sleep, waits } = recordingSleep();
    let calls = 0;
    const outcome = await createOnce(
      async () => {
        calls++;
        if (calls < 3) throw awsError('ThrottlingException');
      },
      { sleep, random: () => 1, baseDelayMs: 100 },
    );
    expect(outcome).toBe('created');
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it('gives up after the configured attempts when throttling persists', async () => {
    const { sleep, waits } = recordingSleep();
    await expect(createOnce(async () => { throw awsError('Throttling'); }, { sleep, attempts: 3 })).rejects.toThrow('Throttling');
    expect(waits).toHaveLength(2);
  });

  it('does not retry other errors', async () => {
    const { sleep, waits } = recordingSleep();
    await expect(createOnce(async () => { throw awsError('InvalidDBInstanceStateFault'); }, { sleep })).rejects.toThrow('InvalidDBInstanceStateFault');
    expect(waits).toEqual([]);
  });
});

describe('error names', () => {
  it('classifies the errors the jobs act on', () => {
    expect(isNotFound(awsError('DBSnapshotNotFoundFault'))).toBe(true);
    expect(isNotFound(awsError('NotFound'))).toBe(true);
    expect(isBusy(awsError('InvalidReplicationGroupStateFault'))).toBe(true);
    expect(isAlreadyExists(awsError('AccessDenied'))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });

  it('describes an error by name, code, message and cause, each once, and never the request', () => {
    expect(errorText(awsError('AccessDenied', 'no'))).toBe('AccessDenied: no');
    expect(errorText(awsError('Throttling'))).toBe('Throttling');
    expect(errorText(new Error('boom'))).toBe('boom');
    expect(errorText(Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' }))).toBe('AggregateError: ECONNREFUSED');
    expect(errorText(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))).toBe('TypeError: fetch failed: ECONNRESET');
    expect(errorText(Object.assign(new Error('read-only'), { name: 'error', code: '25006', $response: { body: 'secret' } }))).toBe('25006: read-only');
    expect(errorText('plain')).toBe('plain');
  });
});

describe('writeManifest', () => {
  const manifest = { kind: 'cache' as const, stage: 'dev', snapshotName: 'dev-cache-20260101-0000', recordedAt: '2026-01-01T00:00:00.000Z', keyCount: 3, sentinelKey: 'k' };

  it('writes the manifest as JSON under manifests/<stage>/<kind>/<id>.json', async () => {
    const writes: { key: string; body: string; onlyIfAbsent: boolean }[] = [];
    const detail = await writeManifest(async (key, body, onlyIfAbsent) => void writes.push({ key, body, onlyIfAbsent }), manifest, manifest.snapshotName, false);
    expect(writes).toEqual([{ key: 'manifests/dev/cache/dev-cache-20260101-0000.json', body: JSON.stringify(manifest, null, 2), onlyIfAbsent: false }]);
    expect(detail).toMatch(/^wrote /);
  });

  it('keeps an existing manifest when asked to write only if absent', async () => {
    const detail = await writeManifest(async () => { throw awsError('PreconditionFailed'); }, manifest, manifest.snapshotName, true);
    expect(detail).toMatch(/kept the existing/);
  });

  it('treats a precondition failure as an error when it did not ask for one', async () => {
    await expect(writeManifest(async () => { throw awsError('PreconditionFailed'); }, manifest, manifest.snapshotName, false)).rejects.toThrow('PreconditionFailed');
  });
});
