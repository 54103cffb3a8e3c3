import { checkHealth, HttpGet, median } from '../../../lambda/health-probe/core';

/** A clock that advances only when a fake request "takes" time. */
function fakeServer(answers: readonly (number | Error | { status: number; takesMs: number })[]) {
  let now = 1_000;
  let call = 0;
  const get: HttpGet = async () => {
    const answer = answers[call++];
    if (answer instanceof Error) {
      now += 50;
      throw answer;
    }
    const { status, takesMs } = typeof answer === 'number' ? { status: answer, takesMs: 20 } : answer;
    now += takesMs;
    return status;
  };
  return { get, clock: () => now, calls: () => call };
}

const SETTINGS = { url: 'https://app.example.com/health', requests: 3, timeoutMs: 1000 };

describe('synthetic health check', () => {
  test('all requests answered 200 in time: healthy, 100 % available, median latency', async () => {
    const server = fakeServer([200, { status: 204, takesMs: 40 }, { status: 200, takesMs: 30 }]);
    const result = await checkHealth(SETTINGS, server);
    expect(result).toMatchObject({ healthy: true, availabilityPercent: 100, latencyMs: 30 });
    expect(server.calls()).toBe(3);
  });

  test('a 5xx answer and a network error count against availability', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const result = await checkHealth(SETTINGS, fakeServer([200, 503, refused]));
    expect(result.healthy).toBe(false);
    expect(result.availabilityPercent).toBe(33.33);
    expect(result.requests.map((r) => r.ok)).toEqual([true, false, false]);
    expect(result.requests[2]).toMatchObject({ error: 'TypeError: fetch failed: ECONNREFUSED' });
    // Latency is of answered requests only (the 200 and the 503).
    expect(result.latencyMs).toBe(20);
  });

  test('a 200 that arrives after the timeout is a failure', async () => {
    const result = await checkHealth({ ...SETTINGS, requests: 1 }, fakeServer([{ status: 200, takesMs: 1500 }]));
    expect(result).toMatchObject({ healthy: false, availabilityPercent: 0, latencyMs: 1500 });
  });

  test('a 200 arriving in exactly the timeout passes; a millisecond later fails', async () => {
    const one = { ...SETTINGS, requests: 1 };
    expect((await checkHealth(one, fakeServer([{ status: 200, takesMs: 1000 }]))).healthy).toBe(true);
    expect((await checkHealth(one, fakeServer([{ status: 200, takesMs: 1001 }]))).healthy).toBe(false);
  });

  test('any 2xx passes, 200 through 299; 199 and 300 (a redirect the probe did not follow) fail', async () => {
    const okFor = async (status: number) => (await checkHealth({ ...SETTINGS, requests: 1 }, fakeServer([status]))).requests[0].ok;
    expect(await Promise.all([199, 200, 299, 300].map(okFor))).toEqual([false, true, true, false]);
  });

  test('median of an even count is the mean of the middle two; none gives undefined', () => {
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([])).toBeUndefined();
  });
});
