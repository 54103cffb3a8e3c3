import { Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CostReportEvent, ENV, REPORT_PERIODS, ReportPeriod, TIME_BUDGET, costReportPrefix } from '../../../lambda/cost-report/contract';
import { CostConfig } from '../../config/cost';
import { scheduleFunction } from '../common/scheduled-invoke';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';
import { PlatformFunction } from '../common/platform-function';
import { costMetric } from './private/cost-metrics';

export interface CostReportFunctionProps {
  readonly stage: string;
  readonly config: CostConfig;
  /** Bucket the reports go to, under `reports/<stage>/cost/`. */
  readonly reportsBucket: s3.IBucket;
  /** Topic the plain-text summary of each report is published to. */
  readonly summaryTopic: sns.ITopic;
  /** The role cost readers switch into; the summary's links are for it. */
  readonly readerRole: iam.IRole;
  /** Days the bucket keeps a report, stated in the summary. */
  readonly reportRetentionDays: number;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The cost report: a function that reads Cost Explorer and writes JSON, CSV and HTML reports,
 * run daily, weekly and monthly by EventBridge Scheduler.
 */
export class CostReportFunction extends Construct {
  public readonly function: PlatformFunction;
  public readonly schedules: Readonly<Record<ReportPeriod, scheduler.Schedule>>;
  /** Month-to-date cost of the stage in USD, as of the last report. */
  public readonly monthToDateCost: cloudwatch.Metric;
  /** Forecast cost of the stage to month end in USD, as of the last report. */
  public readonly forecastCost: cloudwatch.Metric;

  constructor(scope: Construct, id: string, props: CostReportFunctionProps) {
    super(scope, id);
    const prefix = costReportPrefix(props.stage);

    this.function = new PlatformFunction(this, 'Function', {
      stage: props.stage,
      handlerDir: 'cost-report',
      description: `Reports the ${props.stage} stage's AWS cost from Cost Explorer`,
      timeBudget: TIME_BUDGET,
      logRetention: props.logRetention,
      environment: {
        [ENV.reportsBucket]: props.reportsBucket.bucketName,
        [ENV.topicArn]: props.summaryTopic.topicArn,
        [ENV.monthlyBudgetUsd]: String(props.config.monthlyBudgetUsd),
        [ENV.readerRoleArn]: props.readerRole.roleArn,
        [ENV.reportRetentionDays]: String(props.reportRetentionDays),
      },
    });
    // A failed run is seen by the error alarm and rerun by hand; an automatic retry would only repeat the Cost Explorer bill.
    this.function.configureAsyncInvoke({ retryAttempts: 0 });

    this.grantAccess(props, prefix);

    const schedules = scheduleFunction(
      this,
      this.function,
      REPORT_PERIODS.map((period) => {
        const event: CostReportEvent = { period };
        return {
          id: `${capitalize(period)}Schedule`,
          description: `${period} cost report of ${props.stage}`,
          expression: props.config.reportSchedules[period],
          input: { ...event },
        };
      }),
    );
    this.schedules = Object.fromEntries(REPORT_PERIODS.map((period, i) => [period, schedules[i]])) as Record<
      ReportPeriod,
      scheduler.Schedule
    >;

    this.monthToDateCost = costMetric(props.stage, 'monthToDate', `${props.stage} month-to-date cost (USD)`);
    this.forecastCost = costMetric(props.stage, 'forecast', `${props.stage} forecast to month end (USD)`);
  }

  /** Least privilege by hand where the grants give more: only PutObject (grantPut adds Abort*, legal hold and retention). */
  private grantAccess(props: CostReportFunctionProps, prefix: string): void {
    const reports = props.reportsBucket.arnForObjects(`${prefix}*`);
    this.function.addToRolePolicy(new iam.PolicyStatement({ sid: 'WriteCostReports', actions: ['s3:PutObject'], resources: [reports] }));
    // SSE-KMS needs a data key for each object written.
    props.reportsBucket.encryptionKey?.grant(this.function, 'kms:GenerateDataKey');
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadCostExplorer',
        actions: ['ce:GetCostAndUsage', 'ce:GetCostForecast'],
        // Cost Explorer scopes these only to a billing view the request names (BillingViewArn); the
        // report names none and reads the account's own data, narrowed by a filter on this stage's tag.
        resources: ['*'],
      }),
    );
    props.summaryTopic.grantPublish(this.function);

    const policy = this.function.role!.node.findChild('DefaultPolicy') as iam.Policy;
    acknowledgeWildcards(policy, [
      {
        finding: wildcardResources('*'),
        reason:
          'ce:GetCostAndUsage and ce:GetCostForecast can be scoped only to a billing view the request names; the report names none, so AWS authorizes it on Resource "*".',
      },
      {
        finding: wildcardResources(reports),
        reason: `Report keys contain the run date, so writing is limited to the ${prefix} prefix of the reports bucket.`,
      },
    ]);
    if (props.summaryTopic.masterKey) {
      Validations.of(policy).acknowledge({
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason:
          'grantPublish on the KMS-encrypted summary topic: SNS needs the GenerateDataKey* family on that one key to encrypt what the function publishes.',
      });
    }
  }
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
