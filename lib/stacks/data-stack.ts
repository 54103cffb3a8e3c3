import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { BackupBucket } from '../constructs/backup/backup-bucket';
import { LogArchiveBucket } from '../constructs/backup/log-archive-bucket';
import { PostgresDatabase } from '../constructs/data/postgres-database';
import { ValkeyCache } from '../constructs/data/valkey-cache';
import { retainedKey } from '../constructs/common/retained-key';
import { drKeyAlias } from './dr-stack';
import { PlatformStack } from './platform-stack';

export interface DataStackProps {
  readonly vpc: ec2.IVpc;
}

/**
 * Stateful: the database with its replicas, the cache, their customer-managed keys, and the buckets
 * holding backups and archived logs. Construct ids here must never change (a test pins their logical ids).
 */
export class DataStack extends PlatformStack {
  readonly database: PostgresDatabase;
  readonly cache: ValkeyCache;
  /** Encrypts the database, its replicas, automated backups and snapshots (the DR copies use the DR key). */
  readonly databaseKey: kms.Key;
  /** Encrypts the cache and its snapshots. */
  readonly cacheKey: kms.Key;
  /** Dumps, manifests, config backups and reports (restore tests, drills, cost). */
  readonly backupBucket: s3.IBucket;
  readonly backupKey: kms.Key;
  readonly logArchiveBucket: s3.IBucket;

  constructor(scope: Construct, config: StageConfig, props: DataStackProps) {
    super(scope, 'data', {
      config,
      stateful: true,
      description: `${config.stage}: PostgreSQL with read replicas, cache, their secrets and keys`,
    });
    // Kept whatever the stage: final snapshots, automated backups and manual snapshots outlive the
    // database and cache, and none of them can be read without its key.
    this.databaseKey = retainedKey(this, 'DatabaseKey', `${config.stage} database, its replicas and snapshots`);
    this.cacheKey = retainedKey(this, 'CacheKey', `${config.stage} cache and its snapshots`);
    this.database = new PostgresDatabase(this, 'Database', {
      vpc: props.vpc,
      database: config.database,
      availabilityZones: config.network.availabilityZones,
      logRetention: config.logRetentionDays,
      encryptionKey: this.databaseKey,
      // A region rebuild restores an off-site copy, encrypted with the DR key of this region (the old <stage>-dr stack).
      snapshotKey: config.database.restoreFromSnapshot
        ? kms.Alias.fromAliasName(this, 'RestoredSnapshotKey', drKeyAlias(config))
        : undefined,
    });
    this.cache = new ValkeyCache(this, 'Cache', {
      vpc: props.vpc,
      cache: config.cache,
      logRetention: config.logRetentionDays,
      encryptionKey: this.cacheKey,
    });

    // Backups outlive the stack whatever the stage: deleting a stage must never delete its backups.
    this.logArchiveBucket = new LogArchiveBucket(this, 'LogArchive', {
      stage: config.stage,
      config: config.backupStorage,
      removalPolicy: RemovalPolicy.RETAIN,
    }).bucket;
    this.backupKey = retainedKey(this, 'BackupKey', `${config.stage} backup bucket`);
    this.backupBucket = new BackupBucket(this, 'Backups', {
      config: config.backupStorage,
      kmsKey: this.backupKey,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.logArchiveBucket,
    }).bucket;
  }
}
