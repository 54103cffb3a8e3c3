import { createOnce } from '../../../../lambda/shared/backup/create-once';
import { isAlreadyExists, isBusy, isNotFound } from '../../../../lambda/shared/backup/errors';
import { errorText } from '../../../../lambda/shared/error-text';
import { writeManifest } from '../../../../lambda/shared/manifest/store';
import { RunReport } from '../../../../lambda/shared/backup/run-report';
import { awsError, memoryLog } from '../../backup-support/output';

describe('RunReport', () => {
  it('succeeds only when every step did, and keeps going after a failed step', async () => {
    const log = memoryLog();
    const report = new RunReport(log);
    const first = await report.attempt(
      'one',
      async () => {
        throw new Error('boom');
      },
      () => 'never',
    );
    const second = await report.attempt(
      'two',
      async () => 42,
      (n) => `got ${n}`,
    );
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
    await expect(
      createOnce(async () => {
        throw awsError('DBSnapshotAlreadyExistsFault');
      }),
    ).resolves.toBe('exists');
    await expect(
      createOnce(async () => {
        throw awsError('SnapshotAlreadyExistsFault');
      }),
    ).resolves.toBe('exists');
    await expect(
      createOnce(async () => {
        throw awsError('DBSnapshotAlreadyExists');
      }),
    ).resolves.toBe('exists');
  });

  it("passes any other error on (retries are the SDK client's)", async () => {
    await expect(
      createOnce(async () => {
        throw awsError('InvalidDBInstanceStateFault');
      }),
    ).rejects.toThrow('InvalidDBInstanceStateFault');
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
    expect(errorText(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }))).toBe(
      'TypeError: fetch failed: ECONNRESET',
    );
    expect(errorText(Object.assign(new Error('read-only'), { name: 'error', code: '25006', $response: { body: 'secret' } }))).toBe(
      '25006: read-only',
    );
    expect(errorText('plain')).toBe('plain');
  });
});

describe('writeManifest', () => {
  const manifest = {
    kind: 'cache' as const,
    stage: 'dev',
    snapshotName: 'dev-cache-20260101-0000',
    recordedAt: '2026-01-01T00:00:00.000Z',
    keyCount: 3,
    sentinelKey: 'k',
  };

  it('writes the manifest as JSON under manifests/<stage>/<kind>/<id>.json', async () => {
    const writes: { key: string; body: string; onlyIfAbsent: boolean }[] = [];
    const detail = await writeManifest(
      async (key, body, onlyIfAbsent) => void writes.push({ key, body, onlyIfAbsent }),
      manifest,
      manifest.snapshotName,
      false,
    );
    expect(writes).toEqual([
      { key: 'manifests/dev/cache/dev-cache-20260101-0000.json', body: JSON.stringify(manifest, null, 2), onlyIfAbsent: false },
    ]);
    expect(detail).toMatch(/^wrote /);
  });

  it('keeps an existing manifest when asked to write only if absent', async () => {
    const detail = await writeManifest(
      async () => {
        throw awsError('PreconditionFailed');
      },
      manifest,
      manifest.snapshotName,
      true,
    );
    expect(detail).toMatch(/kept the existing/);
  });

  it('treats a precondition failure as an error when it did not ask for one', async () => {
    await expect(
      writeManifest(
        async () => {
          throw awsError('PreconditionFailed');
        },
        manifest,
        manifest.snapshotName,
        false,
      ),
    ).rejects.toThrow('PreconditionFailed');
  });
});
