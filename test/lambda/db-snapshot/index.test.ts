import { CopyDBSnapshotCommand, CreateDBSnapshotCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import type { Client } from 'pg';
import { MalformedEventError } from '../../../lambda/db-snapshot/event';
import { createHandler } from '../../../lambda/db-snapshot/index';
import { MissingEnvironmentError } from '../../../lambda/shared/env';
import { awsError, captureStdout } from '../backup-support/output';
import { createScratchDatabase } from '../backup-support/postgres';

const ENV = {
  STAGE: 'dev',
  DB_INSTANCE_ID: 'appdb',
  DB_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db',
  BACKUP_BUCKET: 'backups',
  COUNT_TABLES: 'public.orders',
  DR_REGION: 'eu-central-1',
  DR_KMS_KEY_ARN: 'arn:aws:kms:eu-central-1:111111111111:key/dr',
  DR_MANIFEST_BUCKET: 'dr-manifest-copies',
};
const NOW = new Date('2026-05-10T03:00:00Z');

const rds = new RDSClient({ region: 'eu-west-1' });
const drRds = new RDSClient({ region: 'eu-central-1' });
const s3 = new S3Client({ region: 'eu-west-1' });
const drS3 = new S3Client({ region: 'eu-central-1' });
const secrets = new SecretsManagerClient({ region: 'eu-west-1' });
const rdsMock = mockClient(rds);
const drMock = mockClient(drRds);
const s3Mock = mockClient(s3);
const drS3Mock = mockClient(drS3);
const secretsMock = mockClient(secrets);

let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Client;
let output: ReturnType<typeof captureStdout>;

beforeAll(async () => {
  scratch = await createScratchDatabase('backup_dbsnap');
  db = await scratch.connect();
  await db.query(
    'CREATE TABLE public.orders (id int); INSERT INTO public.orders SELECT generate_series(1, 42); CREATE TABLE public.other (id int);',
  );
});
afterAll(async () => {
  await db?.end();
  await scratch?.drop();
});
beforeEach(() => {
  for (const m of [rdsMock, drMock, s3Mock, drS3Mock, secretsMock]) m.reset();
  secretsMock.on(GetSecretValueCommand).resolves({
    SecretString: JSON.stringify({
      host: '127.0.0.1',
      port: 5432,
      username: 'postgres',
      password: 'unused-locally',
      dbname: scratch.name,
    }),
  });
  output = captureStdout();
});
afterEach(() => output.restore());

// tls: false is the explicit, test-only way to reach the local PostgreSQL, which serves without TLS; the deployed handler never passes it.
const handlerWith = (env: Record<string, string | undefined> = ENV) =>
  createHandler({ env, tls: false, now: () => NOW, clients: { rds, drRds, s3, drS3, secrets } });

describe('db-snapshot handler, as deployed', () => {
  it('always connects with TLS: the real PostgreSQL without TLS refuses the row counts, and the snapshot is still taken', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    // No tls option: the handler's own connection settings, as `handler` uses them.
    const result = await createHandler({ env: ENV, now: () => NOW, clients: { rds, drRds, s3, drS3, secrets } })({ action: 'snapshot' });
    expect(result.succeeded).toBe(false);
    expect(result.steps).toContainEqual({ step: 'count-rows', ok: false, detail: 'The server does not support SSL connections' });
    expect(rdsMock).toHaveReceivedCommandTimes(CreateDBSnapshotCommand, 1);
    expect(s3Mock).not.toHaveReceivedCommand(PutObjectCommand);
  });
});

describe('db-snapshot handler, snapshot action', () => {
  it('counts rows in the real database, writes the manifest and creates the tagged snapshot', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    const result = await handlerWith()({ action: 'snapshot' });

    expect(result.succeeded).toBe(true);
    expect(secretsMock).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: ENV.DB_SECRET_ARN });
    expect(rdsMock).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'dev-appdb-2026-05-10' });
    const put = s3Mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({
      Bucket: 'backups',
      Key: 'manifests/dev/database/dev-appdb-2026-05-10.json',
      ContentType: 'application/json',
      IfNoneMatch: undefined,
    });
    expect(JSON.parse(put.Body as string)).toMatchObject({
      kind: 'database',
      stage: 'dev',
      snapshotId: 'dev-appdb-2026-05-10',
      rowCounts: { 'public.orders': 42 },
    });
    expect(rdsMock).toHaveReceivedCommandWith(CreateDBSnapshotCommand, {
      DBInstanceIdentifier: 'appdb',
      DBSnapshotIdentifier: 'dev-appdb-2026-05-10',
      Tags: [
        { Key: 'Stage', Value: 'dev' },
        { Key: 'CreatedBy', Value: 'stage-platform-backup' },
        { Key: 'BackupKind', Value: 'daily' },
      ],
    });
    expect(drMock).not.toHaveReceivedAnyCommand();
    expect(output.metrics()).toEqual({ BackupSucceeded: [1], RowCountTables: [1] });
    expect(output.metricContexts()[0]).toMatchObject({
      namespace: 'StagePlatform',
      dimensions: ['service', 'Stage'],
      values: { service: 'db-snapshot', Stage: 'dev' },
    });
  });

  it('a slow database cannot keep the snapshot from being taken: CreateDBSnapshot goes first, and counts that miss the deadline are marked not counted', async () => {
    const order: string[] = [];
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    rdsMock.on(CreateDBSnapshotCommand).callsFake(() => void order.push('CreateDBSnapshot'));
    secretsMock.on(GetSecretValueCommand).callsFake(() => {
      order.push('GetSecretValue');
      return {
        SecretString: JSON.stringify({
          host: '127.0.0.1',
          port: 5432,
          username: 'postgres',
          password: 'unused-locally',
          dbname: scratch.name,
        }),
      };
    });
    // Another session holds a lock on the table, so its count waits; the Lambda has 61.1 s left, of which the margin keeps 60.
    const locker = await scratch.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE public.other IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const result = await handlerWith({ ...ENV, COUNT_TABLES: '' })({ action: 'snapshot' }, { getRemainingTimeInMillis: () => 61_100 });

      expect(Date.now() - started).toBeLessThan(10_000);
      expect(order).toEqual(['CreateDBSnapshot', 'GetSecretValue']);
      expect(result).toMatchObject({ succeeded: true, rowCountTables: 1, notCountedTables: 1 });
      const manifest = JSON.parse(s3Mock.commandCalls(PutObjectCommand)[0].args[0].input.Body as string);
      expect(manifest.rowCounts).toEqual({ 'public.orders': 42 });
      expect(Object.keys(manifest.notCounted)).toEqual(['public.other']);
      expect(manifest.notCounted['public.other'].reason).toMatch(/^count cut off after \d+ ms \(statement_timeout\)$/);
      expect(output.metrics()).toEqual({ BackupSucceeded: [1], RowCountTables: [1] });
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it("creates nothing when today's snapshot exists", async () => {
    rdsMock
      .on(DescribeDBSnapshotsCommand)
      .resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 'dev-appdb-2026-05-10', Status: 'creating', SnapshotType: 'manual' }] });
    const result = await handlerWith()({ action: 'snapshot' });
    expect(result.succeeded).toBe(true);
    expect(rdsMock).not.toHaveReceivedCommand(CreateDBSnapshotCommand);
    expect(s3Mock).not.toHaveReceivedAnyCommand();
    expect(output.metrics()).toEqual({ BackupSucceeded: [1] });
  });

  it('takes the snapshot even when the secret cannot be read, and publishes failure', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    secretsMock.on(GetSecretValueCommand).rejects(awsError('AccessDeniedException'));
    const result = await handlerWith()({ action: 'snapshot' });
    expect(result.succeeded).toBe(false);
    expect(rdsMock).toHaveReceivedCommandTimes(CreateDBSnapshotCommand, 1);
    expect(s3Mock).not.toHaveReceivedCommand(PutObjectCommand);
    expect(output.metrics()).toEqual({ BackupSucceeded: [0], RowCountTables: [0] });
  });

  it('counts every user table when COUNT_TABLES is empty', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    await handlerWith({ ...ENV, COUNT_TABLES: '' })({ action: 'snapshot' });
    const put = s3Mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(JSON.parse(put.Body as string).rowCounts).toEqual({ 'public.orders': 42, 'public.other': 0 });
    expect(output.metrics().RowCountTables).toEqual([2]);
  });
});

describe('db-snapshot handler, copy action', () => {
  /** Today's snapshot in the stage's region, tagged as the platform's backup. */
  const todaysSnapshot = {
    DBSnapshotIdentifier: 'dev-appdb-2026-05-10',
    DBSnapshotArn: 'arn:aws:rds:eu-west-1:111111111111:snapshot:dev-appdb-2026-05-10',
    DBInstanceIdentifier: 'appdb',
    SnapshotType: 'manual',
    Status: 'available',
    SnapshotCreateTime: new Date('2026-05-10T02:00:00Z'),
    TagList: [
      { Key: 'Stage', Value: 'dev' },
      { Key: 'CreatedBy', Value: 'stage-platform-backup' },
    ],
  };

  it('copies a recent snapshot missing in the DR region with the DR client, DR key and tags', async () => {
    const arn = todaysSnapshot.DBSnapshotArn;
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [todaysSnapshot] });
    drMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    s3Mock.on(GetObjectCommand).rejects(awsError('NoSuchKey'));
    const result = await handlerWith()({ action: 'copy' });

    expect(result.succeeded).toBe(true);
    // A snapshot whose counts never made it into a manifest: nothing to copy, and the DR restore test reports the copy unchecked.
    expect(result.steps.find((step) => step.step === 'copy manifest of dev-appdb-2026-05-10')?.detail).toMatch(/^no manifest /);
    expect(drS3Mock).not.toHaveReceivedCommand(PutObjectCommand);
    expect(rdsMock).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { SnapshotType: 'manual', DBInstanceIdentifier: 'appdb' });
    expect(drMock).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { DBSnapshotIdentifier: 'dev-appdb-2026-05-10' });
    expect(drMock).toHaveReceivedCommandWith(CopyDBSnapshotCommand, {
      SourceDBSnapshotIdentifier: arn,
      TargetDBSnapshotIdentifier: 'dev-appdb-2026-05-10',
      KmsKeyId: ENV.DR_KMS_KEY_ARN,
      CopyTags: true,
    });
    expect(rdsMock).not.toHaveReceivedCommand(CopyDBSnapshotCommand);
    expect(output.metrics()).toEqual({ BackupSucceeded: [1] });
  });

  it("copies the snapshot's manifest beside the copy into the DR region's bucket, keeping one already there", async () => {
    const key = 'manifests/dev/database/dev-appdb-2026-05-10.json';
    const manifest = {
      kind: 'database',
      stage: 'dev',
      snapshotId: 'dev-appdb-2026-05-10',
      recordedAt: '2026-05-10T02:00:05Z',
      rowCounts: { 'public.orders': 42 },
    };
    rdsMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [todaysSnapshot] });
    drMock.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [{ DBSnapshotIdentifier: 'dev-appdb-2026-05-10', Status: 'copying' }] });
    s3Mock.on(GetObjectCommand).resolves({ Body: { transformToString: async () => JSON.stringify(manifest) } } as never);
    drS3Mock.on(PutObjectCommand).resolves({});

    const result = await handlerWith()({ action: 'copy' });

    expect(result.succeeded).toBe(true);
    expect(s3Mock).toHaveReceivedCommandWith(GetObjectCommand, { Bucket: 'backups', Key: key });
    const put = drS3Mock.commandCalls(PutObjectCommand)[0].args[0].input;
    expect(put).toMatchObject({ Bucket: 'dr-manifest-copies', Key: key, IfNoneMatch: '*' });
    expect(JSON.parse(put.Body as string)).toEqual(manifest);
    expect(result.steps).toContainEqual({ step: 'copy manifest of dev-appdb-2026-05-10', ok: true, detail: `wrote ${key}` });

    drS3Mock.on(PutObjectCommand).rejects(
      Object.assign(new Error('At least one of the pre-conditions you specified did not hold'), {
        name: 'PreconditionFailed',
        $metadata: { httpStatusCode: 412 },
      }),
    );
    const again = await handlerWith()({ action: 'copy' });
    expect(again.steps).toContainEqual({ step: 'copy manifest of dev-appdb-2026-05-10', ok: true, detail: `kept the existing ${key}` });
  });
});

describe('db-snapshot handler, bad input', () => {
  it('rejects a malformed event before touching AWS, and publishes failure', async () => {
    await expect(handlerWith()({ action: 'nuke' })).rejects.toThrow(MalformedEventError);
    for (const m of [rdsMock, drMock, s3Mock, drS3Mock, secretsMock]) expect(m).not.toHaveReceivedAnyCommand();
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it('names every missing variable at once and publishes failure', async () => {
    const error = await handlerWith({ STAGE: 'dev', COUNT_TABLES: '' })({ action: 'snapshot' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingEnvironmentError);
    expect((error as MissingEnvironmentError).missing).toEqual([
      'DB_INSTANCE_ID',
      'DB_SECRET_ARN',
      'BACKUP_BUCKET',
      'DR_REGION',
      'DR_KMS_KEY_ARN',
      'DR_MANIFEST_BUCKET',
    ]);
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it('still takes the snapshot when the table list is malformed, and reports the count as failed', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    const result = await handlerWith({ ...ENV, COUNT_TABLES: 'orders' })({ action: 'snapshot' });
    expect(result.steps.find((s) => s.step === 'count-rows')?.detail).toMatch(/schema\.table/);
    expect(rdsMock).toHaveReceivedCommandTimes(CreateDBSnapshotCommand, 1);
    expect(output.metrics()).toEqual({ BackupSucceeded: [0], RowCountTables: [0] });
  });
});

describe('db-snapshot handler, retries', () => {
  it('a snapshot quota is not retried: CreateDBSnapshot is sent once and the run reports failure', async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    rdsMock
      .on(CreateDBSnapshotCommand)
      .rejects(awsError('SnapshotQuotaExceeded', 'Request would result in user exceeding the allowed number of DB snapshots.'));
    const result = await handlerWith()({ action: 'snapshot' });
    expect(rdsMock).toHaveReceivedCommandTimes(CreateDBSnapshotCommand, 1);
    expect(result.succeeded).toBe(false);
    expect(result.steps.find((s) => s.step === 'create-snapshot')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('SnapshotQuotaExceeded'),
    });
  });

  it("a CreateDBSnapshot still throttled after the SDK client's retries is sent once by the handler and reported", async () => {
    rdsMock.on(DescribeDBSnapshotsCommand).rejects(awsError('DBSnapshotNotFoundFault'));
    rdsMock.on(CreateDBSnapshotCommand).rejects(awsError('Throttling', 'Rate exceeded'));
    const result = await handlerWith()({ action: 'snapshot' });
    expect(rdsMock).toHaveReceivedCommandTimes(CreateDBSnapshotCommand, 1);
    expect(result.succeeded).toBe(false);
  });
});
