import { CostExplorerClient, GetCostAndUsageCommand, GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { readEnvironment } from '../shared/env';
import { wrapHandler } from '../shared/handler';
import { COST_METRICS, COST_REPORT_SERVICE, type CostReportResult, ENV, TIME_BUDGET } from './contract';
import { type CostReportDependencies, parseBudget, parseEvent, parseReaderRoleArn, parseRetentionDays, runCostReport } from './core';
import { assertBeforeDeadline, invocationDeadline } from '../shared/time-budget';
import { sdkClientConfig } from '../shared/sdk-client';

/** Cost Explorer is a global API served only from us-east-1, wherever the function runs. */
export const COST_EXPLORER_REGION = 'us-east-1';

export interface Clients {
  readonly costExplorer: CostExplorerClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
}

/** For Cost Explorer alone, LimitExceededException means "too many calls in a short period of time" (its API reference): throttling, not a quota. */
const COST_EXPLORER_RETRY = { alsoThrottling: ['LimitExceededException'] } as const;

export function createClients(): Clients {
  return {
    costExplorer: new CostExplorerClient(sdkClientConfig(COST_EXPLORER_REGION, COST_EXPLORER_RETRY)),
    s3: new S3Client(sdkClientConfig()),
    sns: new SNSClient(sdkClientConfig()),
  };
}

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler(
    COST_REPORT_SERVICE,
    async (event: unknown, { logger, metrics, context }): Promise<CostReportResult> => {
      const deadline = invocationDeadline(context, TIME_BUDGET);
      const env = readEnvironment([
        'STAGE',
        'AWS_REGION',
        ENV.reportsBucket,
        ENV.topicArn,
        ENV.monthlyBudgetUsd,
        ENV.readerRoleArn,
        ENV.reportRetentionDays,
      ]);
      const request = parseEvent(event);
      const bucket = env[ENV.reportsBucket];
      const deps: CostReportDependencies = {
        // No page starts past the deadline: the run then fails before anything is written.
        getCostAndUsage: (input) => {
          assertBeforeDeadline(deadline, 'Cost Explorer page');
          return clients.costExplorer.send(new GetCostAndUsageCommand(input));
        },
        getCostForecast: (input) => clients.costExplorer.send(new GetCostForecastCommand(input)),
        putObject: async (key, body, contentType) => {
          await clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
        },
        publish: async (subject, message) => {
          await clients.sns.send(new PublishCommand({ TopicArn: env[ENV.topicArn], Subject: subject, Message: message }));
        },
        recordCost: ({ monthToDateUsd, forecastUsd }) => {
          // CloudWatch has no currency unit; the metric names say USD is meant.
          metrics.addMetric(COST_METRICS.monthToDate, MetricUnit.NoUnit, monthToDateUsd);
          metrics.addMetric(COST_METRICS.forecast, MetricUnit.NoUnit, forecastUsd);
        },
        now: () => new Date(),
      };
      try {
        const result = await runCostReport(
          request,
          {
            stage: env.STAGE,
            bucket,
            monthlyBudgetUsd: parseBudget(env[ENV.monthlyBudgetUsd]),
            region: env.AWS_REGION,
            readerRoleArn: parseReaderRoleArn(env[ENV.readerRoleArn]),
            reportRetentionDays: parseRetentionDays(env[ENV.reportRetentionDays]),
          },
          deps,
        );
        logger.info('Cost report written', { ...result });
        return result;
      } catch (error) {
        logger.error('Cost report failed', error as Error);
        throw error;
      }
    },
    { publishesMetrics: true },
  );
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
