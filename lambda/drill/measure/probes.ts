import type { ProbeHealth, RawProbes } from './contract';

/**
 * Reads the probes' raw answers as healthy or not. Anything missing counts as unhealthy:
 * an answer we cannot read is no evidence that the stage has recovered.
 */
export function probeHealth(raw: RawProbes): ProbeHealth {
  const { running, desired } = raw.service ?? {};
  return {
    site: raw.site?.healthy === true,
    database: raw.database?.healthy === true,
    service: typeof running === 'number' && typeof desired === 'number' && running >= desired,
    cache: raw.cache?.status === 'available',
  };
}
