import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { DrillReportEvent } from '../../../../lambda/drill/report/contract';
import { createHandler } from '../../../../lambda/drill/report/index';

const s3 = mockClient(S3Client);
const env = { STAGE: 'staging', REPORTS_BUCKET: 'staging-backups' };
const handler = createHandler({ env, s3: () => new S3Client({ region: 'eu-west-1' }), clock: () => Date.parse('2026-03-10T10:05:00Z') });
const EVENT: DrillReportEvent = {
  kind: 'cache',
  outcome: 'recovered',
  targetRecoverySeconds: 120,
  faultStartedAt: '2026-03-10T10:00:00.000Z',
  decision: { status: 'recovered', recoveredAt: '2026-03-10T10:00:42.000Z', recoverySeconds: 42, faultObserved: true },
};

function emfDocuments(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return run()
    .finally(() => spy.mockRestore())
    .then(() =>
      lines
        .flatMap((l) => l.split('\n'))
        .filter((l) => l.includes('"_aws"'))
        .map((l) => JSON.parse(l)),
    );
}

beforeEach(() => s3.reset());

describe('drill-report handler', () => {
  test('writes the report with a conditional put and publishes FailoverRecoverySeconds per drill kind', async () => {
    s3.on(PutObjectCommand).resolves({});
    let result: unknown;
    const docs = await emfDocuments(async () => (result = await handler(EVENT)));
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: 'staging-backups',
      Key: 'reports/staging/drills/2026-03-10-cache.json',
      IfNoneMatch: '*',
      ContentType: 'application/json',
    });
    const body = JSON.parse(s3.commandCalls(PutObjectCommand)[0].args[0].input.Body as string);
    expect(body).toMatchObject({ stage: 'staging', kind: 'cache', recoverySeconds: 42, metTarget: true });
    expect(result).toEqual({
      key: 'reports/staging/drills/2026-03-10-cache.json',
      outcome: 'recovered',
      recoverySeconds: 42,
      metTarget: true,
    });
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ FailoverRecoverySeconds: 42, DrillKind: 'cache', Stage: 'staging', service: 'drill-report' });
  });

  test('never overwrites an earlier report of the same day: takes the next numbered key', async () => {
    s3.on(PutObjectCommand, { Key: 'reports/staging/drills/2026-03-10-cache.json' })
      .rejects(Object.assign(new Error('exists'), { name: 'PreconditionFailed' }))
      .on(PutObjectCommand, { Key: 'reports/staging/drills/2026-03-10-cache-2.json' })
      .resolves({});
    const result = await handler(EVENT);
    expect(result.key).toBe('reports/staging/drills/2026-03-10-cache-2.json');
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 2);
  });

  test('a failed drill is reported without a recovery metric', async () => {
    s3.on(PutObjectCommand).resolves({});
    const docs = await emfDocuments(() =>
      handler({ kind: 'tasks', outcome: 'failed', targetRecoverySeconds: 120, error: { Error: 'FIS.ValidationException' } }),
    );
    expect(docs).toEqual([]);
    expect(s3).toHaveReceivedCommandWith(PutObjectCommand, { Key: 'reports/staging/drills/2026-03-10-tasks.json' });
  });

  test('any other S3 error fails the step (the workflow reports it)', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(handler(EVENT)).rejects.toThrow('denied');
    expect(s3).toHaveReceivedCommandTimes(PutObjectCommand, 1);
  });
});
