import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { DrillKind } from '../../../lambda/drill/measure/contract';
import { acknowledgeWildcards } from '../common/nag';

/** Drills that FIS runs; the cache drill is an ElastiCache TestFailover call in the workflow. */
export type FisDrillKind = Extract<DrillKind, 'database' | 'tasks'>;

export interface FaultExperimentsProps {
  readonly stage: string;
  readonly kinds: readonly FisDrillKind[];
  /** The primary; it must be Multi-AZ for a forced failover. */
  readonly database: rds.IDatabaseInstance;
  readonly cluster: ecs.ICluster;
  readonly apiService: ecs.IBaseService;
  /** Percent of the API's tasks to stop (1-100). */
  readonly stopTaskPercent: number;
  /** Stops a running experiment when it goes to ALARM, and keeps one from starting. */
  readonly compositeAlarm: cloudwatch.IAlarm;
}

/**
 * FIS experiment templates for this stage's drills and the one role they run with. Targets are
 * picked by this stage's ARNs (the database primary) or its Stage tag within the API service (tasks);
 * the role can act on nothing else.
 */
export class FaultExperiments extends Construct {
  readonly role: iam.Role;
  readonly templates: Partial<Record<FisDrillKind, fis.CfnExperimentTemplate>>;

  constructor(scope: Construct, id: string, props: FaultExperimentsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      description: `FIS experiments of the ${props.stage} recovery drills`,
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    this.role.addToPolicy(new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: [props.compositeAlarm.alarmArn] }));

    const common = {
      roleArn: this.role.roleArn,
      stopConditions: [{ source: 'aws:cloudwatch:alarm', value: props.compositeAlarm.alarmArn }],
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
    };
    const templates: Partial<Record<FisDrillKind, fis.CfnExperimentTemplate>> = {};

    if (props.kinds.includes('database')) {
      this.role.addToPolicy(
        new iam.PolicyStatement({ actions: ['rds:RebootDBInstance', 'rds:DescribeDBInstances'], resources: [props.database.instanceArn] }),
      );
      templates.database = new fis.CfnExperimentTemplate(this, 'DatabaseFailover', {
        ...common,
        description: `${props.stage}: reboot the database primary with a forced failover to its Multi-AZ standby`,
        targets: { Primary: { resourceType: 'aws:rds:db', resourceArns: [props.database.instanceArn], selectionMode: 'ALL' } },
        actions: {
          RebootWithFailover: {
            actionId: 'aws:rds:reboot-db-instances',
            parameters: { forceFailover: 'true' },
            targets: { DBInstances: 'Primary' },
          },
        },
        tags: { Stage: props.stage, DrillKind: 'database' },
      });
    }

    if (props.kinds.includes('tasks')) {
      const tasksOfCluster = stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${props.cluster.clusterName}/*` });
      const inCluster = { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } };
      this.role.addToPolicy(
        new iam.PolicyStatement({ actions: ['ecs:DescribeTasks', 'ecs:StopTask'], resources: [tasksOfCluster], conditions: inCluster }),
      );
      // ListTasks is authorised on container instances, which Fargate has none of; the condition pins the cluster.
      this.role.addToPolicy(new iam.PolicyStatement({ actions: ['ecs:ListTasks'], resources: ['*'], conditions: inCluster }));
      // Tag-based target resolution; the tagging API has no resource-level permissions (read-only).
      this.role.addToPolicy(new iam.PolicyStatement({ actions: ['tag:GetResources'], resources: ['*'] }));
      templates.tasks = new fis.CfnExperimentTemplate(this, 'StopApiTasks', {
        ...common,
        description: `${props.stage}: stop ${props.stopTaskPercent}% of the API service's tasks`,
        targets: {
          ApiTasks: {
            resourceType: 'aws:ecs:task',
            resourceTags: { Stage: props.stage },
            parameters: { cluster: props.cluster.clusterName, service: props.apiService.serviceName },
            selectionMode: `PERCENT(${props.stopTaskPercent})`,
          },
        },
        actions: { StopTasks: { actionId: 'aws:ecs:stop-task', targets: { Tasks: 'ApiTasks' } } },
        tags: { Stage: props.stage, DrillKind: 'tasks' },
      });
      acknowledgeWildcards(this.role, [
        {
          finding: /^Resource::arn:.*:ecs:.*:task\/.+\/\*$/,
          reason:
            "Task ids are unknown until FIS picks them; limited to this stage cluster's tasks by ARN prefix and the ecs:cluster condition",
        },
        {
          finding: /^Resource::\*$/,
          reason:
            "ListTasks (pinned to this stage's cluster by ecs:cluster) and tag:GetResources (read-only) have no resource-level permissions",
        },
      ]);
    }
    this.templates = templates;
  }

  /** ARN of a template, for the workflow's StartExperiment permission. */
  templateArn(kind: FisDrillKind): string {
    const template = this.templates[kind];
    if (!template) throw new Error(`No ${kind} experiment template: the drill is not configured for this stage`);
    return Stack.of(this).formatArn({
      service: 'fis',
      resource: 'experiment-template',
      resourceName: template.attrId,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}
