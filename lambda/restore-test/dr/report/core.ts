import type { RestoreResult } from '../../../shared/restore-report';
import { formatSeconds } from '../../common/data-age';
import type { VerificationCheck } from '../../common/workflow';
import { restoreResult } from '../../report/core';
import { DR_METRICS } from '../contract';
import type { DrMetricValue } from '../metrics';
import type { DrReportEvent, DrReportResult } from './contract';

export interface DrReportPorts {
  publishMetrics(values: readonly DrMetricValue[]): Promise<void>;
  /** Writes the `drDatabase` section into the day's report; returns the S3 key. */
  writeResult(result: RestoreResult): Promise<string>;
  notify(subject: string, message: string): Promise<void>;
}

export interface DrReportConfig {
  readonly stage: string;
  readonly drRegion: string;
  readonly rtoTargetMinutes: number;
  readonly rpoTargetHours: number;
}

/**
 * Metrics first (they feed the alarms even if S3 or SNS fail), then the report, then the summary.
 * The run is judged as the weekly test judges its own (restoreResult): no step failed, every check
 * passed or was skipped, the copy is gone.
 */
export async function reportDrRestore(
  state: DrReportEvent,
  config: DrReportConfig,
  ports: DrReportPorts,
  now: Date,
): Promise<DrReportResult> {
  const result = restoreResult(state, now);
  await ports.publishMetrics(drRestoreMetrics(result));
  const reportKey = await ports.writeResult(result);
  const { subject, message } = summarizeDr(config, result, reportKey);
  await ports.notify(subject, message);
  return { succeeded: result.succeeded, summary: subject, reportKey };
}

/** Succeeded always (1 or 0); the RTO only for a verified copy; the RPO whenever it was measured. */
export function drRestoreMetrics(result: RestoreResult): DrMetricValue[] {
  return [
    { name: DR_METRICS.succeeded, unit: 'Count', value: result.succeeded ? 1 : 0 },
    ...(result.succeeded ? [{ name: DR_METRICS.durationSeconds, unit: 'Seconds' as const, value: result.durationSeconds }] : []),
    ...(result.dataAgeSeconds !== undefined
      ? [{ name: DR_METRICS.dataAgeSeconds, unit: 'Seconds' as const, value: result.dataAgeSeconds }]
      : []),
  ];
}

export function summarizeDr(config: DrReportConfig, result: RestoreResult, reportKey: string): { subject: string; message: string } {
  const subject =
    `[${config.stage}] DR restore test (${config.drRegion}) ${result.succeeded ? `passed in ${formatSeconds(result.durationSeconds)}` : 'FAILED'}`.slice(
      0,
      100,
    );
  const failed = result.checks.filter((check) => !check.passed && !(check as VerificationCheck).skipped);
  const overRto = result.durationSeconds > config.rtoTargetMinutes * 60;
  const overRpo = result.dataAgeSeconds !== undefined && result.dataAgeSeconds > config.rpoTargetHours * 3600;
  const lines = [
    `DR restore test of ${config.stage} in ${config.drRegion}: ${result.succeeded ? 'PASSED' : 'FAILED'}`,
    `Source: ${result.source}`,
    `Duration (RTO): ${formatSeconds(result.durationSeconds)}, target ${config.rtoTargetMinutes} min${overRto ? ' - OVER TARGET' : ''}`,
    `Data age at test start (RPO): ${result.dataAgeSeconds === undefined ? 'not measured' : formatSeconds(result.dataAgeSeconds)}, target ${config.rpoTargetHours} h${overRpo ? ' - OVER TARGET' : ''}`,
    failed.length > 0
      ? `Failed checks:\n${failed.map((check) => `  - ${check.name}: ${check.detail}`).join('\n')}`
      : `Checks: all ${result.checks.length} passed or skipped`,
    ...(result.error ? [`Error: ${result.error}`] : []),
    `Report: ${reportKey} (section drDatabase)`,
  ];
  return { subject, message: lines.join('\n') };
}
