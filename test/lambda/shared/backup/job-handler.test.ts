import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { backupJob } from '../../../../lambda/shared/backup/job-handler';
import { captureStdout } from '../../backup-support/output';

// This file reads the logs; test/support/env.cjs makes them silent by default.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';

const context = {
  functionName: 'prod-db-snapshot',
  awsRequestId: 'req-7',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

let output: ReturnType<typeof captureStdout>;
beforeEach(() => {
  output = captureStdout();
});
afterEach(() => output.restore());

describe('a backup job on the handler wrapper', () => {
  const job = backupJob(
    'db-snapshot',
    async (event: { fail?: boolean; throw?: boolean }, { logger, context: given }) => {
      if (event.throw) throw new Error('no environment');
      logger.info('remaining', { ms: given?.getRemainingTimeInMillis() });
      return { succeeded: !event.fail, tables: 3 };
    },
    { extraMetrics: (result) => [{ name: 'RowCountTables', unit: MetricUnit.Count, value: result.tables }], stage: () => 'prod' },
  );

  it("publishes BackupSucceeded and the result's metrics once per invocation, under the service and Stage dimensions", async () => {
    await expect(job({}, context)).resolves.toEqual({ succeeded: true, tables: 3 });
    await job({ fail: true }, context);
    expect(output.metrics()).toEqual({ BackupSucceeded: [1, 0], RowCountTables: [3, 3] });
    expect(output.metricContexts().map((m) => m.values)).toEqual([
      expect.objectContaining({ service: 'db-snapshot', Stage: 'prod' }),
      expect.objectContaining({ service: 'db-snapshot', Stage: 'prod' }),
    ]);
  });

  it('publishes BackupSucceeded 0 for a run that stops early, and rethrows', async () => {
    await expect(job({ throw: true }, context)).rejects.toThrow('no environment');
    expect(output.metrics()).toEqual({ BackupSucceeded: [0] });
  });

  it("gives the run the invocation's context and puts its request id on the log lines", async () => {
    await job({}, context);
    expect(output.logs()).toContainEqual(expect.objectContaining({ message: 'remaining', ms: 60_000, function_request_id: 'req-7' }));
  });
});
