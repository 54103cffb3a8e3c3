import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { readEnvironment } from '../../shared/env';
import { wrapHandler } from '../../shared/handler';
import { writeRestoreResult } from '../../shared/restore-report';
import { numberSetting } from '../common/env-values';
import { ENV, REPORT_SERVICE, REPORT_WRITE_ROUNDS, type ReportEvent, type ReportResult } from './contract';
import { reportRestore } from './core';
import { sdkClientConfig } from '../../shared/sdk-client';

export interface Clients {
  readonly s3: S3Client;
  readonly sns: SNSClient;
}

export const createClients = (): Clients => ({ s3: new S3Client(sdkClientConfig()), sns: new SNSClient(sdkClientConfig()) });

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler(
    REPORT_SERVICE,
    async (event: ReportEvent, { logger, metrics }): Promise<ReportResult> => {
      const { s3, sns } = clients;
      const env = readEnvironment(Object.values(ENV));
      const result = await reportRestore(
        event,
        { stage: env.STAGE, rtoTargetMinutes: numberSetting(ENV.rtoTargetMinutes, env.RTO_TARGET_MINUTES) },
        {
          emitMetrics(values) {
            for (const { name, unit, value } of values)
              metrics.addMetric(name, unit === 'Seconds' ? MetricUnit.Seconds : MetricUnit.Count, value);
          },
          writeResult: (section, restoreResult) =>
            writeRestoreResult(s3, env.REPORT_BUCKET, env.STAGE, section, restoreResult, REPORT_WRITE_ROUNDS),
          async notify(subject, message) {
            await sns.send(new PublishCommand({ TopicArn: env.TOPIC_ARN, Subject: subject, Message: message }));
          },
        },
        new Date(),
      );
      logger.info('Restore test reported', { kind: event.run.kind, ...result });
      return result;
    },
    { publishesMetrics: true },
  );
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
