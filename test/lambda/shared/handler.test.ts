import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { wrapHandler } from '../../../lambda/shared/handler';
import { captureStdout } from '../backup-support/output';

// This file reads the logs; test/support/env.cjs makes them silent by default.
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';

const context = {
  functionName: 'dev-restore-report',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:111111111111:function:dev-restore-report',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 1_000,
} as unknown as Context;

let output: ReturnType<typeof captureStdout>;
beforeEach(() => {
  process.env.STAGE = 'dev';
  output = captureStdout();
});
afterEach(() => {
  output.restore();
  delete process.env.STAGE;
});

describe('the one handler wrapper', () => {
  it("puts the invocation's context and the stage on every log line (injectLambdaContext)", async () => {
    const handler = wrapHandler('restore-test-report', async (event: { n: number }, { logger }) => {
      logger.info('working', { n: event.n });
      return event.n + 1;
    });
    await expect(handler({ n: 1 }, context)).resolves.toBe(2);
    expect(output.logs()).toEqual([
      expect.objectContaining({
        message: 'working',
        service: 'restore-test-report',
        stage: 'dev',
        function_request_id: 'req-1',
        function_name: 'dev-restore-report',
      }),
    ]);
  });

  it('publishes the metrics the work added at the end of the invocation, a failed one too (logMetrics), with service and Stage dimensions', async () => {
    const handler = wrapHandler(
      'restore-test-report',
      async (_event: unknown, { metrics }) => {
        metrics.addMetric('RestoreTestPassed', MetricUnit.Count, 0);
        throw new Error('report failed');
      },
      { publishesMetrics: true },
    );
    await expect(handler({}, context)).rejects.toThrow('report failed');
    expect(output.metrics()).toEqual({ RestoreTestPassed: [0] });
    expect(output.metricContexts()[0]).toMatchObject({
      namespace: 'StagePlatform',
      values: { service: 'restore-test-report', Stage: 'dev' },
    });
  });

  it('publishes nothing, and warns of nothing, for work that adds no metrics', async () => {
    const handler = wrapHandler('restore-test-db-status', async () => 'ok');
    await handler({}, context);
    expect(output.metrics()).toEqual({});
    expect(output.logs()).toEqual([]);
  });

  it('publishes only for the invocations the event says should, and warns of nothing for the others', async () => {
    const handler = wrapHandler(
      'health-probe',
      async (event: { publish: boolean }, { metrics }) => {
        if (event.publish) metrics.addMetric('SyntheticAvailability', MetricUnit.Percent, 100);
        return event.publish;
      },
      { publishesMetrics: (event) => event.publish },
    );
    await handler({ publish: false }, context);
    expect(output.metrics()).toEqual({});
    await handler({ publish: true }, context);
    expect(output.metrics()).toEqual({ SyntheticAvailability: [100] });
    expect(output.logs()).toEqual([]);
  });

  it('tags every invocation with the stage, without Powertools warning on each one that the Stage dimension is set again', async () => {
    // Powertools warns through its own console on stderr.
    const warn = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      let stage = 'dev';
      const handler = wrapHandler(
        'backup-monitor',
        async (_event: unknown, { metrics }) => metrics.addMetric('BackupSucceeded', MetricUnit.Count, 1),
        { publishesMetrics: true, stage: () => stage },
      );
      await handler({}, context);
      await handler({}, context);
      expect(warn.mock.calls.flat().join('\n')).not.toMatch(/already been added/);
      // A different stage (never within one Lambda container) is set anew.
      stage = 'staging';
      await handler({}, context);
      expect(output.metricContexts().map((c) => c.values.Stage)).toEqual(['dev', 'dev', 'staging']);
    } finally {
      warn.mockRestore();
    }
  });

  it('passes the caller its own context (for deadlines), and runs without one when a test or a script calls it', async () => {
    const handler = wrapHandler('restore-test-sweeper', async (_event: unknown, tools) => tools.context?.getRemainingTimeInMillis());
    await expect(handler({}, context)).resolves.toBe(1_000);
    await expect(handler({})).resolves.toBeUndefined();
  });
});
