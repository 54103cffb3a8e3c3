import type { PageLimits } from '../shared/backup/pages';
import { withThrottlingRetry } from '../shared/retry';
import { assertBeforeDeadline } from '../shared/time-budget';

/**
 * Every item of a paginated listing; throttled listings start over (a list is cheap to repeat, a
 * half list is wrong). More than `maxPages` pages, or reaching the deadline, fails the listing.
 */
export function allPages<P, T>(pages: () => AsyncIterable<P>, items: (page: P) => T[] | undefined, limits: PageLimits = {}): Promise<T[]> {
  return withThrottlingRetry(async () => {
    const all: T[] = [];
    let read = 0;
    assertBeforeDeadline(limits.deadline, 'Listing page 1');
    for await (const page of pages()) {
      read++;
      all.push(...(items(page) ?? []));
      if (limits.maxPages !== undefined && read >= limits.maxPages) {
        // The paginator would fetch the next page lazily; finding out whether there is one costs that page.
        if (hasNextToken(page)) throw new Error(`Listing has more than ${limits.maxPages} pages; refusing to act on part of it`);
        break;
      }
      if (hasNextToken(page)) assertBeforeDeadline(limits.deadline, `Listing page ${read + 1}`);
    }
    return all;
  });
}

/** Whether an AWS list response names a further page (Marker, NextToken or NextMarker). */
function hasNextToken(page: unknown): boolean {
  const p = page as { Marker?: string; NextToken?: string; NextMarker?: string };
  return !!(p.Marker || p.NextToken || p.NextMarker);
}
