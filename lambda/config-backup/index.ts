import { CloudFormationClient, DescribeStacksCommand, paginateListStacks, StackStatus } from '@aws-sdk/client-cloudformation';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient, paginateListServices } from '@aws-sdk/client-ecs';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { paginateGetParametersByPath, SSMClient } from '@aws-sdk/client-ssm';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { limitedPages } from '../shared/pages';
import { backupJob } from '../shared/backup/job-handler';
import { readEnvironment } from '../shared/env';
import { CONFIG_BACKUP_METRICS, CONFIG_BACKUP_SERVICE, type ConfigBackupResult, ENV, SHA256_METADATA, TIME_BUDGET } from './contract';
import { backupConfiguration, type ConfigSources, type ConfigStore } from './core';
import { assertBeforeDeadline, invocationDeadline } from '../shared/time-budget';
import { sdkClientConfig } from '../shared/sdk-client';

export interface Clients {
  readonly ecs: ECSClient;
  readonly ssm: SSMClient;
  readonly cloudFormation: CloudFormationClient;
  readonly s3: S3Client;
}

export function createClients(): Clients {
  return {
    ecs: new ECSClient(sdkClientConfig()),
    ssm: new SSMClient(sdkClientConfig()),
    cloudFormation: new CloudFormationClient(sdkClientConfig()),
    s3: new S3Client(sdkClientConfig()),
  };
}

/** DescribeServices takes at most 10 services per call. */
const DESCRIBE_SERVICES_BATCH = 10;

/** Every status but DELETE_COMPLETE: a stack mid-update still exists and must not vanish from the document. */
const LIVE_STACK_STATUSES = Object.values(StackStatus).filter((s) => s !== StackStatus.DELETE_COMPLETE);

/**
 * Reads the configuration; past `deadline` (epoch ms) no further page or call is started and the
 * read fails, so nothing partial is ever written.
 */
export function createSources(cluster: string, clients: Clients, deadline?: number): ConfigSources {
  const limits = { deadline };
  return {
    services: async () => {
      const arns: string[] = [];
      for await (const page of limitedPages(paginateListServices({ client: clients.ecs }, { cluster }), limits))
        arns.push(...(page.serviceArns ?? []));
      const services = [];
      for (let i = 0; i < arns.length; i += DESCRIBE_SERVICES_BATCH) {
        assertBeforeDeadline(deadline, 'DescribeServices');
        const out = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: arns.slice(i, i + DESCRIBE_SERVICES_BATCH) }));
        if (out.failures?.length)
          throw new Error(`DescribeServices failed for ${out.failures.map((f) => `${f.arn}: ${f.reason}`).join('; ')}`);
        services.push(...(out.services ?? []));
      }
      return services;
    },
    taskDefinition: async (arn) => {
      assertBeforeDeadline(deadline, `DescribeTaskDefinition ${arn}`);
      const out = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
      if (!out.taskDefinition) throw new Error(`DescribeTaskDefinition returned nothing for ${arn}`);
      return out.taskDefinition;
    },
    parameters: async (path) => {
      const parameters = [];
      for await (const page of limitedPages(
        paginateGetParametersByPath({ client: clients.ssm }, { Path: path, Recursive: true, WithDecryption: false }),
        limits,
      )) {
        parameters.push(...(page.Parameters ?? []));
      }
      return parameters;
    },
    // ListStacks, then DescribeStacks by name: describing by name lets IAM limit it to this stage's stacks.
    stacks: async (namePrefix) => {
      const names: string[] = [];
      for await (const page of limitedPages(
        paginateListStacks({ client: clients.cloudFormation }, { StackStatusFilter: LIVE_STACK_STATUSES }),
        limits,
      )) {
        names.push(...(page.StackSummaries ?? []).flatMap((s) => (s.StackName?.startsWith(namePrefix) ? [s.StackName] : [])));
      }
      const stacks = [];
      for (const name of names.sort()) {
        assertBeforeDeadline(deadline, `DescribeStacks ${name}`);
        const out = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: name }));
        stacks.push(...(out.Stacks ?? []));
      }
      return stacks;
    },
  };
}

export function createStore(bucket: string, s3: S3Client): ConfigStore {
  return {
    head: async (key) => {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { sha256: out.Metadata?.[SHA256_METADATA], etag: out.ETag as string };
      } catch (error) {
        if ((error as { name?: string }).name === 'NotFound') return undefined;
        throw error;
      }
    },
    put: async (key, body, sha256, expectedEtag) => {
      try {
        const out = await s3.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: body,
            ContentType: 'application/json',
            Metadata: { [SHA256_METADATA]: sha256 },
            ...(expectedEtag ? { IfMatch: expectedEtag } : { IfNoneMatch: '*' }),
          }),
        );
        return { versionId: out.VersionId };
      } catch (error) {
        const name = (error as { name?: string }).name;
        if (name === 'PreconditionFailed' || name === 'ConditionalRequestConflict') return 'conflict';
        throw error;
      }
    },
  };
}

/** Daily schedule, and EventBridge after each successful deploy of a stage stack: the event itself is not read. */
export function createHandler(clients: Clients = createClients()) {
  return backupJob(
    CONFIG_BACKUP_SERVICE,
    async (event: unknown, { logger, context }): Promise<ConfigBackupResult> => {
      const trigger = (event as { detail?: { 'stack-id'?: string } } | undefined)?.detail?.['stack-id'] ?? 'schedule';
      logger.appendKeys({ trigger });
      const deadline = invocationDeadline(context, TIME_BUDGET);
      const env = readEnvironment(['STAGE', ...Object.values(ENV)]);
      return backupConfiguration(
        { stage: env.STAGE, project: env[ENV.project], cluster: env[ENV.cluster], stackNamePrefix: env[ENV.stackNamePrefix] },
        createSources(env[ENV.cluster], clients, deadline),
        createStore(env[ENV.bucket], clients.s3),
      );
    },
    { extraMetrics: (result) => [{ name: CONFIG_BACKUP_METRICS.configChanged, unit: MetricUnit.Count, value: result.changed ? 1 : 0 }] },
  );
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
