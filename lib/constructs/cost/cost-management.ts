import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { costReportPrefix } from '../../../lambda/cost-report/contract';
import { CostConfig } from '../../config/cost';
import { CostAnomalyAlerts } from './cost-anomaly-alerts';
import { CostReportFunction } from './cost-report-function';
import { CostReportReader } from './cost-report-reader';
import { CostTopic } from './cost-topic';
import { StageBudget } from './stage-budget';

export interface CostManagementProps {
  readonly project: string;
  readonly stage: string;
  readonly config: CostConfig;
  /** Bucket the cost reports are written to (`reports/<stage>/cost/...`). */
  readonly reportsBucket: s3.IBucket;
  /** Days the bucket keeps a report (its lifecycle rule for `reports/`), stated in each summary. */
  readonly reportRetentionDays: number;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Everything that keeps a stage's cost known, for the people who read and pay for it: the budget,
 * anomaly alerts and the scheduled cost reports, all sent to the stage's cost topic (not to the
 * alarm topics: an overspend is no page), and the reader role that opens the reports.
 */
export class CostManagement extends Construct {
  public readonly topic: CostTopic;
  public readonly reader: CostReportReader;
  public readonly reports: CostReportFunction;
  public readonly budget: StageBudget;
  public readonly anomalies: CostAnomalyAlerts;
  /** For the dashboard: month-to-date cost in USD. */
  public readonly monthToDateCost: cloudwatch.Metric;
  /** For the dashboard: forecast cost to month end in USD. */
  public readonly forecastCost: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: CostManagementProps) {
    super(scope, id);
    const { config } = props;
    this.topic = new CostTopic(this, 'Topic', {
      stage: props.stage,
      emails: config.reportEmails,
      httpsEndpoints: config.reportHttpsEndpoints,
    });
    this.reader = new CostReportReader(this, 'Reader', {
      project: props.project,
      stage: props.stage,
      bucket: props.reportsBucket,
      prefix: costReportPrefix(props.stage),
      readers: config.reportReaders,
    });
    this.reports = new CostReportFunction(this, 'Reports', {
      stage: props.stage,
      config,
      reportsBucket: props.reportsBucket,
      summaryTopic: this.topic.topic,
      readerRole: this.reader.role,
      reportRetentionDays: props.reportRetentionDays,
      logRetention: props.logRetention,
    });
    this.budget = new StageBudget(this, 'Budget', { stage: props.stage, config, topic: this.topic.topic });
    this.anomalies = new CostAnomalyAlerts(this, 'Anomalies', {
      stage: props.stage,
      thresholdUsd: config.anomalyThresholdUsd,
      topic: this.topic.topic,
    });
    this.monthToDateCost = this.reports.monthToDateCost;
    this.forecastCost = this.reports.forecastCost;
  }
}
