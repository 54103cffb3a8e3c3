import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { CostManagement } from '../constructs/cost/cost-management';
import { addLambdaAlarms } from '../constructs/monitoring/lambda-alarms';
import { DataStack } from './data-stack';
import { PlatformStack } from './platform-stack';

/** Stateless: the stage's budget, anomaly alerts and scheduled cost reports. */
export class CostStack extends PlatformStack {
  readonly costs: CostManagement;

  constructor(scope: Construct, config: StageConfig, props: { readonly data: DataStack; readonly alarmTopic: sns.Topic }) {
    super(scope, 'cost', { config, stateful: false, description: `${config.stage}: budget, cost anomaly alerts, cost reports` });
    this.costs = new CostManagement(this, 'Costs', {
      stage: config.stage,
      config: config.cost,
      reportsBucket: props.data.backupBucket,
      alarmTopic: props.alarmTopic,
      logRetention: config.logRetentionDays,
    });
    addLambdaAlarms(this, this.costs.reports.function, props.alarmTopic);
  }
}
