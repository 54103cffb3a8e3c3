import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CostConfig } from '../../config/cost';
import { CostAnomalyAlerts } from './cost-anomaly-alerts';
import { CostReportFunction } from './cost-report-function';
import { StageBudget } from './stage-budget';

export interface CostManagementProps {
  readonly stage: string;
  readonly config: CostConfig;
  /** Bucket the cost reports are written to (`reports/<stage>/cost/...`). */
  readonly reportsBucket: s3.IBucket;
  /** The stage's alert topic: budget and anomaly alerts go here. */
  readonly alarmTopic: sns.Topic;
  /** Where the plain-text summary of each cost report goes. @default alarmTopic */
  readonly summaryTopic?: sns.ITopic;
  readonly logRetention: logs.RetentionDays;
}

/** Everything that keeps a stage's cost known: the budget, anomaly alerts and the scheduled cost reports. */
export class CostManagement extends Construct {
  public readonly reports: CostReportFunction;
  public readonly budget: StageBudget;
  public readonly anomalies: CostAnomalyAlerts;
  /** For the dashboard: month-to-date cost in USD. */
  public readonly monthToDateCost: cloudwatch.Metric;
  /** For the dashboard: forecast cost to month end in USD. */
  public readonly forecastCost: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: CostManagementProps) {
    super(scope, id);
    this.reports = new CostReportFunction(this, 'Reports', {
      stage: props.stage,
      config: props.config,
      reportsBucket: props.reportsBucket,
      summaryTopic: props.summaryTopic ?? props.alarmTopic,
      logRetention: props.logRetention,
    });
    this.budget = new StageBudget(this, 'Budget', { stage: props.stage, config: props.config, alarmTopic: props.alarmTopic });
    this.anomalies = new CostAnomalyAlerts(this, 'Anomalies', {
      stage: props.stage,
      thresholdUsd: props.config.anomalyThresholdUsd,
      alarmTopic: props.alarmTopic,
    });
    this.monthToDateCost = this.reports.monthToDateCost;
    this.forecastCost = this.reports.forecastCost;
  }
}
