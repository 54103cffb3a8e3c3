import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { bucketFromOtherRegion, topicFromOtherRegion } from '../constructs/common/cross-region';
import { DrRestoreTest } from '../constructs/restore-test/dr-restore-test';
import { DrStack } from './dr-stack';
import { PlatformStack } from './platform-stack';

export interface DrRestoreTestStackProps {
  /** The stateful DR stack: its key and its bucket of manifest copies. */
  readonly dr: DrStack;
  /** The stage's backup bucket, in its own region (the report). */
  readonly backupBucket: s3.IBucket;
  /** The stage's alert topic, in its own region (the summary). */
  readonly alarmTopic: sns.ITopic;
}

/**
 * Stateless, in the DR region (`backup.drRegion`): the recovery landing zone (isolated VPC, subnet
 * group, security groups, S3 gateway endpoint; nothing billed while idle) and the monthly DR restore
 * test with its sweeper. Apart from `<stage>-dr`, whose key must never move, so this one can be
 * replaced or deleted freely. Its references to the primary region (backup bucket, topic) are
 * `Fn::GetStackOutput` with a Region; the alarms on its metrics live in `<stage>-restore-test`.
 */
export class DrRestoreTestStack extends PlatformStack {
  readonly drRestoreTest: DrRestoreTest;

  constructor(scope: Construct, config: StageConfig, props: DrRestoreTestStackProps) {
    super(scope, 'dr-restore-test', {
      config,
      stateful: false,
      env: { account: config.env.account, region: config.backup.drRegion },
      description: `${config.stage}: DR landing zone and the monthly restore test of the off-site database copy`,
    });
    const home = topicFromOtherRegion(this, 'StageAlarmTopic', props.alarmTopic);
    this.drRestoreTest = new DrRestoreTest(this, 'DrRestoreTest', {
      stage: config.stage,
      config: config.restoreTest,
      drKey: props.dr.key,
      manifestBucket: props.dr.manifestBucket,
      backupBucket: bucketFromOtherRegion(this, 'StageBackupBucket', props.backupBucket),
      alarmTopic: home.topic,
      alarmTopicKey: home.key,
      primaryRegion: config.env.region,
      logRetention: config.logRetentionDays,
    });
    // The stage's logs key is a key of its own region, which CloudWatch Logs cannot use here; a second
    // key for a month's few log lines would be the landing zone's only fixed cost.
    Validations.of(this).acknowledge({
      id: 'NIST.800.53.R5-CloudWatchLogGroupEncrypted',
      reason:
        "CloudWatch Logs encrypts these log groups at rest with its own key; the stage's customer-managed logs key lives in the primary region, which CloudWatch Logs here cannot use, and a DR-region key would be the landing zone's only fixed monthly cost",
    });
  }

  /** The DR landing zone's AZs (restoreTest.dr.availabilityZones, validated against backup.drRegion). */
  override get availabilityZones(): string[] {
    return [...this.config.restoreTest.dr.availabilityZones];
  }
}
