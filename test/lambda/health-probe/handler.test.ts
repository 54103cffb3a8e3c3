import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHandler } from '../../../lambda/health-probe/index';

/** A real HTTP server: /health answers with the status of the moment, /hang never answers. */
let server: Server;
let baseUrl: string;
let status = 200;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/hang') return;
    res.statusCode = status;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Powertools writes EMF documents to stdout; collect the ones this test produced. */
function captureMetrics(): { documents: () => Record<string, unknown>[]; restore: () => void } {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return {
    documents: () =>
      lines
        .flatMap((l) => l.split('\n'))
        .filter((l) => l.includes('"_aws"'))
        .map((l) => JSON.parse(l)),
    restore: () => spy.mockRestore(),
  };
}

const env = (path: string) => ({ STAGE: 'staging', HEALTH_URL: `${baseUrl}${path}`, PROBE_REQUESTS: '2', PROBE_TIMEOUT_MS: '200' });

describe('health-probe handler', () => {
  test('probes the URL and publishes SyntheticAvailability and SyntheticLatencyMs for the stage', async () => {
    status = 200;
    const capture = captureMetrics();
    try {
      const result = await createHandler({ env: env('/health') })({});
      expect(result).toMatchObject({ healthy: true, availabilityPercent: 100 });
      const [doc] = capture.documents();
      expect(doc).toMatchObject({ service: 'health-probe', Stage: 'staging', SyntheticAvailability: 100 });
      expect(doc.SyntheticLatencyMs).toHaveLength(2);
      const metric = (doc._aws as { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] }).CloudWatchMetrics[0];
      expect(metric.Namespace).toBe('StagePlatform');
      expect(metric.Dimensions[0].sort()).toEqual(['Stage', 'service']);
    } finally {
      capture.restore();
    }
  });

  test('a 500 from the stage is 0 % availability', async () => {
    status = 500;
    const capture = captureMetrics();
    try {
      const result = await createHandler({ env: env('/health') })();
      expect(result).toMatchObject({ healthy: false, availabilityPercent: 0 });
      expect(capture.documents()[0]).toMatchObject({ SyntheticAvailability: 0 });
    } finally {
      capture.restore();
    }
  });

  test('requests without an answer before the timeout fail, and a drill poll publishes nothing', async () => {
    const capture = captureMetrics();
    try {
      const result = await createHandler({ env: env('/hang') })({ publishMetrics: false });
      expect(result.healthy).toBe(false);
      expect(result.requests[0].error).toMatch(/TimeoutError/);
      expect(capture.documents()).toEqual([]);
    } finally {
      capture.restore();
    }
  });

  test('fails at once without its environment', async () => {
    await expect(createHandler({ env: { STAGE: 'staging' } })()).rejects.toThrow(/HEALTH_URL, PROBE_REQUESTS, PROBE_TIMEOUT_MS/);
  });
});
