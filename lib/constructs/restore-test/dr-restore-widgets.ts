import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { DrRestoreTestConfig } from '../../config/restore-test';
import { DrRestoreTestMetrics } from './dr-restore-test-metrics';

/** The DR restore test on the dashboard's Recovery row: the last run's RTO and RPO beside their targets. */
export function drRestoreWidgets(stage: string, config: DrRestoreTestConfig): cloudwatch.IWidget[] {
  const metrics = new DrRestoreTestMetrics(stage);
  return [
    new cloudwatch.SingleValueWidget({
      title: `Last DR restore (${config.enabled ? 'monthly' : 'on demand'}): RTO target ${config.rtoTargetMinutes} min, RPO target ${config.rpoTargetHours} h`,
      metrics: [
        metrics.succeeded().with({ label: 'Passed (1) / failed (0)' }),
        metrics.durationSeconds().with({ label: 'Seconds to a verified copy (RTO)' }),
        metrics.dataAgeSeconds().with({ label: 'Data age, seconds (RPO)' }),
        metrics.hoursSinceSuccess().with({ label: 'Hours since it last passed' }),
      ],
      // Far enough back to always include the last monthly run.
      start: '-P35D',
      width: 6,
      height: 6,
    }),
  ];
}
