import type { MigrationEvent, MigrationProperties, WaitEvent } from '../../../lambda/migration-runner/contract';

export const CLUSTER = 'arn:aws:ecs:eu-west-1:111111111111:cluster/prod-services';
export const TASK_ARN = 'arn:aws:ecs:eu-west-1:111111111111:task/prod-services/0123456789abcdef0123456789abcdef';
export const STACK_ID = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/prod-services/11111111-2222-3333-4444-555555555555';

export const PROPERTIES: MigrationProperties = {
  ClusterArn: CLUSTER,
  TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:111111111111:task-definition/prodapi:7',
  ContainerName: 'api',
  Image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/api:v2',
  Command: ['npm', 'run', 'migrate'],
  TriggerHash: 'b'.repeat(64),
  Subnets: ['subnet-1', 'subnet-2'],
  SecurityGroups: ['sg-1'],
  LogGroupName: '/ecs/prod/api',
  LogStreamPrefix: 'api',
  TimeoutSeconds: '900',
  StartLimitSeconds: '300',
};

export function createEvent(overrides: Partial<MigrationEvent> = {}): MigrationEvent {
  return {
    RequestType: 'Create',
    RequestId: 'req-1',
    StackId: STACK_ID,
    LogicalResourceId: 'Migration',
    ResourceProperties: PROPERTIES,
    ...overrides,
  };
}

export function updateEvent(oldProperties: Partial<MigrationProperties>): MigrationEvent {
  return createEvent({
    RequestType: 'Update',
    PhysicalResourceId: 'migration-aaaaaaaaaaaaaaaa',
    OldResourceProperties: { ...PROPERTIES, ...oldProperties },
  });
}

export function waitEvent(startedAt: string, taskArn = TASK_ARN): WaitEvent {
  return {
    ...createEvent(),
    PhysicalResourceId: 'migration-bbbbbbbbbbbbbbbb',
    Data: { Outcome: 'started', TaskArn: taskArn, StartedAt: startedAt },
  };
}
