import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import * as monitor from '../../../lambda/backup-monitor/contract';
import * as retention from '../../../lambda/backup-retention/contract';
import * as cacheSnapshot from '../../../lambda/cache-snapshot/contract';
import * as dbSnapshot from '../../../lambda/db-snapshot/contract';
import type { TimeBudget } from '../../../lambda/shared/time-budget';
import { BackupConfig } from '../../config/backup';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';
import { AlertTarget } from '../common/alarm-routing';
import { PlatformFunction } from '../common/platform-function';
import { backupSucceededAlarm } from './private/backup-alarm';
import { BackupFreshnessAlarms } from './backup-freshness-alarms';
import { scheduleFunction, type ScheduledInvocation } from '../common/scheduled-invoke';
import {
  allowCacheSnapshotJob,
  allowDbSnapshotJob,
  allowManifestCopies,
  allowManifestWrites,
  allowMonitorJob,
  allowRetentionJob,
} from './private/snapshot-permissions';

export interface BackupFunctionsProps {
  readonly stage: string;
  readonly config: BackupConfig;
  readonly vpc: ec2.IVpc;
  /** The primary PostgreSQL instance snapshotted daily. */
  readonly database: rds.IDatabaseInstance;
  /** The database's RDS-generated secret (host, port, username, password, dbname), for the row counts. */
  readonly databaseSecret: secretsmanager.ISecret;
  /** Customer managed key of the database's storage, when it has one (a copy must be allowed to use it). @default the AWS managed key, usable through RDS without a grant */
  readonly databaseEncryptionKey?: kms.IKey;
  readonly replicationGroupId: string;
  /** Customer managed key of the cache, when it has one (its snapshots are encrypted under it). @default the ElastiCache-managed key, usable without a grant */
  readonly cacheEncryptionKey?: kms.IKey;
  readonly cacheAuthSecret: secretsmanager.ISecret;
  /** Primary endpoint of the replication group. */
  readonly cacheEndpointAddress: string;
  readonly cacheEndpointPort: number;
  /** Manifests go under `manifests/<stage>/`; the monitor reads `dumps/<stage>/` and `config/<stage>/latest.json`. */
  readonly backupBucket: s3.IBucket;
  /** KMS key in `config.drRegion` that encrypts the DR copies. */
  readonly drKmsKeyArn: string;
  /** Bucket in `config.drRegion` that receives a copy of each copied snapshot's manifest. */
  readonly drManifestBucket: s3.IBucket;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  readonly logRetention: logs.RetentionDays;
  /** Freshness thresholds in hours per kind of backup. @default FRESHNESS_THRESHOLD_HOURS */
  readonly freshnessThresholdHours?: Partial<Record<monitor.BackupKindName, number>>;
}

/**
 * Database and cache snapshots with their retention and freshness monitoring: the daily DB
 * snapshot (with a row-count manifest) and its hourly copy to the DR region, the six-hourly cache
 * snapshot, the daily retention job, and the hourly monitor that publishes each backup's age.
 * The data stack allows 5432 and 6379 from `securityGroup`.
 */
export class BackupFunctions extends Construct {
  readonly dbSnapshotFunction: PlatformFunction;
  readonly cacheSnapshotFunction: PlatformFunction;
  readonly retentionFunction: PlatformFunction;
  readonly monitorFunction: PlatformFunction;
  /** All four, for the shared Lambda error, throttle and duration alarms. */
  readonly functions: readonly PlatformFunction[];
  /** Of the functions that reach the database and the cache. */
  readonly securityGroup: ec2.SecurityGroup;
  readonly schedules: readonly scheduler.Schedule[];
  /** BackupSucceeded < 1 in a day, one per function (keyed by its service name). */
  readonly failedRunAlarms: Readonly<Record<string, cloudwatch.Alarm>>;
  /** Newest backup too old, one per kind. */
  readonly freshnessAlarms: Readonly<Record<monitor.BackupKindName, cloudwatch.Alarm>>;

  constructor(scope: Construct, id: string, props: BackupFunctionsProps) {
    super(scope, id);
    const { stage } = props;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${stage} snapshot jobs: PostgreSQL and cache out, HTTPS to AWS APIs`,
      allowAllOutbound: true,
    });

    const db = this.createDbSnapshot(props);
    const cache = this.createCacheSnapshot(props);
    const keep = this.createRetention(props);
    const watch = this.createMonitor(props);
    this.dbSnapshotFunction = db.fn;
    this.cacheSnapshotFunction = cache.fn;
    this.retentionFunction = keep.fn;
    this.monitorFunction = watch.fn;
    this.functions = [db.fn, cache.fn, keep.fn, watch.fn];
    this.schedules = [db, cache, keep, watch].flatMap((job) => job.schedules);

    const what: [string, string, PlatformFunction][] = [
      [dbSnapshot.HANDLER_DIR, `The ${stage} database snapshot or its DR copy`, db.fn],
      [cacheSnapshot.HANDLER_DIR, `The ${stage} cache snapshot`, cache.fn],
      [retention.HANDLER_DIR, `The ${stage} snapshot retention`, keep.fn],
      [monitor.HANDLER_DIR, `The ${stage} backup freshness monitor`, watch.fn],
    ];
    this.failedRunAlarms = Object.fromEntries(
      what.map(([service, description, fn]) => [
        service,
        backupSucceededAlarm(this, `${service}-failed`, {
          stage,
          service,
          what: description,
          topic: props.alarmTopic,
          logGroups: [fn.logGroup],
        }),
      ]),
    );
    this.freshnessAlarms = new BackupFreshnessAlarms(this, 'Freshness', {
      stage,
      alarmTopic: props.alarmTopic,
      logGroups: [watch.fn.logGroup],
      thresholdHours: props.freshnessThresholdHours,
    }).alarms;
  }

  /** One job: its function in its own scope (which also holds its scheduler role), its grants and schedules. */
  private job(props: BackupFunctionsProps, id: string, job: Job): { fn: PlatformFunction; schedules: scheduler.Schedule[] } {
    const scope = new Construct(this, id);
    const fn = new PlatformFunction(scope, 'Function', {
      stage: props.stage,
      handlerDir: job.handlerDir,
      description: job.description,
      timeBudget: job.timeBudget,
      logRetention: props.logRetention,
      ...(job.inVpc ? { vpc: props.vpc, securityGroups: [this.securityGroup] } : {}),
      environment: job.environment,
    });
    job.grant(fn);
    return { fn, schedules: scheduleFunction(scope, fn, job.invocations) };
  }

  private createDbSnapshot(props: BackupFunctionsProps) {
    const { stage, config } = props;
    return this.job(props, 'DbSnapshot', {
      handlerDir: dbSnapshot.HANDLER_DIR,
      description: `Daily snapshot of the ${stage} database and its row-count manifest; hourly copy to ${config.drRegion}`,
      // The counts and copies stop at a deadline derived from the budget's timeout.
      timeBudget: Object.values(dbSnapshot.TIME_BUDGETS),
      inVpc: true,
      environment: {
        [dbSnapshot.ENV.dbInstanceId]: props.database.instanceIdentifier,
        [dbSnapshot.ENV.dbSecretArn]: props.databaseSecret.secretArn,
        [dbSnapshot.ENV.backupBucket]: props.backupBucket.bucketName,
        [dbSnapshot.ENV.countTables]: config.countTables.join(','),
        [dbSnapshot.ENV.drRegion]: config.drRegion,
        [dbSnapshot.ENV.drKmsKeyArn]: props.drKmsKeyArn,
        [dbSnapshot.ENV.drManifestBucket]: props.drManifestBucket.bucketName,
        // Node.js 20+ runtimes trust the RDS CA only when pointed at the bundle Lambda ships.
        NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
      },
      grant: (fn) => {
        props.databaseSecret.grantRead(fn);
        allowManifestWrites(fn, props.backupBucket, stage, 'database');
        allowManifestCopies(fn, props.backupBucket, props.drManifestBucket, stage);
        allowDbSnapshotJob(fn, {
          stage,
          dbInstanceArn: props.database.instanceArn,
          drRegion: config.drRegion,
          drKmsKeyArn: props.drKmsKeyArn,
          databaseKey: props.databaseEncryptionKey,
        });
      },
      invocations: [
        {
          id: 'Snapshot',
          description: `Daily snapshot of the ${stage} database`,
          expression: config.schedules.dbSnapshot,
          input: { action: 'snapshot' },
        },
        {
          id: 'Copy',
          description: `Copy of recent ${stage} database snapshots to ${config.drRegion}`,
          expression: config.schedules.dbSnapshotCopy,
          input: { action: 'copy' },
        },
      ],
    });
  }

  private createCacheSnapshot(props: BackupFunctionsProps) {
    const { stage, config } = props;
    return this.job(props, 'CacheSnapshot', {
      handlerDir: cacheSnapshot.HANDLER_DIR,
      description: `Sentinel write and snapshot of the ${stage} cache`,
      timeBudget: cacheSnapshot.TIME_BUDGET,
      inVpc: true,
      environment: {
        [cacheSnapshot.ENV.replicationGroupId]: props.replicationGroupId,
        [cacheSnapshot.ENV.cacheHost]: props.cacheEndpointAddress,
        [cacheSnapshot.ENV.cachePort]: String(props.cacheEndpointPort),
        [cacheSnapshot.ENV.cacheAuthSecretArn]: props.cacheAuthSecret.secretArn,
        [cacheSnapshot.ENV.backupBucket]: props.backupBucket.bucketName,
      },
      grant: (fn) => {
        props.cacheAuthSecret.grantRead(fn);
        allowManifestWrites(fn, props.backupBucket, stage, 'cache');
        allowCacheSnapshotJob(fn, { stage, replicationGroupId: props.replicationGroupId, cacheKey: props.cacheEncryptionKey });
      },
      invocations: [{ id: 'Snapshot', description: `Snapshot of the ${stage} cache`, expression: config.schedules.cacheSnapshot }],
    });
  }

  private createRetention(props: BackupFunctionsProps) {
    const { stage, config } = props;
    return this.job(props, 'Retention', {
      handlerDir: retention.HANDLER_DIR,
      description: `Deletes ${stage} snapshots past retention in both regions and the cache`,
      // Listing and deleting stop at a deadline derived from the budget's timeout; the next day's run goes on.
      timeBudget: retention.TIME_BUDGET,
      inVpc: false,
      environment: {
        [retention.ENV.drRegion]: config.drRegion,
        [retention.ENV.snapshotRetentionDays]: String(config.snapshotRetentionDays),
        [retention.ENV.keepLatestSnapshots]: String(config.keepLatestSnapshots),
        [retention.ENV.cacheSnapshotRetentionDays]: String(config.cacheSnapshotRetentionDays),
        [retention.ENV.dryRun]: String(config.dryRunRetention),
      },
      grant: (fn) => allowRetentionJob(fn, { stage, drRegion: config.drRegion }),
      invocations: [{ id: 'Retention', description: `Daily snapshot retention of ${stage}`, expression: config.schedules.retention }],
    });
  }

  private createMonitor(props: BackupFunctionsProps) {
    const { stage, config } = props;
    return this.job(props, 'Monitor', {
      handlerDir: monitor.HANDLER_DIR,
      description: `Publishes the age of the newest ${stage} backup of each kind`,
      timeBudget: monitor.TIME_BUDGET,
      inVpc: false,
      environment: { [monitor.ENV.drRegion]: config.drRegion, [monitor.ENV.backupBucket]: props.backupBucket.bucketName },
      grant: (fn) => {
        allowMonitorJob(fn, { stage, drRegion: config.drRegion, bucket: props.backupBucket });
        // Each dump's sidecar records its size; only sidecars are read, never a dump.
        const sidecars = props.backupBucket.arnForObjects(`${monitor.dumpPrefix(stage)}*.dump.json`);
        fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadDumpSidecars', actions: ['s3:GetObject'], resources: [sidecars] }));
        props.backupBucket.encryptionKey?.grantDecrypt(fn);
        acknowledgeWildcards(fn, [
          {
            finding: wildcardResources(sidecars),
            reason: `Reads only the sidecars (*.dump.json) of this stage's dumps, whose names carry the dump's date and time`,
          },
        ]);
      },
      invocations: [{ id: 'Monitor', description: `Hourly backup freshness check of ${stage}`, expression: config.schedules.monitor }],
    });
  }
}

interface Job {
  readonly handlerDir: string;
  readonly description: string;
  /** The handler's budget (its contract.ts), which sets the timeout. */
  readonly timeBudget: TimeBudget | readonly TimeBudget[];
  /** In the VPC behind `securityGroup`, to reach the database or the cache. */
  readonly inVpc: boolean;
  readonly environment: Record<string, string>;
  readonly grant: (fn: PlatformFunction) => void;
  readonly invocations: readonly ScheduledInvocation[];
}
