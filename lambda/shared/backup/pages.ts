import { assertBeforeDeadline } from '../time-budget';

/** Bounds on a listing: it may not run on for ever, and a partial one is never returned. */
export interface PageLimits {
  /** Pages read at most; one more means the listing fails. @default no limit */
  readonly maxPages?: number;
  /** Epoch ms after which no further page is requested (the listing fails with DeadlineReached). @default none */
  readonly deadline?: number;
}

/**
 * Collects every item of a Marker-paginated AWS listing. Any page failing fails the whole
 * listing: callers must never act on a partial inventory (a missing page could hide the newest
 * snapshot, and "keep the newest N" would then pick the wrong ones). Running out of pages or time
 * fails it the same way.
 */
export async function collectPages<T>(fetch: (marker: string | undefined) => Promise<{ items: readonly T[]; marker?: string }>, limits: PageLimits = {}): Promise<T[]> {
  const items: T[] = [];
  let marker: string | undefined;
  let pages = 0;
  do {
    if (limits.maxPages !== undefined && pages >= limits.maxPages) throw new Error(`Listing has more than ${limits.maxPages} pages; refusing to act on part of it`);
    assertBeforeDeadline(limits.deadline, `Listing page ${pages + 1}`);
    const page = await fetch(marker);
    pages++;
    if (page.marker !== undefined && page.marker === marker) throw new Error(`Listing did not advance past marker "${marker}"`);
    items.push(...page.items);
    marker = page.marker || undefined;
  } while (marker);
  return items;
}

/**
 * The pages of an SDK paginator, within `limits`: one more page than `maxPages`, or a further page
 * wanted past the deadline, throws instead of being requested. Pages come from `pages` as it asks
 * for them, so what was read before the throw is the caller's to drop.
 */
export async function* limitedPages<P>(pages: AsyncIterable<P>, limits: PageLimits = {}): AsyncGenerator<P> {
  let read = 0;
  assertBeforeDeadline(limits.deadline, 'Listing page 1');
  for await (const page of pages) {
    read++;
    yield page;
    if (!hasNextPage(page)) return;
    if (limits.maxPages !== undefined && read >= limits.maxPages) throw new Error(`Listing has more than ${limits.maxPages} pages; refusing to act on part of it`);
    assertBeforeDeadline(limits.deadline, `Listing page ${read + 1}`);
  }
}

/** Whether an AWS list response names a further page (Marker, NextToken, NextMarker or ContinuationToken). */
function hasNextPage(page: unknown): boolean {
  const p = page as { Marker?: string; NextToken?: string; nextToken?: string; NextMarker?: string; NextContinuationToken?: string };
  return !!(p.Marker || p.NextToken || p.nextToken || p.NextMarker || p.NextContinuationToken);
}
