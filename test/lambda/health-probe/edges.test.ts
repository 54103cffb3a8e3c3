import { checkHealth } from '../../../lambda/health-probe/core';

// When a health probe counts as healthy, at each edge, and how its failures read.

describe('the health probe', () => {
  /** Answers in turn: a status (after `ms` on the fake clock) or an error. */
  const probe = (answers: Array<[number, number] | Error>, requests = answers.length, timeoutMs = 1000) => {
    let now = 0;
    let i = 0;
    return checkHealth(
      { url: 'https://dev.example.com/health', requests, timeoutMs },
      {
        clock: () => now,
        get: async () => {
          const answer = answers[i++];
          if (answer instanceof Error) throw answer;
          now += answer[1];
          return answer[0];
        },
      },
    );
  };

  it('healthy only when every request answered 2xx in time; no requests is not healthy', async () => {
    await expect(
      probe([
        [200, 10],
        [204, 30],
      ]),
    ).resolves.toMatchObject({ healthy: true, availabilityPercent: 100, latencyMs: 20 });
    await expect(
      probe([
        [200, 10],
        [500, 30],
      ]),
    ).resolves.toMatchObject({ healthy: false, availabilityPercent: 50 });
    await expect(probe([[200, 1000]])).resolves.toMatchObject({ healthy: true });
    await expect(probe([[200, 1001]])).resolves.toMatchObject({
      healthy: false,
      availabilityPercent: 0,
      requests: [{ ok: false, status: 200, latencyMs: 1001 }],
    });
    await expect(
      probe([
        [199, 1],
        [300, 1],
      ]),
    ).resolves.toMatchObject({ healthy: false, availabilityPercent: 0 });
    await expect(probe([], 0)).resolves.toEqual({ healthy: false, availabilityPercent: 0, latencyMs: undefined, requests: [] });
  });

  it('rounds availability to two decimals and takes the latency of answered requests only', async () => {
    const result = await probe([[200, 10], [200, 20], new Error('x')]);
    expect(result.availabilityPercent).toBe(66.67);
    expect(result.latencyMs).toBe(15);
  });

  it('a failed request says what failed, with the network cause', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' } });
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' });
    const result = await probe([refused, timeout, Object.assign(new Error(''), { name: 'AbortError', cause: { message: 'gone' } })]);
    expect(result.requests.map((r) => r.error)).toEqual([
      'TypeError: fetch failed: ECONNREFUSED',
      'TimeoutError: The operation was aborted due to timeout',
      'AbortError: gone',
    ]);
    expect(result.requests.every((r) => r.ok === false && r.latencyMs === 0)).toBe(true);
  });
});
