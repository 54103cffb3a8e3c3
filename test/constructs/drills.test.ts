import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DRILLS_DEFAULTS } from '../../lib/config/drills';
import { nagFindings, TEST_ENV, testApp } from '../support/fixtures';
import { PROD_ENABLED, stageDrills } from './drills/stack';

const { account, region } = TEST_ENV;

const app = testApp();
const staging = stageDrills(app, 'Staging', 'staging', DRILLS_DEFAULTS.staging);
const prod = stageDrills(app, 'Prod', 'prod', DRILLS_DEFAULTS.prod);
const prodEnabled = stageDrills(app, 'ProdEnabled', 'prod', PROD_ENABLED);
const template = Template.fromStack(staging.stack);
const prodTemplate = Template.fromStack(prod.stack);
const prodEnabledTemplate = Template.fromStack(prodEnabled.stack);

const STAGING_ALARM = `arn:aws:cloudwatch:${region}:${account}:alarm:staging-unhealthy`;
const STAGING_TOPIC = `arn:aws:sns:${region}:${account}:staging-alerts`;

/** A state machine (or a Map's processor, or a Parallel's branch) in Amazon States Language, as far as these tests read it. */
interface AslMachine {
  StartAt: string;
  States: Record<string, AslState>;
}
interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: { AlarmNames?: string[]; [key: string]: unknown };
  Next?: string;
  Default?: string;
  Seconds?: number;
  MaxConcurrency?: number;
  Choices?: ({ Next: string } & Record<string, unknown>)[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Branches?: AslMachine[];
  ItemProcessor?: AslMachine;
}
/** An IAM policy statement as synthesized; resources may be intrinsics such as `{ 'Fn::GetAtt': [...] }`. */
interface PolicyStatement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The state machine definition with tokens rendered as `<...>`, parsed. */
function definition(t: Template, stack: Stack): AslMachine {
  const [machine] = Object.values(t.findResources('AWS::StepFunctions::StateMachine'));
  const parts = stack.resolve(machine.Properties.DefinitionString)['Fn::Join'][1] as unknown[];
  return JSON.parse(parts.map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p).replace(/"/g, "'")}>`)).join(''));
}

/** Every state of a definition, nested ones included, with the chain of states that contain it. */
function allStates(states: Record<string, AslState>, parents: AslState[] = []): { name: string; state: AslState; parents: AslState[] }[] {
  return Object.entries(states).flatMap(([name, state]) => [
    { name, state, parents },
    ...(state.ItemProcessor ? allStates(state.ItemProcessor.States, [...parents, state]) : []),
    ...(state.Branches ?? []).flatMap((b) => allStates(b.States, [...parents, state])),
  ]);
}

/** The Allow statements of the policies attached to roles whose logical id starts with `rolePrefix`. */
function statementsOf(t: Template, rolePrefix: RegExp): PolicyStatement[] {
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => rolePrefix.test(r.Ref)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as PolicyStatement[]);
}

const asArray = (v: unknown) => (Array.isArray(v) ? v : [v]);
const text = (v: unknown) => JSON.stringify(v);

describe('synthetic health check', () => {
  test('a Lambda outside the VPC probes the stage URL with the configured requests and timeout', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Architectures: ['arm64'],
      Environment: {
        Variables: Match.objectLike({
          HEALTH_URL: 'https://staging.example.com/health',
          PROBE_REQUESTS: '3',
          PROBE_TIMEOUT_MS: '5000',
          STAGE: 'staging',
        }),
      },
      VpcConfig: Match.absent(),
    });
  });

  test('runs every minute without retries', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Target: Match.objectLike({
        Input: '{"publishMetrics":true}',
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60 },
      }),
    });
  });

  test('alarms to the topic when availability stays below the threshold; missing probes count as down', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'StagePlatform',
      MetricName: 'SyntheticAvailability',
      Dimensions: [
        { Name: 'Stage', Value: 'staging' },
        { Name: 'service', Value: 'health-probe' },
      ],
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 95,
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'breaching',
      AlarmActions: [STAGING_TOPIC],
      OKActions: [STAGING_TOPIC],
    });
  });

  test('a health URL with a path is refused: the path comes from config', () => {
    expect(() => stageDrills(testApp(), 'Bad', 'staging', DRILLS_DEFAULTS.staging, 'https://staging.example.com/health')).toThrow(
      /healthUrl must be the stage's base URL without a path/,
    );
  });
});

describe('FIS experiment templates', () => {
  test("database: reboot with forced failover of this stage's primary, picked by its ARN", () => {
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Actions: {
        RebootWithFailover: {
          ActionId: 'aws:rds:reboot-db-instances',
          Parameters: { forceFailover: 'true' },
          Targets: { DBInstances: 'Primary' },
        },
      },
      Targets: {
        Primary: { ResourceType: 'aws:rds:db', ResourceArns: [`arn:aws:rds:${region}:${account}:db:staging-db`], SelectionMode: 'ALL' },
      },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: STAGING_ALARM }],
      Tags: { Stage: 'staging', DrillKind: 'database' },
    });
  });

  test("tasks: stop the configured share of the API service's tasks carrying this stage's tag", () => {
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Actions: { StopTasks: { ActionId: 'aws:ecs:stop-task', Targets: { Tasks: 'ApiTasks' } } },
      Targets: {
        ApiTasks: {
          ResourceType: 'aws:ecs:task',
          ResourceTags: { Stage: 'staging' },
          Parameters: { cluster: 'staging-cluster', service: 'staging-api' },
          SelectionMode: 'PERCENT(50)',
        },
      },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: STAGING_ALARM }],
    });
  });

  test('the cache drill is an ElastiCache TestFailover step, not an FIS template', () => {
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 2);
    const states = allStates(definition(template, staging.stack).States);
    const cache = states.find((s) => s.name === 'StartCacheFailover')!.state;
    expect(cache.Resource).toMatch(/aws-sdk:elasticache:testFailover$/);
    expect(cache.Parameters).toEqual({ ReplicationGroupId: 'staging-cache', NodeGroupId: '0001' });
  });
});

describe('drill permissions stay inside the stage', () => {
  const fisRole = statementsOf(template, /^RecoveryExperimentsRole/);
  const workflowRole = statementsOf(template, /^RecoveryWorkflowStateMachineRole/);
  const byAction = (statements: PolicyStatement[], action: string) => statements.filter((s) => asArray(s.Action).includes(action));

  test("FIS may reboot only this stage's primary and stop only tasks of this stage's cluster", () => {
    expect(byAction(fisRole, 'rds:RebootDBInstance').map((s) => s.Resource)).toEqual([`arn:aws:rds:${region}:${account}:db:staging-db`]);
    const stop = byAction(fisRole, 'ecs:StopTask');
    expect(stop).toHaveLength(1);
    expect(stop[0].Resource).toBe(`arn:aws:ecs:${region}:${account}:task/staging-cluster/*`);
    expect(stop[0].Condition).toEqual({ ArnEquals: { 'ecs:cluster': `arn:aws:ecs:${region}:${account}:cluster/staging-cluster` } });
  });

  test("the workflow may fail over only this stage's cache and start only this stage's templates", () => {
    expect(byAction(workflowRole, 'elasticache:TestFailover').map((s) => s.Resource)).toEqual([
      `arn:aws:elasticache:${region}:${account}:replicationgroup:staging-cache`,
    ]);
    const start = byAction(workflowRole, 'fis:StartExperiment').flatMap((s) => asArray(s.Resource));
    const templateIds = Object.keys(template.findResources('AWS::FIS::ExperimentTemplate'));
    for (const resource of start) {
      const ownTemplate = templateIds.some((id) => text(resource).includes(id));
      expect(ownTemplate || resource === `arn:aws:fis:${region}:${account}:experiment/*`).toBe(true);
    }
    for (const action of ['fis:StopExperiment', 'fis:GetExperiment']) {
      expect(byAction(workflowRole, action).map((s) => s.Condition)).toEqual([{ StringEquals: { 'aws:ResourceTag/Stage': 'staging' } }]);
    }
  });

  test('every wildcard is pinned to the stage by a condition, names only its own functions or templates, or is an action AWS cannot scope', () => {
    const unscopable =
      /^(xray:|logs:(Create|Get|Update|Delete|List|Put|Describe)\w*(Delivery|Deliveries|ResourcePolic|LogGroups)|tag:GetResources$)/;
    const own = Object.keys({
      ...template.findResources('AWS::FIS::ExperimentTemplate'),
      ...template.findResources('AWS::Lambda::Function'),
    });
    const ownOrCreated = (r: unknown) => own.some((id) => text(r).includes(id)) || r === `arn:aws:fis:${region}:${account}:experiment/*`;
    const loose = [...fisRole, ...workflowRole].filter(
      (s) =>
        asArray(s.Resource).some((r) => text(r).includes('*')) &&
        !s.Condition &&
        !asArray(s.Action).every((a: string) => unscopable.test(a)) &&
        !(['fis:StartExperiment', 'lambda:InvokeFunction'].includes(asArray(s.Action)[0]) && asArray(s.Resource).every(ownOrCreated)),
    );
    expect(loose).toEqual([]);
  });

  test('no drill policy of one stage names a resource of another', () => {
    const policies = (t: Template) => text(Object.values(t.findResources('AWS::IAM::Policy')).map((p) => p.Properties.PolicyDocument));
    expect(policies(template)).not.toMatch(/prod-/);
    expect(policies(prodEnabledTemplate)).not.toMatch(/staging-/);
  });
});

describe('drill workflow', () => {
  const def = definition(template, staging.stack);
  const states = allStates(def.States);
  const named = (name: string) => states.find((s) => s.name === name)!.state;
  const CLEANUP_STATES = ['StopExperiment', 'ReportFailure'];

  test('every Task state has a Catch for all errors that leads to stopping the experiment and reporting', () => {
    const tasks = states.filter((s) => s.state.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(12);
    for (const { name, state, parents } of tasks) {
      // Probes run inside the parallel poll: its Catch covers them.
      const catcher = parents.length > 1 ? parents[parents.length - 1] : state;
      const catches = (catcher.Catch ?? []).filter((c) => c.ErrorEquals.includes('States.ALL')).map((c) => c.Next);
      const expected = CLEANUP_STATES.includes(name)
        ? name === 'StopExperiment'
          ? ['ReportFailure']
          : ['DrillNotRecovered']
        : ['CleanUp'];
      expect({ name, catches }).toEqual({ name, catches: expected });
    }
  });

  test('clean-up stops a started experiment before reporting the failure', () => {
    expect(named('CleanUp').Choices).toEqual([
      { Not: { Variable: '$.drill.fault.experimentId', StringEquals: '' }, Next: 'StopExperiment' },
    ]);
    expect(named('CleanUp').Default).toBe('ReportFailure');
    expect(named('StopExperiment').Resource).toMatch(/aws-sdk:fis:stopExperiment$/);
    expect(named('StopExperiment').Next).toBe('ReportFailure');
    expect(named('ReportFailure').Parameters!['outcome.$']).toBe('$.drill.failure.outcome');
  });

  test('a timeout, an experiment FIS did not run, an unknown kind and an unhealthy stage all end in clean-up', () => {
    for (const name of ['TimedOut', 'ExperimentDidNotRun', 'UnknownDrill', 'StageNotReady']) expect(named(name).Next).toBe('CleanUp');
    expect(named('StageHealthy?').Choices![0].Next).toBe('InjectFault');
    expect(named('CheckStageHealthy').Parameters!.AlarmNames).toEqual(['staging-unhealthy']);
  });

  test('runs one drill at a time, each fault then polls the four probes together until a decision', () => {
    expect(def.States.RunDrills.MaxConcurrency).toBe(1);
    for (const start of ['StartDatabaseFailover', 'StartStopApiTasks', 'StartCacheFailover']) expect(named(start).Next).toBe('Probe');
    expect(named('StartDatabaseFailover').Resource).toMatch(/aws-sdk:fis:startExperiment$/);
    expect(named('Probe').Branches!.map((b) => b.StartAt)).toEqual(['ProbeSite', 'ProbeDatabase', 'ProbeService', 'ProbeCache']);
    expect(named('Measure').Next).toBe('Recovered?');
    expect(named('WaitBeforeNextProbe')).toMatchObject({ Seconds: 10, Next: 'Probe' });
    expect(named('Measure').Parameters).toMatchObject({ timeoutSeconds: 900, confirmSamples: 2 });
  });

  test('the execution fails when any drill did not recover, so the failure alarm fires', () => {
    expect(def.States['AllRecovered?'].Default).toBe('DescribeFailure');
    expect(def.States.DescribeFailure.Next).toBe('DrillFailed');
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)' })]),
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmName: 'staging-drill-failed',
      AlarmActions: [STAGING_TOPIC],
      // A drill is an exercise: a warning, which notifies on ALARM only.
      OKActions: Match.absent(),
    });
  });

  test('is scheduled monthly from config with the configured kinds', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 10 ? * TUE#2 *)',
      Target: Match.objectLike({ Input: '{"kinds":["database","cache","tasks"]}' }),
    });
  });

  test('alarms per drill kind when recovery exceeds the stage target', () => {
    for (const kind of ['database', 'cache', 'tasks']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'FailoverRecoverySeconds',
        Namespace: 'StagePlatform',
        Dimensions: Match.arrayWith([
          { Name: 'DrillKind', Value: kind },
          { Name: 'service', Value: 'drill-report' },
        ]),
        Threshold: 120,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [STAGING_TOPIC],
      });
    }
  });
});

describe('drill functions', () => {
  test("the database probe runs in the VPC behind its own security group, which is exposed for the database's ingress rule", () => {
    const sgId = staging.stack.resolve(staging.drills.databaseProbe!.securityGroup.securityGroupId);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          DB_SECRET_ARN: Match.stringLikeRegexp('staging-db'),
          DB_NAME: 'postgres',
          NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
        }),
      },
      VpcConfig: { SecurityGroupIds: [sgId], SubnetIds: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupEgress: Match.arrayWith([Match.objectLike({ FromPort: 5432, ToPort: 5432 })]),
    });
  });

  test('the report function may only put objects under reports/<stage>/drills/', () => {
    const statements = statementsOf(template, /^RecoveryReportServiceRole/);
    const puts = statements.filter((s) => asArray(s.Action).includes('s3:PutObject'));
    expect(puts.flatMap((s) => asArray(s.Resource)).map(text)).toEqual([
      expect.stringContaining('staging-backups/reports/staging/drills/*'),
    ]);
  });
});

describe('prod', () => {
  test('drills are off unless configured: no FIS templates, no FIS role, no workflow; the health check still runs', () => {
    prodTemplate.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    prodTemplate.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
    prodTemplate.resourcePropertiesCountIs(
      'AWS::IAM::Role',
      { AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'fis.amazonaws.com' } })] }) },
      0,
    );
    prodTemplate.resourceCountIs('AWS::Scheduler::Schedule', 1);
    prodTemplate.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 minute)' });
    prodTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'SyntheticAvailability', Threshold: 99 });
  });

  test('configured with its window, prod runs the drills on its own monthly schedule', () => {
    prodEnabledTemplate.resourceCountIs('AWS::FIS::ExperimentTemplate', 2);
    prodEnabledTemplate.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 10 ? * TUE#3 *)' });
    prodEnabledTemplate.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: { ApiTasks: Match.objectLike({ ResourceTags: { Stage: 'prod' }, SelectionMode: 'PERCENT(34)' }) },
    });
  });

  test('enabling prod drills without a window fails synthesis with the config path', () => {
    const { window: _window, ...noWindow } = PROD_ENABLED.drills;
    expect(() => stageDrills(testApp(), 'NoWindow', 'prod', { ...PROD_ENABLED, drills: noWindow })).toThrow(
      /prod\.recovery\.drills\.window: got undefined; expected a maintenance window/,
    );
  });
});

describe('dashboard recovery row', () => {
  test("shows the last drills' recovery seconds, synthetic availability and the restore tests", () => {
    const widgets = staging.stack.resolve(staging.drills.recoveryWidgets().map((w) => w.toJson()));
    const rendered = text(widgets);
    expect(rendered).toContain('FailoverRecoverySeconds');
    expect(rendered).toContain('SyntheticAvailability');
    expect(rendered).toContain('RestoreDurationSeconds');
    expect(rendered).toContain('"start":"-P45D"');
    expect(widgets.flat().reduce((sum: number, w: { width: number }) => sum + w.width, 0)).toBeLessThanOrEqual(24);
  });

  test('prod without drills shows only the synthetic check and the restore tests', () => {
    const rendered = text(prod.stack.resolve(prod.drills.recoveryWidgets().map((w) => w.toJson())));
    expect(rendered).not.toContain('FailoverRecoverySeconds');
    expect(rendered).toContain('SyntheticAvailability');
  });
});

describe('cdk-nag', () => {
  test.each([
    ['staging', staging],
    ['prod', prod],
    ['prod with drills', prodEnabled],
  ])('%s stack has no AwsSolutions findings', (_name, { stack }) => {
    expect(nagFindings(stack)).toEqual([]);
  });
});
