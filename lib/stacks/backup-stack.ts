import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { AlertTarget } from '../constructs/common/alarm-routing';
import { PlatformFunction } from '../constructs/common/platform-function';
import { StageConfig } from '../config/types';
import { BackupFunctions } from '../constructs/backup/backup-functions';
import { bucketFromOtherRegion } from '../constructs/common/cross-region';
import { ConfigBackup } from '../constructs/backup/config-backup';
import { DbDumpTask } from '../constructs/backup/db-dump-task';
import { LogArchive } from '../constructs/backup/log-archive';
import { addLambdaAlarms } from '../constructs/monitoring/lambda-alarms';
import { allowTcp } from '../constructs/network/allow-tcp';
import { DataStack } from './data-stack';
import { PlatformStack } from './platform-stack';
import { ServicesStack } from './services-stack';

export interface BackupStackProps {
  readonly data: DataStack;
  readonly services: ServicesStack;
  /** The stage's alert routing (AlertingStack.routing): each alarm goes to its severity's topic. */
  readonly alarmTopic: AlertTarget;
  /** ARN (or alias ARN) of the KMS key in the DR region that encrypts snapshot copies. */
  readonly drKmsKeyArn: string;
  /** The DR region's bucket of manifest copies (`<stage>-dr`), referenced across regions by Fn::GetStackOutput. */
  readonly drManifestBucket: s3.IBucket;
}

/** Stateless: the jobs that take, copy, dump, prune and watch the stage's backups (the buckets live in the data stack). */
export class BackupStack extends PlatformStack {
  readonly snapshots: BackupFunctions;
  readonly dump: DbDumpTask;
  readonly configBackup: ConfigBackup;
  readonly logArchive: LogArchive;
  /** Where the backup jobs log: the dashboard's failed-runs widget reads them. */
  readonly automationLogGroups: logs.ILogGroup[] = [];

  constructor(scope: Construct, config: StageConfig, props: BackupStackProps) {
    super(scope, 'backup', {
      config,
      stateful: false,
      description: `${config.stage}: scheduled snapshots, DR copies, dumps, config backups, retention, freshness`,
    });
    const { data, services, alarmTopic } = props;
    const { database, cache } = data;
    const vpc = services.cluster.vpc;
    const common = { stage: config.stage, alarmTopic, logRetention: config.logRetentionDays };

    this.snapshots = new BackupFunctions(this, 'Snapshots', {
      ...common,
      config: config.backup,
      vpc,
      database: database.primary,
      databaseSecret: database.secret,
      databaseEncryptionKey: database.encryptionKey,
      replicationGroupId: cache.replicationGroupId,
      cacheEncryptionKey: cache.encryptionKey,
      cacheAuthSecret: cache.authSecret,
      cacheEndpointAddress: cache.primaryEndpointAddress,
      cacheEndpointPort: cache.port,
      backupBucket: data.backupBucket,
      drKmsKeyArn: props.drKmsKeyArn,
      drManifestBucket: bucketFromOtherRegion(this, 'DrManifestBucket', props.drManifestBucket),
    });
    this.dump = new DbDumpTask(this, 'Dump', {
      ...common,
      config: config.backupStorage,
      vpc,
      cluster: services.cluster,
      databaseSecret: database.secret,
      databaseName: config.database.databaseName,
      backupBucket: data.backupBucket,
    });
    this.configBackup = new ConfigBackup(this, 'Config', {
      ...common,
      project: config.project,
      config: config.backupStorage,
      backupBucket: data.backupBucket,
      cluster: services.cluster,
    });
    this.logArchive = new LogArchive(this, 'LogArchive', { ...common, config: config.backupStorage, archiveBucket: data.logArchiveBucket });

    allowTcp(this, 'SnapshotJobsToDatabase', {
      target: database.securityGroup,
      source: this.snapshots.securityGroup,
      port: database.port,
      description: 'Snapshot job counts rows before the snapshot',
    });
    allowTcp(this, 'SnapshotJobsToCache', {
      target: cache.securityGroup,
      source: this.snapshots.securityGroup,
      port: cache.port,
      description: 'Cache snapshot job writes the sentinel key',
    });
    allowTcp(this, 'DumpToDatabase', {
      target: database.securityGroup,
      source: this.dump.securityGroup,
      port: database.port,
      description: 'Daily pg_dump task',
    });

    for (const fn of [...this.snapshots.functions, ...this.dump.functions, ...this.configBackup.functions, ...this.logArchive.functions]) {
      addLambdaAlarms(this, fn, alarmTopic);
      if (fn instanceof PlatformFunction) this.automationLogGroups.push(fn.logGroup);
    }
  }
}
