import type { DbSnapshotEvent } from './contract';

export class MalformedEventError extends Error {
  constructor(readonly event: unknown) {
    super(`Expected an event {"action": "snapshot"} or {"action": "copy"}; got ${safeJson(event)}`);
    this.name = 'MalformedEventError';
  }
}

/** Only the two schedules' inputs are accepted: a typo must fail loudly, not default to some action. */
export function parseEvent(event: unknown): DbSnapshotEvent {
  const action = (event as { action?: unknown } | null)?.action;
  if (typeof event === 'object' && event !== null && (action === 'snapshot' || action === 'copy')) return { action };
  throw new MalformedEventError(event);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
}
