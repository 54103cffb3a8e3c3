import type { MeasureEvent, RawProbes } from '../../../../lambda/drill/measure/contract';
import { createHandler } from '../../../../lambda/drill/measure/index';
import { probeHealth } from '../../../../lambda/drill/measure/probes';

const HEALTHY: RawProbes = {
  site: { healthy: true },
  database: { healthy: true },
  service: { running: 3, desired: 3 },
  cache: { status: 'available' },
};
const BASE = { faultStartedAt: '2026-03-10T10:00:00.000Z', timeoutSeconds: 600, observeSeconds: 60, confirmSamples: 2 };

describe('probe answers', () => {
  test.each([
    ['site down', { ...HEALTHY, site: { healthy: false } }, 'site'],
    ['database write failed', { ...HEALTHY, database: { healthy: false } }, 'database'],
    ['fewer tasks running than desired', { ...HEALTHY, service: { running: 2, desired: 3 } }, 'service'],
    ['service counts missing', { ...HEALTHY, service: {} }, 'service'],
    ['cache group modifying', { ...HEALTHY, cache: { status: 'modifying' } }, 'cache'],
    ['cache status missing', { ...HEALTHY, cache: {} }, 'cache'],
  ] as const)('%s makes only that probe unhealthy', (_name, raw, sick) => {
    const health = probeHealth(raw as RawProbes);
    expect(
      Object.entries(health)
        .filter(([, ok]) => !ok)
        .map(([name]) => name),
    ).toEqual([sick]);
  });
});

describe('drill-measure handler', () => {
  test('carries progress between polls and decides with its clock', async () => {
    let now = Date.parse('2026-03-10T10:00:05.000Z');
    const handler = createHandler(() => now);
    const first = await handler({ ...BASE, probes: { ...HEALTHY, database: { healthy: false } } });
    expect(first.decision).toEqual({ status: 'polling' });
    expect(first.health.database).toBe(false);

    now += 10_000;
    const second = await handler({ ...BASE, progress: first.progress, probes: HEALTHY });
    expect(second.decision).toEqual({ status: 'polling' });

    now += 10_000;
    const third = await handler({ ...BASE, progress: second.progress, sampledAt: '2026-03-10T10:00:24.000Z', probes: HEALTHY });
    expect(third.decision).toEqual({
      status: 'recovered',
      recoveredAt: '2026-03-10T10:00:15.000Z',
      recoverySeconds: 15,
      faultObserved: true,
    });
  });

  test('refuses a fault start it cannot read instead of polling forever', async () => {
    const event = { ...BASE, faultStartedAt: 'yesterday', probes: HEALTHY } as MeasureEvent;
    await expect(createHandler(() => 0)(event)).rejects.toThrow(/faultStartedAt is not an ISO-8601 time: "yesterday"/);
  });
});
