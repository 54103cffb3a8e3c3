import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AlertTarget, topicFor } from '../constructs/common/alarm-routing';
import { postgresMaxConnections } from '../config/catalog';
import { StageConfig } from '../config/types';
import { snapshotMetrics } from '../constructs/backup/snapshot-metrics';
import { CostManagement } from '../constructs/cost/cost-management';
import { RecoveryDrills } from '../constructs/drills/recovery-drills';
import { AlertDigest } from '../constructs/monitoring/alert-digest';
import { addLambdaAlarms } from '../constructs/monitoring/lambda-alarms';
import { StageMonitoring } from '../constructs/monitoring/stage-monitoring';
import { allowTcp } from '../constructs/network/allow-tcp';
import { RestoreTestMetrics } from '../constructs/restore-test/restore-test-metrics';
import { DataStack } from './data-stack';
import { drRestoreWidgets } from '../constructs/restore-test/dr-restore-widgets';
import { PlatformStack } from './platform-stack';
import { ServicesStack } from './services-stack';

export interface MonitoringStackProps {
  readonly data: DataStack;
  readonly services: ServicesStack;
  /** The stage's alert routing (AlertingStack.routing): each alarm goes to its severity's topic. */
  readonly alarmTopic: AlertTarget;
  /** Log groups of the stage's backup and restore-test automation, for the dashboard's failed-runs widget. @default none */
  readonly automationLogGroups?: readonly logs.ILogGroup[];
  /** The cost metrics for the dashboard's Cost row. @default no Cost row */
  readonly costs?: CostManagement;
}

/**
 * Stateless: every alarm of the stage, the composite "stage unhealthy" alarm, the synthetic health
 * check and failover drills (which stop on that composite alarm), and the dashboard.
 */
export class MonitoringStack extends PlatformStack {
  readonly monitoring: StageMonitoring;
  readonly recovery: RecoveryDrills;
  /** The daily warning digest, where warnings are delivered that way (monitoring.alerts.warningDelivery). */
  readonly alertDigest?: AlertDigest;

  constructor(scope: Construct, config: StageConfig, props: MonitoringStackProps) {
    super(scope, 'monitoring', {
      config,
      stateful: false,
      description: `${config.stage}: alarms, composite health alarm, dashboard, synthetic check, failover drills`,
    });
    const { data, services, alarmTopic } = props;
    const stage = config.stage;

    this.monitoring = new StageMonitoring(this, 'Monitoring', {
      stage,
      config: config.monitoring,
      topic: alarmTopic,
      logGroups: { api: services.api.logGroup, worker: services.worker.logGroup },
      // Read when the dashboard renders: the drills below are built after it.
      automationLogGroups: () => [
        ...(props.automationLogGroups ?? []),
        ...(this.recovery.workflow ? [this.recovery.workflow.logGroup] : []),
        ...[this.recovery.databaseProbe?.function, this.recovery.healthCheck?.function].flatMap((fn) => (fn ? [fn.logGroup] : [])),
      ],
      loadBalancer: services.loadBalancer.loadBalancer,
      apiTargetGroups: services.api.targetGroups,
      cluster: services.cluster,
      apiService: services.api.service,
      workerService: services.worker.service,
      queue: services.workQueue.queue,
      deadLetterQueue: services.workQueue.deadLetterQueue,
      database: data.database.primary,
      replicas: data.database.replicas,
      databaseAllocatedStorageGb: config.database.allocatedStorageGb,
      databaseMaxConnections: postgresMaxConnections(config.database.instanceClass),
      cacheReplicationGroupId: data.cache.replicationGroupId,
      cacheNodeIds: data.cache.nodeIds(),
      deploymentAlarms: services.deploymentAlarms,
      cost: props.costs ? { monthToDate: props.costs.monthToDateCost, forecast: props.costs.forecastCost } : undefined,
    });

    const restore = new RestoreTestMetrics(stage);
    this.recovery = new RecoveryDrills(this, 'Recovery', {
      stage,
      config: config.recovery,
      vpc: services.cluster.vpc,
      healthUrl: services.url,
      database: data.database.primary,
      databaseSecret: data.database.secret,
      replicationGroupId: data.cache.replicationGroupId,
      cluster: services.cluster,
      apiService: services.api.service,
      compositeAlarm: this.monitoring.compositeAlarm,
      alarmTopic,
      reportsBucket: data.backupBucket,
      logRetention: config.logRetentionDays,
      restoreTestMetrics: {
        databaseDuration: restore.durationSeconds('database'),
        databaseDataAge: restore.dataAgeSeconds('database'),
        cacheDuration: restore.durationSeconds('cache'),
        cacheDataAge: restore.dataAgeSeconds('cache'),
      },
    });
    if (this.recovery.databaseProbe) {
      allowTcp(this, 'DrillProbeToDatabase', {
        target: data.database.securityGroup,
        source: this.recovery.databaseProbe.securityGroup,
        port: data.database.port,
        description: 'Failover drill write probe',
      });
      addLambdaAlarms(this, this.recovery.databaseProbe.function, alarmTopic);
    }
    if (this.recovery.healthCheck) addLambdaAlarms(this, this.recovery.healthCheck.function, alarmTopic);

    const alerts = config.monitoring.alerts;
    if (alerts.warningDelivery === 'daily-digest') {
      this.alertDigest = new AlertDigest(this, 'AlertDigest', {
        stage,
        topic: topicFor(alarmTopic, 'warning'),
        schedule: alerts.digestSchedule,
        alarmTopic,
        logRetention: config.logRetentionDays,
      });
    }

    const dashboard = this.monitoring.dashboard;
    dashboard.addRow(
      'Recovery',
      [...this.recovery.recoveryWidgets(), ...drRestoreWidgets(stage, config.restoreTest.dr)],
      'restore tests (RTO and RPO), the DR restore test, failover drills, synthetic availability',
    );
    dashboard.addRow('Backups', backupWidgets(stage), 'age of the newest backup of each kind; alarms fire past 26 h (cache 7 h)');
  }
}

function backupWidgets(stage: string): cloudwatch.IWidget[] {
  const kinds = ['dbSnapshot', 'drSnapshot', 'dbDump', 'configBackup', 'cacheSnapshot'] as const;
  return [
    new cloudwatch.GraphWidget({
      title: 'Newest backup age (hours)',
      width: 12,
      height: 6,
      left: kinds.map((kind) => snapshotMetrics.freshness(stage, kind, Duration.hours(1)).with({ label: kind })),
      leftYAxis: { label: 'hours', showUnits: false, min: 0 },
      leftAnnotations: [{ value: 26, label: 'daily backups stale', color: '#d62728' }],
    }),
    new cloudwatch.SingleValueWidget({ title: 'Newest dump size', width: 6, height: 6, metrics: [snapshotMetrics.dumpSize(stage)] }),
    new cloudwatch.GraphWidget({
      title: 'Snapshots kept / deleted per day',
      width: 6,
      height: 6,
      left: [snapshotMetrics.snapshotsKept(stage), snapshotMetrics.snapshotsDeleted(stage)],
    }),
  ];
}
