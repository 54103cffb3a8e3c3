import { wrapHandler } from '../../shared/handler';
import type { MeasureEvent, MeasureResult } from './contract';
import { decide, recordSample, startProgress } from './core';
import { probeHealth } from './probes';

/**
 * One poll of a drill's recovery: reads the probes' answers, folds them into the progress the
 * workflow carries, and says whether the stage has recovered, timed out, or needs another poll.
 */
export function createHandler(clock: () => number = Date.now) {
  return wrapHandler('drill-measure', async (event: MeasureEvent): Promise<MeasureResult> => {
    const faultStartedAt = Date.parse(event.faultStartedAt);
    // A bad start time would make every comparison false and the drill poll until the workflow's own timeout.
    if (Number.isNaN(faultStartedAt)) throw new Error(`faultStartedAt is not an ISO-8601 time: ${JSON.stringify(event.faultStartedAt)}`);
    const now = clock();
    const health = probeHealth(event.probes);
    const at = event.sampledAt ? Date.parse(event.sampledAt) : now;
    const progress = recordSample(event.progress ?? startProgress(), { at, health }, faultStartedAt);
    return { decision: decide(progress, event, now), progress, health };
  });
}

export const handler = createHandler();
