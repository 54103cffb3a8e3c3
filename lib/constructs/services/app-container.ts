import { Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TaskSizing } from '../../config/types';
import { acknowledgeWildcards, wildcardResources } from '../common/nag';
import { containerImage } from './private/container-image';

/** How the application reaches its data: endpoints as plain env, credentials only as ECS secrets. */
export interface AppConnections {
  readonly databaseWriterHost: string;
  /** Comma-separated reader hosts (the replicas, or the primary when there are none). */
  readonly databaseReaderHosts: string;
  readonly databasePort: string;
  readonly databaseName: string;
  /** RDS-generated secret with `username` and `password` fields. */
  readonly databaseSecret: secretsmanager.ISecret;
  readonly cacheHost: string;
  readonly cacheReaderHost: string;
  readonly cachePort: string;
  readonly cacheAuthSecret: secretsmanager.ISecret;
  readonly queueUrl: string;
}

export interface AppTaskProps {
  readonly stage: string;
  /** Container and log stream name, e.g. `api`. */
  readonly name: string;
  readonly sizing: TaskSizing;
  readonly connections: AppConnections;
  readonly logRetention: logs.RetentionDays;
  readonly containerPort?: number;
}

/**
 * A Fargate task definition running one application container with the platform's conventions:
 * the configured CPU architecture, the image (pullable from its private ECR repository), JSON logs to a log group with retention, endpoints as env,
 * credentials injected from Secrets Manager (never plain env), a non-root user (`image.user`) and
 * a read-only root filesystem with a writable /tmp.
 */
export function createAppTask(
  scope: Construct,
  id: string,
  props: AppTaskProps,
): { taskDefinition: ecs.FargateTaskDefinition; container: ecs.ContainerDefinition; logGroup: logs.LogGroup } {
  const { sizing, connections } = props;
  const taskDefinition = new ecs.FargateTaskDefinition(scope, id, {
    cpu: sizing.cpu,
    memoryLimitMiB: sizing.memoryMiB,
    runtimePlatform: {
      cpuArchitecture: sizing.architecture === 'ARM64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
    },
  });
  taskDefinition.addVolume({ name: 'tmp' });
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: props.logRetention });
  const container = taskDefinition.addContainer(props.name, {
    // A private ECR image gives the execution role pull rights on its repository (the migration task runs this definition too).
    image: containerImage(scope, `${id}Repository`, sizing.image.uri),
    command: sizing.image.command ? [...sizing.image.command] : undefined,
    // Validated non-root in the stage config; a one-off migration task reuses this definition, so it runs as this user too.
    user: sizing.image.user,
    essential: true,
    readonlyRootFilesystem: true,
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: props.name, logGroup }),
    portMappings: props.containerPort ? [{ containerPort: props.containerPort, name: props.name }] : undefined,
    environment: {
      STAGE: props.stage,
      DB_HOST: connections.databaseWriterHost,
      DB_READER_HOSTS: connections.databaseReaderHosts,
      DB_PORT: connections.databasePort,
      DB_NAME: connections.databaseName,
      DB_SSLMODE: 'require',
      REDIS_HOST: connections.cacheHost,
      REDIS_READER_HOST: connections.cacheReaderHost,
      REDIS_PORT: connections.cachePort,
      REDIS_TLS: 'true',
      QUEUE_URL: connections.queueUrl,
    },
    secrets: {
      DB_USERNAME: ecs.Secret.fromSecretsManager(connections.databaseSecret, 'username'),
      DB_PASSWORD: ecs.Secret.fromSecretsManager(connections.databaseSecret, 'password'),
      REDIS_AUTH_TOKEN: ecs.Secret.fromSecretsManager(connections.cacheAuthSecret),
    },
  });
  Validations.of(taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason:
      'Environment holds only endpoints and switches (hosts, ports, queue URL); credentials come from Secrets Manager as ECS secrets.',
  });
  acknowledgeWildcards(taskDefinition.obtainExecutionRole(), [
    {
      finding: wildcardResources('*'),
      reason:
        'ecr:GetAuthorizationToken, which pulling the image from its private ECR repository needs, supports no resource-level permission.',
    },
  ]);
  container.addMountPoints({ containerPath: '/tmp', sourceVolume: 'tmp', readOnly: false });
  return { taskDefinition, container, logGroup };
}
