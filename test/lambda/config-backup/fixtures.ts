import type { Stack } from '@aws-sdk/client-cloudformation';
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Parameter } from '@aws-sdk/client-ssm';

export const CLUSTER = 'arn:aws:ecs:eu-west-1:111111111111:cluster/dev';
export const API_TD = 'arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-api:7';
export const WORKER_TD = 'arn:aws:ecs:eu-west-1:111111111111:task-definition/dev-worker:3';

export const SERVICES: Service[] = [
  {
    serviceName: 'worker',
    serviceArn: 'arn:aws:ecs:eu-west-1:111111111111:service/dev/worker',
    taskDefinition: WORKER_TD,
    desiredCount: 1,
    runningCount: 1,
    deployments: [{ id: 'ecs-svc/2', status: 'PRIMARY', createdAt: new Date('2026-03-01T00:00:00Z') }],
  },
  {
    serviceName: 'api',
    serviceArn: 'arn:aws:ecs:eu-west-1:111111111111:service/dev/api',
    taskDefinition: API_TD,
    desiredCount: 2,
    runningCount: 2,
    launchType: 'FARGATE',
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
  },
];

export const TASK_DEFINITIONS: Record<string, TaskDefinition> = {
  [API_TD]: {
    taskDefinitionArn: API_TD,
    family: 'dev-api',
    revision: 7,
    cpu: '512',
    memory: '1024',
    registeredAt: new Date('2026-03-01T00:00:00Z'),
    containerDefinitions: [
      {
        name: 'api',
        image: 'example/api:1.2.3',
        environment: [
          { name: 'QUEUE_URL', value: 'https://sqs/queue' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:db-AbC:password::' }],
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'dev-api' } },
      },
    ],
  },
  [WORKER_TD]: {
    taskDefinitionArn: WORKER_TD,
    family: 'dev-worker',
    revision: 3,
    containerDefinitions: [{ name: 'worker', image: 'example/worker:1' }],
  },
};

export const PARAMETERS: Parameter[] = [
  { Name: '/shop/dev/feature/search', Type: 'String', Value: 'on', Version: 4, LastModifiedDate: new Date('2026-02-01T00:00:00Z') },
  { Name: '/shop/dev/api-key', Type: 'SecureString', Value: 'AQICAHh-ciphertext', Version: 2 },
];

export const STACKS: Stack[] = [
  {
    StackName: 'dev-Services',
    StackStatus: 'UPDATE_COMPLETE',
    CreationTime: new Date('2026-01-01T00:00:00Z'),
    LastUpdatedTime: new Date('2026-03-09T00:00:00Z'),
    Outputs: [
      { OutputKey: 'LoadBalancerDns', OutputValue: 'dev-alb.example.com' },
      { OutputKey: 'ApiUrl', OutputValue: 'https://dev.example.com' },
    ],
  },
  { StackName: 'dev-Data', StackStatus: 'CREATE_COMPLETE', CreationTime: new Date('2026-01-01T00:00:00Z') },
];
