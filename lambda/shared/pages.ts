import { assertBeforeDeadline } from './time-budget';

/** Bounds on a listing: it may not run on for ever, and a partial one is never returned. */
export interface PageLimits {
  /** Pages read at most; one more means the listing fails. @default no limit */
  readonly maxPages?: number;
  /** Epoch ms after which no further page is requested (the listing fails with DeadlineReached). @default none */
  readonly deadline?: number;
}

/**
 * The pages of an SDK paginator (`paginate*`), within `limits`: one more page than `maxPages`, a
 * further page wanted past the deadline, or a page naming the same next page as the one before,
 * throws instead of being requested. Pages come from `pages`
 * as it asks for them, so what was read before the throw is the caller's to drop.
 */
export async function* limitedPages<P>(pages: AsyncIterable<P>, limits: PageLimits = {}): AsyncGenerator<P> {
  let read = 0;
  let token: string | undefined;
  assertBeforeDeadline(limits.deadline, 'Listing page 1');
  for await (const page of pages) {
    read++;
    yield page;
    const next = nextPageToken(page);
    if (!next) return;
    if (next === token) throw new Error(`Listing did not advance past "${token}"`);
    token = next;
    if (limits.maxPages !== undefined && read >= limits.maxPages)
      throw new Error(`Listing has more than ${limits.maxPages} pages; refusing to act on part of it`);
    assertBeforeDeadline(limits.deadline, `Listing page ${read + 1}`);
  }
}

/**
 * Every item of an SDK paginator's pages, or an error. Any page failing fails the whole listing:
 * callers must never act on a partial inventory (a missing page could hide the newest snapshot, and
 * "keep the newest N" would then pick the wrong ones). Running out of pages or time fails it the same way.
 */
export async function allItems<P, T>(
  pages: AsyncIterable<P>,
  items: (page: P) => readonly T[] | undefined,
  limits: PageLimits = {},
): Promise<T[]> {
  const all: T[] = [];
  for await (const page of limitedPages(pages, limits)) all.push(...(items(page) ?? []));
  return all;
}

/** The token of the further page an AWS list response names (Marker, NextToken, NextMarker or ContinuationToken), if any. */
function nextPageToken(page: unknown): string | undefined {
  const p = page as { Marker?: string; NextToken?: string; nextToken?: string; NextMarker?: string; NextContinuationToken?: string };
  return p.Marker || p.NextToken || p.nextToken || p.NextMarker || p.NextContinuationToken || undefined;
}
