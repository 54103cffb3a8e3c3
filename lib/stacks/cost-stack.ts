import { Construct } from 'constructs';
import { StageConfig } from '../config/types';
import { AlertTarget } from '../constructs/common/alarm-routing';
import { CostManagement } from '../constructs/cost/cost-management';
import { addLambdaAlarms } from '../constructs/monitoring/lambda-alarms';
import { DataStack } from './data-stack';
import { PlatformStack } from './platform-stack';

/**
 * Stateless: the stage's budget, anomaly alerts, scheduled cost reports, the cost topic their
 * readers subscribe to and the role that opens the reports. The reports themselves stay in the data
 * stack's backup bucket under `reports/<stage>/cost/`, so this stack holds no data.
 */
export class CostStack extends PlatformStack {
  readonly costs: CostManagement;

  /** `alarmTopic` routes only the report function's own failure alarms, by severity; every cost message goes to the cost topic. */
  constructor(scope: Construct, config: StageConfig, props: { readonly data: DataStack; readonly alarmTopic: AlertTarget }) {
    super(scope, 'cost', { config, stateful: false, description: `${config.stage}: budget, cost anomaly alerts, cost reports` });
    this.costs = new CostManagement(this, 'Costs', {
      project: config.project,
      stage: config.stage,
      config: config.cost,
      reportsBucket: props.data.backupBucket,
      // The backup bucket's lifecycle rule for reports/ keeps them as long as the dumps.
      reportRetentionDays: config.backupStorage.dumpRetentionDays,
      logRetention: config.logRetentionDays,
    });
    addLambdaAlarms(this, this.costs.reports.function, props.alarmTopic);
  }
}
