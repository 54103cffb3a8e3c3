import { Stack } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { STAGE_TAG_KEY } from '../../../lambda/shared/stage-tags';
import { CostConfig } from '../../config/cost';

export interface StageBudgetProps {
  readonly stage: string;
  readonly config: CostConfig;
  /** The stage's cost topic; budgets.amazonaws.com is allowed to publish to it. */
  readonly topic: sns.Topic;
}

/**
 * A monthly AWS Budget of everything tagged `Stage=<stage>`: notifies the emails and the cost topic
 * when actual cost passes `actualAlertPercent` and when forecast cost passes `forecastAlertPercent`.
 */
export class StageBudget extends Construct {
  public readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: StageBudgetProps) {
    super(scope, id);
    const { config, topic } = props;
    const { account } = Stack.of(this);

    // Budgets checks it may publish when the budget is created, so the policy must exist first.
    const policy = topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `AllowBudgetsToPublish${props.stage}`,
        principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${Stack.of(this).partition}:budgets::${account}:*` },
        },
      }),
    );

    const subscribers = [
      ...config.budgetAlertEmails.map((address) => ({ subscriptionType: 'EMAIL', address })),
      { subscriptionType: 'SNS', address: topic.topicArn },
    ];
    const notification = (notificationType: 'ACTUAL' | 'FORECASTED', threshold: number) => ({
      notification: { notificationType, comparisonOperator: 'GREATER_THAN', threshold, thresholdType: 'PERCENTAGE' },
      subscribers,
    });

    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: config.monthlyBudgetUsd, unit: 'USD' },
        // User-defined cost allocation tags appear to Budgets as `user:<key>$<value>`.
        costFilters: { TagKeyValue: [`user:${STAGE_TAG_KEY}$${props.stage}`] },
      },
      notificationsWithSubscribers: [
        notification('ACTUAL', config.actualAlertPercent),
        notification('FORECASTED', config.forecastAlertPercent),
      ],
    });
    if (policy.policyDependable) this.budget.node.addDependency(policy.policyDependable);
  }
}
