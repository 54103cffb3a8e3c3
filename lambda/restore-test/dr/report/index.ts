import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { readEnvironment } from '../../../shared/env';
import { wrapHandler } from '../../../shared/handler';
import { writeRestoreResult } from '../../../shared/restore-report';
import { sdkClientConfig } from '../../../shared/sdk-client';
import { numberSetting } from '../../common/env-values';
import { DR_REPORT_SECTION, DR_REPORT_SERVICE } from '../contract';
import { publishToPrimary } from '../metrics';
import { DR_REPORT_WRITE_ROUNDS, ENV, type DrReportEvent, type DrReportResult } from './contract';
import { reportDrRestore } from './core';

/** Clients of the stage's own region: the function runs in the DR region and reports home. */
export interface Clients {
  readonly cloudwatch: CloudWatchClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
}

/** The primary region is read from the environment, which Lambda fixes per container. */
export function createClients(env: Record<string, string | undefined> = process.env): Clients {
  const region = env[ENV.primaryRegion];
  return {
    cloudwatch: new CloudWatchClient(sdkClientConfig(region)),
    s3: new S3Client(sdkClientConfig(region)),
    sns: new SNSClient(sdkClientConfig(region)),
  };
}

export function createHandler(clients: Clients = createClients()) {
  return wrapHandler(DR_REPORT_SERVICE, async (event: DrReportEvent, { logger }): Promise<DrReportResult> => {
    const { cloudwatch, s3, sns } = clients;
    const env = readEnvironment(Object.values(ENV));
    const result = await reportDrRestore(
      event,
      {
        stage: env.STAGE,
        drRegion: process.env.AWS_REGION ?? 'the DR region',
        rtoTargetMinutes: numberSetting(ENV.rtoTargetMinutes, env.RTO_TARGET_MINUTES),
        rpoTargetHours: numberSetting(ENV.rpoTargetHours, env.RPO_TARGET_HOURS),
      },
      {
        publishMetrics: (values) => publishToPrimary(cloudwatch, DR_REPORT_SERVICE, env.STAGE, values, new Date()),
        writeResult: (restoreResult) =>
          writeRestoreResult(s3, env.REPORT_BUCKET, env.STAGE, DR_REPORT_SECTION, restoreResult, DR_REPORT_WRITE_ROUNDS),
        async notify(subject, message) {
          await sns.send(new PublishCommand({ TopicArn: env.TOPIC_ARN, Subject: subject, Message: message }));
        },
      },
      new Date(),
    );
    logger.info('DR restore test reported', { ...result });
    return result;
  });
}

/** Clients built once per container, at module scope; createHandler(clients) lets a test pass its own. */
export const handler = createHandler();
