/**
 * The only actions a role of this platform may hold on `Resource: "*"`, each because AWS
 * authorizes it on no narrower resource. Each entry was checked against the Service Authorization
 * Reference ("Actions, resources, and condition keys for <service>": no resource type for the
 * action) or, where the entry says so, the service's own guide. An action AWS can scope to an ARN,
 * a tag or a prefix does not belong here: scope it in the construct. `test/stacks/iam.test.ts`
 * fails on any other action on `"*"` and on an entry no template uses any more.
 */

export interface UnscopedAction {
  /** Why `"*"`: what AWS documents, and where the grant comes from. One line. */
  readonly reason: string;
  /** A condition key every such statement must carry to narrow it (e.g. `ecs:cluster`). @default none */
  readonly requiresCondition?: string;
}

/** Shared reason of the log-delivery actions CDK grants to a state machine that logs to CloudWatch Logs. */
const STATE_MACHINE_LOGGING =
  'Step Functions log delivery (CDK grants it to every logging state machine): CloudWatch Logs defines no resource type for it; the Step Functions guide gives Resource "*"';
/** Shared reason of the X-Ray actions CDK grants to a state machine with tracing on. */
const STATE_MACHINE_TRACING =
  'X-Ray tracing of a state machine: X-Ray defines no resource type for it; CDK grants it to every traced state machine';

export const UNSCOPED_ACTIONS: Readonly<Record<string, UnscopedAction>> = {
  // The billingview resource type is optional and names a billing view the request passes; the report reads the account's own data without naming one.
  'ce:GetCostAndUsage': {
    reason: 'Cost report: Cost Explorer scopes only requests that name a billing view (BillingViewArn); the report names none',
  },
  'ce:GetCostForecast': { reason: 'Cost report forecast: as ce:GetCostAndUsage, only a request naming a billing view can be scoped' },
  // The CloudWatch guide's permissions reference: composite alarms are returned only to DescribeAlarms/DescribeAlarmHistory scoped to "*".
  'cloudwatch:DescribeAlarms': {
    reason:
      'Daily warning digest lists the stage\'s metric and composite alarms by name prefix: the CloudWatch guide returns composite alarms only to a permission on "*"',
  },
  'cloudwatch:DescribeAlarmHistory': {
    reason:
      'Daily warning digest reads the day\'s state changes of every alarm (the API has no name-prefix filter; the function filters by name): only "*" covers a request naming no alarm',
  },
  'cloudwatch:PutMetricData': {
    reason:
      "The DR restore test's report and sweeper publish into the stage's own region (Powertools' EMF would land in the DR region): CloudWatch defines no resource type for PutMetricData",
    requiresCondition: 'cloudwatch:namespace',
  },
  'cloudformation:ListStacks': { reason: 'Configuration backup lists the stage stacks: ListStacks has no resource type' },
  'ecr:GetAuthorizationToken': {
    reason: 'Pulling the dump image, and app images given as private ECR URIs, from ECR: GetAuthorizationToken has no resource type',
  },
  'ecs:DescribeTaskDefinition': {
    reason:
      'Configuration backup reads task definitions: DescribeTaskDefinition has no resource type (ECS guide: task definition actions take no resources)',
  },
  'ecs:ListServices': {
    reason: 'Configuration backup lists the services: ListServices has no resource type, only the ecs:cluster condition',
    requiresCondition: 'ecs:cluster',
  },
  // The reference lists container-instance, which Fargate tasks have none of; the ECS guide's own example lists tasks with "*" and ecs:cluster.
  'ecs:ListTasks': {
    reason: 'Dump launcher lists its running tasks: the ECS guide grants ListTasks on "*" limited by the ecs:cluster condition',
    requiresCondition: 'ecs:cluster',
  },
  'logs:CreateLogDelivery': { reason: STATE_MACHINE_LOGGING },
  'logs:DeleteLogDelivery': { reason: STATE_MACHINE_LOGGING },
  'logs:GetLogDelivery': { reason: STATE_MACHINE_LOGGING },
  'logs:ListLogDeliveries': { reason: STATE_MACHINE_LOGGING },
  'logs:UpdateLogDelivery': { reason: STATE_MACHINE_LOGGING },
  'logs:DescribeLogGroups': { reason: `${STATE_MACHINE_LOGGING}; the log archive lists the stage's log groups with it too` },
  'logs:DescribeResourcePolicies': { reason: STATE_MACHINE_LOGGING },
  'logs:PutResourcePolicy': { reason: `${STATE_MACHINE_LOGGING} (the account's log resource policy has no ARN)` },
  'logs:DescribeExportTasks': { reason: 'Log archive polls its export task: DescribeExportTasks has no resource type' },
  'tag:GetResources': { reason: 'FIS resolves drill targets by tag: the Resource Groups Tagging API has no resource type' },
  'xray:GetSamplingRules': { reason: STATE_MACHINE_TRACING },
  'xray:GetSamplingTargets': { reason: STATE_MACHINE_TRACING },
  'xray:PutTelemetryRecords': { reason: STATE_MACHINE_TRACING },
  'xray:PutTraceSegments': { reason: STATE_MACHINE_TRACING },
};

/**
 * AWS managed policies a role may carry, each with why. They are AWS's to maintain and not in the
 * templates, so the test checks the names; `docs/least-privilege.md` says what each allows.
 */
export const AWS_MANAGED_POLICIES: Readonly<Record<string, string>> = {
  'service-role/AWSLambdaBasicExecutionRole': "Lambda writes the function's own logs; CDK attaches it to every function role",
  'service-role/AWSLambdaVPCAccessExecutionRole': 'Lambda creates and deletes the network interfaces of a function in the VPC',
  'service-role/AmazonRDSEnhancedMonitoringRole':
    'RDS Enhanced Monitoring publishes OS metrics to its RDSOSMetrics log group (the role RDS requires)',
  AmazonECSInfrastructureRolePolicyForLoadBalancers:
    'ECS shifts ALB traffic during blue/green, canary and linear deployments (the infrastructure role ECS requires)',
};
