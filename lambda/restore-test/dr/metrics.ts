import { type CloudWatchClient, PutMetricDataCommand, type StandardUnit } from '@aws-sdk/client-cloudwatch';
import { METRICS_NAMESPACE } from '../../shared/observability';

/** One value the DR steps publish. */
export interface DrMetricValue {
  readonly name: string;
  readonly unit: 'Count' | 'Seconds';
  readonly value: number;
}

/**
 * Publishes into the stage's own region with PutMetricData, under the namespace and dimensions
 * (service, Stage) the platform's Powertools metrics use, so the alarms there read them like any other.
 * `cloudwatch` must be a client of that region: Powertools' EMF would land in the DR region's logs.
 */
export async function publishToPrimary(
  cloudwatch: CloudWatchClient,
  service: string,
  stage: string,
  values: readonly DrMetricValue[],
  at: Date,
): Promise<void> {
  if (values.length === 0) return;
  await cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: METRICS_NAMESPACE,
      MetricData: values.map(({ name, unit, value }) => ({
        MetricName: name,
        Dimensions: [
          { Name: 'service', Value: service },
          { Name: 'Stage', Value: stage },
        ],
        Unit: unit as StandardUnit,
        Value: value,
        Timestamp: at,
      })),
    }),
  );
}
