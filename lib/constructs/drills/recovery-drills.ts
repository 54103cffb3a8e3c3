import { ArnFormat, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { createOperationsAlarm } from '../common/stage-alarm';
import { type DrillKind, TIME_BUDGET as MEASURE_BUDGET } from '../../../lambda/drill/measure/contract';
import { ENV as REPORT_ENV, TIME_BUDGET as REPORT_BUDGET } from '../../../lambda/drill/report/contract';
import type { TimeBudget } from '../../../lambda/shared/time-budget';
import { ConfigValidationError } from '../../config/config-issue';
import { DrillsConfig, validateDrillsConfig } from '../../config/drills';
import { acknowledgeLambdaBasicExecution, acknowledgeWildcards, KMS_BUCKET_KEY_ACTIONS, wildcardResources } from '../common/nag';
import { AlertTarget } from '../common/alarm-routing';
import { PlatformFunction } from '../common/platform-function';
import { DatabaseProbe } from './database-probe';
import { recoverySecondsMetric } from './private/drill-metrics';
import { DrillWorkflow } from './drill-workflow';
import { FaultExperiments, FisDrillKind } from './fault-experiments';
import { HealthCheck } from './health-check';
import { RestoreTestMetrics, recoveryWidgets } from './private/recovery-widgets';
import { scheduleRole } from '../common/scheduled-invoke';

export interface RecoveryDrillsProps {
  readonly stage: string;
  readonly config: DrillsConfig;
  readonly vpc: ec2.IVpc;
  /** The stage's public base URL without a path, e.g. `https://app.example.com`; the health path comes from config. */
  readonly healthUrl: string;
  /** The database primary the database drill fails over. */
  readonly database: rds.IDatabaseInstance;
  /** The database's generated secret, read by the drill's database probe. */
  readonly databaseSecret: secretsmanager.ISecret;
  /** @default 5432 */
  readonly databasePort?: number;
  /** The cache replication group (its ref); the cache drill promotes one of its replicas. */
  readonly replicationGroupId: string;
  readonly cluster: ecs.ICluster;
  /** The API service whose tasks the tasks drill stops and whose running count is probed. */
  readonly apiService: ecs.IBaseService;
  /** The stage's "unhealthy" composite alarm: FIS stop condition, and a drill starts only while it is OK. */
  readonly compositeAlarm: cloudwatch.IAlarm;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  /** The stage's backup bucket; drill reports go under `reports/<stage>/drills/`. */
  readonly reportsBucket: s3.IBucket;
  readonly logRetention: logs.RetentionDays;
  /** Restore-test metrics shown beside the drills on the dashboard's recovery row. @default none shown */
  readonly restoreTestMetrics?: RestoreTestMetrics;
}

/**
 * Recovery drills of one stage: the synthetic health check (every minute), and when enabled the
 * monthly failover drills (FIS templates, the drill workflow, its schedule and functions) with their
 * alarms. `recoveryWidgets()` gives the dashboard its "Recovery" row.
 */
export class RecoveryDrills extends Construct {
  readonly healthCheck?: HealthCheck;
  readonly databaseProbe?: DatabaseProbe;
  readonly experiments?: FaultExperiments;
  readonly workflow?: DrillWorkflow;
  /** Alarms per drill kind: recovery slower than the stage's target. */
  readonly recoveryAlarms: Partial<Record<DrillKind, cloudwatch.Alarm>> = {};
  /** A drill run that did not recover, could not start, or broke. */
  readonly drillFailedAlarm?: cloudwatch.Alarm;
  private readonly props: RecoveryDrillsProps;

  constructor(scope: Construct, id: string, props: RecoveryDrillsProps) {
    super(scope, id);
    this.props = props;
    const issues = validateDrillsConfig(props.config, `${props.stage}.recovery`, props.stage);
    if (issues.length) throw new ConfigValidationError(issues);
    if (!Token.isUnresolved(props.healthUrl) && new URL(props.healthUrl).pathname !== '/') {
      throw new Error(
        `healthUrl must be the stage's base URL without a path (got ${props.healthUrl}); the path comes from config.healthCheck.path`,
      );
    }
    const { healthCheck, drills } = props.config;

    if (healthCheck.enabled || drills.enabled) {
      this.healthCheck = new HealthCheck(this, 'HealthCheck', {
        stage: props.stage,
        url: `${props.healthUrl.replace(/\/$/, '')}${healthCheck.path}`,
        config: healthCheck,
        alarmTopic: props.alarmTopic,
        logRetention: props.logRetention,
      });
    }
    if (!drills.enabled) return;

    this.databaseProbe = new DatabaseProbe(this, 'DatabaseProbe', {
      stage: props.stage,
      vpc: props.vpc,
      secret: props.databaseSecret,
      port: props.databasePort,
      logRetention: props.logRetention,
    });
    const fisKinds = drills.kinds.filter((k): k is FisDrillKind => k !== 'cache');
    if (fisKinds.length) {
      this.experiments = new FaultExperiments(this, 'Experiments', {
        stage: props.stage,
        kinds: fisKinds,
        database: props.database,
        cluster: props.cluster,
        apiService: props.apiService,
        stopTaskPercent: drills.stopTaskPercent,
        compositeAlarm: props.compositeAlarm,
      });
    }
    this.workflow = new DrillWorkflow(this, 'Workflow', {
      stage: props.stage,
      config: drills,
      experiments: this.experiments,
      probes: {
        healthProbe: this.healthCheck!.function,
        databaseProbe: this.databaseProbe.function,
        cluster: props.cluster,
        apiService: props.apiService,
        replicationGroupId: props.replicationGroupId,
        replicationGroupArn: Stack.of(this).formatArn({
          service: 'elasticache',
          resource: 'replicationgroup',
          resourceName: props.replicationGroupId,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
      compositeAlarm: props.compositeAlarm,
      measure: this.drillFunction('Measure', 'drill/measure', MEASURE_BUDGET, 'Decides whether a drill has recovered from its probes'),
      report: this.reportFunction(),
      logRetention: props.logRetention,
    });

    new scheduler.Schedule(this, 'Schedule', {
      description: `${props.stage} monthly failover drills: ${drills.kinds.join(', ')}${drills.window ? ` (window: ${drills.window.description})` : ''}`,
      schedule: scheduler.ScheduleExpression.expression(drills.schedule),
      target: new targets.StepFunctionsStartExecution(this.workflow.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ kinds: drills.kinds }),
        role: scheduleRole(this, 'ScheduleRole'),
        retryAttempts: 0,
      }),
    });

    for (const kind of drills.kinds) {
      this.recoveryAlarms[kind] = createOperationsAlarm(this, `RecoveryTooSlow-${kind}`, {
        stage: props.stage,
        kind: 'drillRecoverySlow',
        subject: kind,
        condition: `the last drill took longer than ${drills.targetRecoverySeconds} s to recover, or did not recover`,
        topic: props.alarmTopic,
        logGroups: [this.workflow.logGroup],
        windowSeconds: 3600,
        metric: recoverySecondsMetric(props.stage, kind),
        threshold: drills.targetRecoverySeconds,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // Drills run monthly: no data is the normal state, and the alarm clears after the run's hour.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
    }

    const machine = this.workflow.stateMachine;
    this.drillFailedAlarm = createOperationsAlarm(this, 'DrillFailed', {
      stage: props.stage,
      kind: 'drillFailed',
      condition: 'a run failed, timed out or was aborted (1 or more in 5 min)',
      topic: props.alarmTopic,
      logGroups: [this.workflow.logGroup],
      windowSeconds: 3600,
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: { failed: machine.metricFailed(), timedOut: machine.metricTimedOut(), aborted: machine.metricAborted() },
        period: Duration.minutes(5),
        label: 'Drill runs not succeeded',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** The dashboard's "Recovery" row: last drills' recovery times, synthetic availability, restore tests. */
  recoveryWidgets(): cloudwatch.IWidget[] {
    return recoveryWidgets({
      stage: this.props.stage,
      config: this.props.config,
      healthCheck: this.healthCheck,
      restoreTestMetrics: this.props.restoreTestMetrics,
    });
  }

  private drillFunction(
    id: string,
    handlerDir: string,
    timeBudget: TimeBudget,
    description: string,
    environment: Record<string, string> = {},
  ): PlatformFunction {
    const fn = new PlatformFunction(this, id, {
      stage: this.props.stage,
      handlerDir,
      timeBudget,
      description,
      environment,
      logRetention: this.props.logRetention,
    });
    acknowledgeLambdaBasicExecution(fn);
    return fn;
  }

  private reportFunction(): PlatformFunction {
    const fn = this.drillFunction(
      'Report',
      'drill/report',
      REPORT_BUDGET,
      'Writes the drill report and publishes FailoverRecoverySeconds',
      {
        [REPORT_ENV.BUCKET]: this.props.reportsBucket.bucketName,
      },
    );
    const prefix = `reports/${this.props.stage}/drills/`;
    this.props.reportsBucket.grantPut(fn, `${prefix}*`);
    acknowledgeWildcards(fn, [
      {
        finding: KMS_BUCKET_KEY_ACTIONS,
        reason: 'S3 writes to the KMS-encrypted reports bucket: the wildcard actions are only the data-key variants of that one key.',
      },
    ]);
    acknowledgeWildcards(fn, [
      {
        finding: wildcardResources(this.props.reportsBucket.arnForObjects(`${prefix}*`)),
        reason: `Report keys are dated; writes are limited to ${prefix}`,
      },
      { finding: /^Action::s3:Abort\*$/, reason: 'Part of the put grant: aborting its own multipart uploads under the same prefix' },
    ]);
    return fn;
  }
}
