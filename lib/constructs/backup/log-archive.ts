import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { listBucketForMissingObjects } from './private/read-missing-object';
import {
  archiveStateKey,
  ENV,
  LOG_ARCHIVE_SERVICE,
  type LogArchiveEvent,
  OPTIONAL_ENV,
  TIME_BUDGETS,
} from '../../../lambda/log-archive/contract';
import { BackupStorageConfig } from '../../config/backup-storage';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';
import { AlertTarget } from '../common/alarm-routing';
import { PlatformFunction } from '../common/platform-function';
import { backupSucceededAlarm } from './private/backup-alarm';
import { scheduleFunction } from '../common/scheduled-invoke';

export interface LogArchiveProps {
  readonly stage: string;
  readonly config: BackupStorageConfig;
  /** Exports go under `logs/<stage>/` of this bucket, whose policy lets CloudWatch Logs write there (LogArchiveBucket). */
  readonly archiveBucket: s3.IBucket;
  /** The stage's alert routing (or one topic for every severity). */
  readonly alarmTopic: AlertTarget;
  readonly logRetention: logs.RetentionDays;
  /** Log groups whose names contain this are archived. @default `<stage>-`, the stage's stack prefix */
  readonly logGroupPattern?: string;
  /** Further log group name prefixes to archive, e.g. `/aws/rds/instance/`. @default none */
  readonly logGroupPrefixes?: readonly string[];
  /** How often the queue of exports is moved on while it is not empty. @default Duration.minutes(10) */
  readonly pollInterval?: Duration;
}

/**
 * Weekly log archive: on `logArchiveSchedule` the function queues last week's export of every
 * matching log group; a short rate schedule then starts them one after another, because
 * CloudWatch Logs runs one export task per account at a time. Progress is kept in the bucket.
 */
export class LogArchive extends Construct {
  readonly function: PlatformFunction;
  readonly functions: readonly PlatformFunction[];
  readonly startSchedule: scheduler.Schedule;
  readonly continueSchedule: scheduler.Schedule;
  /** BackupSucceeded < 1 in a day: an export failed for good, last week's archive was unfinished, or no run. */
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const { stage } = props;
    const pattern = props.logGroupPattern ?? `${stage}-`;
    const prefixes = props.logGroupPrefixes ?? [];
    const pollMinutes = (props.pollInterval ?? Duration.minutes(10)).toMinutes();

    this.function = new PlatformFunction(this, 'Function', {
      stage,
      handlerDir: LOG_ARCHIVE_SERVICE,
      timeBudget: Object.values(TIME_BUDGETS),
      description: `Archives the ${stage} stage's log groups to S3 week by week`,
      logRetention: props.logRetention,
      environment: {
        [ENV.bucket]: props.archiveBucket.bucketName,
        [ENV.logGroupPattern]: pattern,
        ...(prefixes.length > 0 ? { [OPTIONAL_ENV.logGroupPrefixes]: prefixes.join(',') } : {}),
      },
    });
    this.functions = [this.function];
    this.grantArchiving(stage, props.archiveBucket, pattern, prefixes);

    const start: LogArchiveEvent = { action: 'start' };
    const advance: LogArchiveEvent = { action: 'continue' };
    [this.startSchedule, this.continueSchedule] = scheduleFunction(this, this.function, [
      {
        id: 'StartSchedule',
        description: `Queue last week's log exports of ${stage}`,
        expression: props.config.logArchiveSchedule,
        input: { ...start },
      },
      {
        id: 'ContinueSchedule',
        description: `Move the ${stage} log export queue on (does nothing when it is empty)`,
        expression: `rate(${pollMinutes} minute${pollMinutes === 1 ? '' : 's'})`,
        input: { ...advance },
      },
    ]);

    this.alarm = backupSucceededAlarm(this, 'BackupAlarm', {
      stage,
      service: LOG_ARCHIVE_SERVICE,
      what: `The ${stage} log archive`,
      topic: props.alarmTopic,
      logGroups: [this.function.logGroup],
    });
  }

  private grantArchiving(stage: string, bucket: s3.IBucket, pattern: string, prefixes: readonly string[]): void {
    const { account, region, partition } = Stack.of(this);
    const logGroup = (name: string) => `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
    const stageLogGroups = [logGroup(`*${pattern}*`), ...prefixes.map((prefix) => logGroup(`${prefix}*`))];
    const statements = [
      // DescribeLogGroups defines no resource type (Service Authorization Reference): a log-group ARN would never match.
      new iam.PolicyStatement({ sid: 'FindLogGroups', actions: ['logs:DescribeLogGroups'], resources: ['*'] }),
      new iam.PolicyStatement({ sid: 'ExportStageLogGroups', actions: ['logs:CreateExportTask'], resources: stageLogGroups }),
      // DescribeExportTasks supports no resource-level permission.
      new iam.PolicyStatement({ sid: 'WatchExports', actions: ['logs:DescribeExportTasks'], resources: ['*'] }),
      new iam.PolicyStatement({
        sid: 'ArchiveProgress',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [bucket.arnForObjects(archiveStateKey(stage))],
      }),
      // The first run finds no progress object: without this GetObject is 403, not 404.
      listBucketForMissingObjects('ArchiveProgressMayBeMissing', bucket),
    ];
    for (const statement of statements) this.function.addToRolePolicy(statement);
    acknowledgeWildcards(this.function.role!.node.findChild('DefaultPolicy') as iam.Policy, [
      {
        finding: wildcardResources('*', ...stageLogGroups),
        reason:
          "Log group names are generated by CloudFormation, so exports are allowed on groups matching this stage's pattern and prefixes; DescribeLogGroups and DescribeExportTasks accept no narrower resource.",
      },
    ]);
  }
}
