import type { BackupLog } from '../../../lambda/shared/backup/run-report';

/** A log that keeps its entries, for cores that take a BackupLog. */
export function memoryLog(): BackupLog & {
  readonly entries: { level: 'info' | 'error'; message: string; attributes: Record<string, unknown> }[];
} {
  const entries: { level: 'info' | 'error'; message: string; attributes: Record<string, unknown> }[] = [];
  return {
    entries,
    info: (message, attributes) => entries.push({ level: 'info', message, attributes }),
    error: (message, attributes) => entries.push({ level: 'error', message, attributes }),
  };
}

interface EmfRecord {
  readonly _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  readonly [key: string]: unknown;
}

/**
 * Captures what Powertools writes to stdout (JSON log lines and EMF metric records) while a
 * handler runs, so adapter tests can read the metrics it really published.
 */
export function captureStdout() {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  const records = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const emf = () => records().filter((r): r is EmfRecord => '_aws' in r);
  return {
    restore: () => spy.mockRestore(),
    /** Every value published per metric name. */
    metrics(): Record<string, number[]> {
      const values: Record<string, number[]> = {};
      for (const record of emf()) {
        for (const m of record._aws.CloudWatchMetrics.flatMap((d) => d.Metrics)) {
          const v = record[m.Name];
          values[m.Name] = [...(values[m.Name] ?? []), ...(Array.isArray(v) ? (v as number[]) : [v as number])];
        }
      }
      return values;
    },
    /** Namespace and dimensions of every published metric record. */
    metricContexts: () =>
      emf().map((r) => ({
        namespace: r._aws.CloudWatchMetrics[0].Namespace,
        dimensions: r._aws.CloudWatchMetrics[0].Dimensions[0],
        values: r,
      })),
    logs: () => records().filter((r) => !('_aws' in r)) as { level: string; message: string; [key: string]: unknown }[],
  };
}

/** An AWS-style error with the given name, as the SDK throws them. */
export function awsError(name: string, message = name): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The error `run` throws; fails the test when it does not throw. */
export function thrownBy(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}
