import {
  CloudWatchLogsClient,
  CreateExportTaskCommand,
  DescribeExportTasksCommand,
  paginateDescribeLogGroups,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { limitedPages } from '../shared/pages';
import { backupJob } from '../shared/backup/job-handler';
import { readEnvironment } from '../shared/env';
import {
  archiveStateKey,
  ENV,
  LOG_ARCHIVE_SERVICE,
  type LogArchiveEvent,
  type LogArchiveResult,
  OPTIONAL_ENV,
  TIME_BUDGETS,
} from './contract';
import { type ArchivePorts, runLogArchive } from './core';
import type { ArchiveQueue } from './queue';
import { invocationDeadline } from '../shared/time-budget';
import { sdkClientConfig } from '../shared/sdk-client';

export interface Clients {
  readonly logs: CloudWatchLogsClient;
  readonly s3: S3Client;
}

export function createClients(): Clients {
  return { logs: new CloudWatchLogsClient(sdkClientConfig()), s3: new S3Client(sdkClientConfig()) };
}

export interface ArchiveSettings {
  readonly stage: string;
  readonly bucket: string;
  readonly pattern: string;
  readonly prefixes: readonly string[];
}

/** `deadline` (epoch ms): no page of the log-group listing starts after it; the listing then fails and nothing is queued. */
export function createPorts(settings: ArchiveSettings, clients: Clients, deadline?: number): ArchivePorts {
  const stateKey = archiveStateKey(settings.stage);
  const logGroupNames = async (filter: { logGroupNamePattern: string } | { logGroupNamePrefix: string }) => {
    const names: string[] = [];
    for await (const page of limitedPages(paginateDescribeLogGroups({ client: clients.logs }, filter), { deadline })) {
      names.push(...(page.logGroups ?? []).flatMap((g) => (g.logGroupName ? [g.logGroupName] : [])));
    }
    return names;
  };
  return {
    readQueue: async () => {
      try {
        const out = await clients.s3.send(new GetObjectCommand({ Bucket: settings.bucket, Key: stateKey }));
        return { queue: JSON.parse(await out.Body!.transformToString()) as ArchiveQueue, etag: out.ETag as string };
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    writeQueue: async (queue, expectedEtag) => {
      try {
        await clients.s3.send(
          new PutObjectCommand({
            Bucket: settings.bucket,
            Key: stateKey,
            Body: JSON.stringify(queue, null, 2),
            ContentType: 'application/json',
            ...(expectedEtag ? { IfMatch: expectedEtag } : { IfNoneMatch: '*' }),
          }),
        );
        return true;
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict') return false;
        throw error;
      }
    },
    listLogGroups: async () => {
      const found = await Promise.all([
        logGroupNames({ logGroupNamePattern: settings.pattern }),
        ...settings.prefixes.map((prefix) => logGroupNames({ logGroupNamePrefix: prefix })),
      ]);
      return [...new Set(found.flat())].sort();
    },
    exportStatus: async (taskId) => {
      const out = await clients.logs.send(new DescribeExportTasksCommand({ taskId }));
      const status = out.exportTasks?.[0]?.status;
      return { code: status?.code ?? 'UNKNOWN', message: status?.message };
    },
    createExport: async (item, destinationPrefix) => {
      const out = await clients.logs.send(
        new CreateExportTaskCommand({
          taskName: `${settings.stage}-${item.from.slice(0, 10)}-${item.logGroupName.replace(/[^\w.-]+/g, '-')}`.slice(0, 512),
          logGroupName: item.logGroupName,
          from: Date.parse(item.from),
          // `to` is inclusive; stop one millisecond short so weeks never overlap.
          to: Date.parse(item.to) - 1,
          destination: settings.bucket,
          destinationPrefix,
        }),
      );
      if (!out.taskId) throw new Error(`CreateExportTask returned no task id for ${item.logGroupName}`);
      return out.taskId;
    },
  };
}

export function parseEvent(event: unknown): LogArchiveEvent {
  const action = (event as Partial<LogArchiveEvent> | undefined)?.action;
  if (action !== 'start' && action !== 'continue')
    throw new Error(`Expected an event {"action": "start" | "continue"}, got ${JSON.stringify(event)}`);
  return { action };
}

/** Weekly schedule sends `start`; a short rate schedule sends `continue` until the queue is empty. */
export function createHandler(clients: Clients = createClients()) {
  return backupJob(LOG_ARCHIVE_SERVICE, async (event: unknown, { context }): Promise<LogArchiveResult> => {
    const request = parseEvent(event);
    const deadline = invocationDeadline(context, TIME_BUDGETS[request.action]);
    const env = readEnvironment(['STAGE', ...Object.values(ENV)]);
    const settings: ArchiveSettings = {
      stage: env.STAGE,
      bucket: env[ENV.bucket],
      pattern: env[ENV.logGroupPattern],
      prefixes: (process.env[OPTIONAL_ENV.logGroupPrefixes] ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    };
    return runLogArchive(request, env.STAGE, new Date(), createPorts(settings, clients, deadline));
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
