import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { RestoreReport, RestoreResult, writeRestoreResult } from '../../../../lambda/shared/restore-report';
import { awsError, jsonBody, useHandlerEnvironment } from '../common/fixtures';

// The database and the cache restore tests write their sections into one object per stage and
// day. Each write is conditional on what it read, so two finishing together cannot erase each other.
// The bucket and stage come from the report function's environment, as the handler passes them.

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const KEY = 'reports/dev/restore-tests/2026-05-10.json';

const result = (succeeded: boolean): RestoreResult => ({
  succeeded,
  source: 'dev-appdb-2026-05-10',
  startedAt: '2026-05-10T04:00:00.000Z',
  finishedAt: '2026-05-10T04:20:00.000Z',
  durationSeconds: 1200,
  dataAgeSeconds: 3600,
  checks: [{ name: 'row-count:app.orders', passed: succeeded, detail: 'restored 20 rows' }],
});
const cacheOnly: RestoreReport = { stage: 'dev', date: '2026-05-10', cache: result(true) };
const written = (call: number) => s3.commandCalls(PutObjectCommand)[call].args[0].input;

beforeEach(() => {
  s3.reset();
  useHandlerEnvironment({ REPORT_BUCKET: 'backups' });
});
const write = (section: 'database' | 'cache', restoreResult: RestoreResult, rounds?: number) =>
  writeRestoreResult(client, process.env.REPORT_BUCKET!, process.env.STAGE!, section, restoreResult, rounds);

it("creates the day's report when there is none, only if nobody created it meanwhile", async () => {
  s3.on(GetObjectCommand).rejects(awsError('NoSuchKey'));
  s3.on(PutObjectCommand).resolves({});
  await expect(write('database', result(true))).resolves.toBe(KEY);
  expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({ Bucket: 'backups', Key: KEY });
  const put = written(0);
  expect({ ...put, Body: JSON.parse(put.Body as string) }).toEqual({
    Bucket: 'backups',
    Key: KEY,
    Body: { stage: 'dev', date: '2026-05-10', database: result(true) },
    ContentType: 'application/json',
    IfNoneMatch: '*',
  });
});

it('keeps the other section and writes only over the version it read', async () => {
  s3.on(GetObjectCommand).resolves({ Body: jsonBody(cacheOnly), ETag: '"v1"' });
  s3.on(PutObjectCommand).resolves({});
  await write('database', result(false));
  const put = written(0);
  expect(put.IfMatch).toBe('"v1"');
  expect(put.IfNoneMatch).toBeUndefined();
  expect(JSON.parse(put.Body as string)).toEqual({ ...cacheOnly, database: result(false) });
});

it.each(['PreconditionFailed', 'ConditionalRequestConflict'])(
  'a write that lost the race (%s) reads again and merges with the winner',
  async (lost) => {
    s3.on(GetObjectCommand)
      .rejectsOnce(awsError('NoSuchKey'))
      .resolves({ Body: jsonBody(cacheOnly), ETag: '"v2"' });
    s3.on(PutObjectCommand).rejectsOnce(awsError(lost)).resolves({});
    await expect(write('database', result(true))).resolves.toBe(KEY);
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
    expect(written(1).IfMatch).toBe('"v2"');
    expect(JSON.parse(written(1).Body as string)).toEqual({ ...cacheOnly, database: result(true) });
  },
);

it('gives up after the rounds it was given, with the last conflict', async () => {
  s3.on(GetObjectCommand).resolves({ Body: jsonBody(cacheOnly), ETag: '"v1"' });
  s3.on(PutObjectCommand).rejects(awsError('PreconditionFailed'));
  await expect(write('database', result(true), 2)).rejects.toMatchObject({ name: 'PreconditionFailed' });
  expect(s3.commandCalls(PutObjectCommand)).toHaveLength(2);
});

it('does not retry what is not a race, and writes nothing when the report cannot be read', async () => {
  s3.on(GetObjectCommand).resolves({ Body: jsonBody(cacheOnly), ETag: '"v1"' });
  s3.on(PutObjectCommand).rejects(awsError('AccessDenied'));
  await expect(write('database', result(true))).rejects.toMatchObject({ name: 'AccessDenied' });
  expect(s3.commandCalls(PutObjectCommand)).toHaveLength(1);

  s3.reset();
  s3.on(GetObjectCommand).rejects(awsError('AccessDenied'));
  await expect(write('cache', result(true))).rejects.toMatchObject({ name: 'AccessDenied' });
  expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
});
