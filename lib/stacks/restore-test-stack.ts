import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AlertTarget } from '../constructs/common/alarm-routing';
import { PlatformFunction } from '../constructs/common/platform-function';
import { StageConfig } from '../config/types';
import { addLambdaAlarms } from '../constructs/monitoring/lambda-alarms';
import { DrRestoreTestAlarms } from '../constructs/restore-test/dr-restore-test-alarms';
import { DrRestoreTestMetrics } from '../constructs/restore-test/dr-restore-test-metrics';
import { RestoreTests } from '../constructs/restore-test/restore-tests';
import { DataStack } from './data-stack';
import { PlatformStack } from './platform-stack';

export interface RestoreTestStackProps {
  readonly data: DataStack;
  /** The stage's alert routing (AlertingStack.routing): each alarm goes to its severity's topic. */
  readonly alarmTopic: AlertTarget;
}

/**
 * Stateless: weekly restore tests of the database and the cache, with their sweeper; and, in this
 * (the stage's) region, the alarms on the monthly DR restore test, which runs in `<stage>-dr-restore-test`.
 */
export class RestoreTestStack extends PlatformStack {
  readonly restoreTests: RestoreTests;
  /** Where the restore tests log (functions and workflows): the dashboard's failed-runs widget reads them. */
  readonly automationLogGroups: logs.ILogGroup[];
  readonly drRestoreTestAlarms: DrRestoreTestAlarms;

  constructor(scope: Construct, config: StageConfig, props: RestoreTestStackProps) {
    super(scope, 'restore-test', {
      config,
      stateful: false,
      description: `${config.stage}: restore tests of the newest database and cache backups`,
    });
    const { data, alarmTopic } = props;
    this.restoreTests = new RestoreTests(this, 'RestoreTests', {
      stage: config.stage,
      vpc: data.database.primary.vpc,
      database: data.database.primary,
      databaseKey: data.database.encryptionKey,
      replicationGroupId: data.cache.replicationGroupId,
      cacheKey: data.cache.encryptionKey,
      cacheAuthSecret: data.cache.authSecret,
      backupBucket: data.backupBucket,
      alarmTopic,
      config: config.restoreTest,
      logRetention: config.logRetentionDays,
    });
    const tests = this.restoreTests;
    const functions = [
      ...Object.values(tests.database.functions),
      ...Object.values(tests.cache.functions),
      tests.reportFunction,
      tests.sweeper.function,
      tests.freshness.function,
    ];
    for (const fn of functions) addLambdaAlarms(this, fn, alarmTopic);
    this.automationLogGroups = [
      tests.database.workflow.logGroup,
      tests.cache.workflow.logGroup,
      ...functions.flatMap((fn) => (fn instanceof PlatformFunction ? [fn.logGroup] : [])),
    ];
    this.drRestoreTestAlarms = new DrRestoreTestAlarms(this, 'DrRestoreTestAlarms', {
      stage: config.stage,
      config: config.restoreTest.dr,
      metrics: new DrRestoreTestMetrics(config.stage),
      alarmTopic,
      drRegion: config.backup.drRegion,
    });
  }
}
