import { ECSClient, ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';
import { limitedPages } from '../shared/pages';
import { backupJob } from '../shared/backup/job-handler';
import { readEnvironment } from '../shared/env';
import {
  DB_DUMP_SERVICE,
  DUMP_CONTAINER_NAME,
  DUMP_KEY_VARIABLE,
  MAX_KEY_PAGES,
  type DumpLaunchResult,
  type DumpLauncherEvent,
  type DumpTaskResult,
  ENV,
} from './contract';
import { type DumpLauncherPorts, dumpTaskResult, isDumpTaskStopped, launchDailyDump, taskFamily } from './core';
import { sdkClientConfig } from '../shared/sdk-client';

export interface Clients {
  readonly s3: S3Client;
  readonly ecs: ECSClient;
}

export function createClients(): Clients {
  return { s3: new S3Client(sdkClientConfig()), ecs: new ECSClient(sdkClientConfig()) };
}

type Environment = Record<'STAGE' | (typeof ENV)[keyof typeof ENV], string>;

export function createPorts(env: Environment, clients: Clients): DumpLauncherPorts {
  const cluster = env[ENV.cluster];
  return {
    listKeys: async (prefix) => {
      const keys: string[] = [];
      const pages = paginateListObjectsV2({ client: clients.s3 }, { Bucket: env[ENV.bucket], Prefix: prefix });
      for await (const page of limitedPages(pages, { maxPages: MAX_KEY_PAGES })) {
        keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      }
      return keys;
    },
    listActiveDumpTasks: async () => {
      // desiredStatus RUNNING covers tasks still PENDING as well as RUNNING ones.
      const out = await clients.ecs.send(
        new ListTasksCommand({ cluster, family: taskFamily(env[ENV.taskDefinition]), desiredStatus: 'RUNNING' }),
      );
      return out.taskArns ?? [];
    },
    runDumpTask: async (key) => {
      const out = await clients.ecs.send(
        new RunTaskCommand({
          cluster,
          taskDefinition: env[ENV.taskDefinition],
          launchType: 'FARGATE',
          count: 1,
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: list(env[ENV.subnets]),
              securityGroups: list(env[ENV.securityGroups]),
              assignPublicIp: 'DISABLED',
            },
          },
          overrides: { containerOverrides: [{ name: DUMP_CONTAINER_NAME, environment: [{ name: DUMP_KEY_VARIABLE, value: key }] }] },
          startedBy: DB_DUMP_SERVICE,
        }),
      );
      return {
        taskArn: out.tasks?.[0]?.taskArn,
        failures: (out.failures ?? []).map((f) => [f.arn, f.reason, f.detail].filter(Boolean).join(': ')),
      };
    },
  };
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Daily schedule: start today's dump. EventBridge, when a dump task stops: record whether it succeeded. */
export function createHandler(clients: Clients = createClients()) {
  return backupJob(DB_DUMP_SERVICE, async (event: DumpLauncherEvent): Promise<DumpLaunchResult | DumpTaskResult> => {
    const env = readEnvironment(['STAGE', ...Object.values(ENV)]);
    if (isDumpTaskStopped(event)) return dumpTaskResult(event);
    return launchDailyDump({ stage: env.STAGE, databaseName: env[ENV.databaseName], now: new Date() }, createPorts(env, clients));
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
